import { eachLimited } from '../adapters/eachLimited.js';
import { keys } from '../adapters/keys.js';
import { batchGetItems, itemAt } from '../adapters/table/batchGet.js';
import {
  type CertificateHolder,
  certificateKey,
  certificateNumbers,
  holderOf,
} from '../adapters/table/certificates.js';
import { type TransactItem, transact } from '../adapters/table/dynamo.js';
import { storedHousehold } from '../adapters/table/registryRepository.js';
import type { RegistryImportError } from '../contract/registryImports.js';
import {
  type AppliedHousehold,
  applyHousehold,
  type Decision,
  decideHousehold,
  fileCertificateHolders,
  type HouseholdOutcome,
  type Prefetched,
} from './applyHousehold.js';
import type { ParsedHousehold } from './types.js';

/**
 * Every household of a file applied (./applyHousehold.ts, each all-or-nothing), fast enough for 10 000
 * households in under a minute on DynamoDB Local:
 * - reads in batches, READ_AHEAD windows ahead: the stored households and the certificate items they touch
 *   (BatchGetItem, 100 keys a request), not one by one; the land claims only for a stored household
 *   whose land the file drops or changes;
 * - each household decided as a registrar's PUT would be (decideHousehold), DECIDE_CONCURRENCY at once,
 *   a window while the window before it is written;
 * - the writes of several households in one TransactWriteItems (at most GROUP_ITEMS items: a household
 *   is ≈ 4–6 items), GROUPS_IN_FLIGHT at once. A transaction's fixed cost dominates on DynamoDB Local
 *   (≈ 4 times the items a second in transactions of 100 items than of 5), and a group is still all or
 *   nothing for each of its households. A group that is cancelled (a registrar's PUT or a case slipped in
 *   between the read and the write) writes nothing; each of its households is then applied on its own,
 *   read again and decided again (applyHousehold), so a lost race costs that group a second round only.
 */
export const WINDOW = 250;
export const READ_AHEAD = 2;
export const DECIDE_CONCURRENCY = 16;
export const GROUP_ITEMS = 100;
export const GROUPS_IN_FLIGHT = 6;

export type ImportCounts = Record<HouseholdOutcome, number> & { processed: number };

export const emptyCounts = (): ImportCounts => ({
  processed: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  conflict: 0,
  rejected: 0,
});

export interface ApplyOptions {
  importId: string;
  actor: string;
  now: string;
  /** called with the counts so far as households are done; the caller decides when to write them */
  onProgress?: (counts: Readonly<ImportCounts>) => void;
}

interface PendingWrite {
  index: number;
  decision: Extract<Decision, { write: object }>;
}

export async function applyHouseholds(
  households: readonly ParsedHousehold[],
  opts: ApplyOptions,
): Promise<{ counts: ImportCounts; errors: RegistryImportError[] }> {
  const run = {
    importId: opts.importId,
    actor: opts.actor,
    now: opts.now,
    fileHolders: fileCertificateHolders(households),
  };
  const counts = emptyCounts();
  const results: (AppliedHousehold | undefined)[] = new Array(households.length);
  const done = (index: number, applied: AppliedHousehold) => {
    results[index] = applied;
    counts[applied.outcome] += 1;
    counts.processed += 1;
  };
  // reads READ_AHEAD windows ahead of the one being decided and written
  const reads = new Map<number, Promise<Prefetched[]>>();
  const readFrom = (start: number) => {
    if (start >= households.length || reads.has(start)) return;
    const reading = prefetch(households.slice(start, start + WINDOW));
    // handled when awaited, later; until then a failure must not count as unhandled
    reading.catch(() => undefined);
    reads.set(start, reading);
  };
  let writing: Promise<void> = Promise.resolve();
  for (let start = 0; start < households.length; start += WINDOW) {
    for (let ahead = 0; ahead <= READ_AHEAD; ahead++) readFrom(start + ahead * WINDOW);
    const window = households.slice(start, start + WINDOW);
    const read = (await reads.get(start)) ?? [];
    reads.delete(start);
    const writes: PendingWrite[] = [];
    await eachLimited(window, DECIDE_CONCURRENCY, async (parsed, j) => {
      const decision = await decideHousehold(parsed, run, read[j]);
      if (decision.applied) done(start + j, decision.applied);
      else writes.push({ index: start + j, decision });
    });
    opts.onProgress?.(counts);
    // this window's writes start when the last window's have ended, and run while the next is decided
    const previous = writing;
    writing = previous.then(() =>
      eachLimited(groups(writes), GROUPS_IN_FLIGHT, async (group) => {
        try {
          await transact(group.flatMap((w) => w.decision.write.items));
          for (const w of group) done(w.index, { outcome: w.decision.outcome, errors: [] });
        } catch {
          // nothing of the group was written: each household on its own, read again, decided again
          for (const w of group) {
            const parsed = households[w.index];
            if (parsed) done(w.index, await applyHousehold(parsed, run));
          }
        }
        opts.onProgress?.(counts);
      }),
    );
    writing.catch(() => undefined);
    await previous;
  }
  await writing;
  return { counts, errors: results.flatMap((r) => r?.errors ?? []) };
}

/** A transaction item's key (one item may appear once in a transaction). */
function keyOf(item: TransactItem): string {
  const key = item.Put?.Item ?? item.Delete?.Key ?? item.Update?.Key ?? item.ConditionCheck?.Key ?? {};
  return `${String(key.PK)}\u0000${String(key.SK)}`;
}

/** Writes packed into transactions of at most GROUP_ITEMS items, no item twice in one, in file order. */
function groups(writes: readonly PendingWrite[]): PendingWrite[][] {
  const sorted = [...writes].sort((a, b) => a.index - b.index);
  const out: PendingWrite[][] = [];
  let current: PendingWrite[] = [];
  let size = 0;
  let keys = new Set<string>();
  for (const w of sorted) {
    const own = w.decision.write.items.map(keyOf);
    if (current.length > 0 && (size + own.length > GROUP_ITEMS || own.some((k) => keys.has(k)))) {
      out.push(current);
      current = [];
      size = 0;
      keys = new Set();
    }
    current.push(w);
    size += own.length;
    for (const k of own) keys.add(k);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The stored records of a window's households, then who holds each certificate number they touch. */
async function prefetch(window: readonly ParsedHousehold[]): Promise<Prefetched[]> {
  const items = await batchGetItems(window.map((p) => keys.household(p.household.householdId)));
  const stored = window.map((p) => storedHousehold(itemAt(items, keys.household(p.household.householdId))));
  const numbers = window.map((p, i) => certificateNumbers(stored[i]?.household, p.household));
  const certificates = await batchGetItems(
    numbers.flatMap((byNorm) => [...byNorm.values()].map((entered) => certificateKey(entered))),
  );
  return window.map((_, i) => {
    const holders = new Map<string, CertificateHolder | undefined>();
    for (const [norm, entered] of numbers[i] ?? [])
      holders.set(norm, holderOf(itemAt(certificates, certificateKey(entered))));
    return { stored: stored[i] ?? storedHousehold(undefined), holders };
  });
}
