import { keys } from '../adapters/keys.js';
import {
  type CertificateHolder,
  certificateKey,
  certificateNumbers,
  holderOf,
} from '../adapters/table/certificates.js';
import { storedHousehold } from '../adapters/table/registryRepository.js';
import type { RegistryImportError } from '../contract/registryImports.js';
import {
  type AppliedHousehold,
  applyHousehold,
  fileCertificateHolders,
  type HouseholdOutcome,
  type Prefetched,
} from './applyHousehold.js';
import { batchGetItems, itemAt } from './batchRead.js';
import type { ParsedHousehold } from './types.js';

/**
 * Every household of a file applied (./applyHousehold.ts, each all-or-nothing), fast enough for 10 000
 * households in well under a minute: the stored households and the certificate items they touch are read
 * in batches (BatchGetItem, 100 keys a request) a window ahead of the writes, not one by one; the land
 * claims are read only for a stored household whose land the file drops or changes; the transactions,
 * one per household, run CONCURRENCY at a time. A transaction that loses a race reads that household
 * again on its own and decides again.
 */
export const CONCURRENCY = 24;
/** Households read in one go, ahead of their writes. */
export const WINDOW = 250;

export type ImportCounts = Record<Exclude<HouseholdOutcome, never>, number> & { processed: number };

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
  concurrency?: number;
  /** called with the counts so far after each household; the caller decides when to write them */
  onProgress?: (counts: Readonly<ImportCounts>) => void;
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
  const windows = new Map<number, Promise<Prefetched[]>>();
  const windowOf = (w: number) => {
    let found = windows.get(w);
    if (!found) {
      found = prefetch(households.slice(w * WINDOW, (w + 1) * WINDOW));
      windows.set(w, found);
    }
    return found;
  };
  let next = 0;
  const worker = async () => {
    while (next < households.length) {
      const i = next;
      next += 1;
      const w = Math.floor(i / WINDOW);
      // the next window is read while this one writes
      if ((w + 1) * WINDOW < households.length) void windowOf(w + 1).catch(() => undefined);
      const prefetched = (await windowOf(w))[i - w * WINDOW];
      windows.delete(w - 1);
      const parsed = households[i];
      if (!parsed) continue;
      const applied = await applyHousehold(parsed, run, prefetched);
      results[i] = applied;
      counts[applied.outcome] += 1;
      counts.processed += 1;
      opts.onProgress?.(counts);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? CONCURRENCY }, worker));
  return { counts, errors: results.flatMap((r) => r?.errors ?? []) };
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
