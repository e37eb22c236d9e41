import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/clients.js';
import { getItem, tableName } from '../adapters/table/dynamo.js';
import { advanceEntryId, derivedId } from './advance.js';
import { fundKeys } from './keys.js';
import { type FundState, readFund } from './ledger.js';
import {
  advanceKey,
  concludeReconciliation,
  foldEntries,
  ledgerEntries,
  type Reconciliation,
  recomputeAll,
} from './reconcile.js';
import { advanceCheckpoint, checkpointSums, readCheckpoint } from './reconcileCheckpoint.js';
import { parseStoredEntry, type StoredEntry } from './storedEntry.js';

/**
 * The reconciliation `GET /fund` runs (issue 17): from the district's checkpoint (reconcileCheckpoint.ts)
 * it reads only the entries written since, folds them onto the checkpoint's sums, compares with the
 * balance item exactly as the full re-check does (and alarms alike), and moves the checkpoint forward
 * when they agree. Its requests do not grow with the number of old entries. Entries before the
 * checkpoint were checked when they were new; a change to one of them afterwards is found by the full
 * audit (`npm run audit:ledger`, reconcile.ts), not here (docs/fund.md, invariant 7).
 */

/**
 * Entries are keyed by their time (`ENTRY#{at}#{entryId}`), not their seq, and a writer takes `at` before
 * it waits its turn, so an entry can carry a time somewhat earlier than one numbered before it — by at
 * most the writer's invocation (every function's timeout is ≤ 30 s, infra/), plus clock skew. The read
 * starts this long before the checkpoint's latest entry time, ten times that; an entry older still (a
 * retry replaying an old time) is not lost — the seqs read then have a gap, and the reconciliation falls
 * back to the full read, once.
 */
export const ENTRY_TIME_MARGIN_MS = 5 * 60 * 1000;

/** The entries numbered after `afterSeq` up to `uptoSeq`, read from a time on (consistent, every page). */
async function entriesSince(
  district: string,
  fromMs: number,
  afterSeq: number,
  uptoSeq: number,
): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `FUND#${district}`,
          ':from': `ENTRY#${new Date(Math.max(0, fromMs)).toISOString()}`,
          // '~' sorts after every character of an ISO time and an id
          ':to': 'ENTRY#~',
        },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const e = parseStoredEntry(item);
      if (e.seq > afterSeq && e.seq <= uptoSeq) out.push(e);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out.sort((a, b) => a.seq - b.seq);
}

/** The ids an advance of this (agreement, tranche) may carry (advance.ts: a single sum, or tranche n). */
function advanceIds(e: StoredEntry): string[] {
  if (!e.agreementId) return [e.entryId];
  const tranche = e.tranche ?? 1;
  const ofTranche = derivedId('ADV', `${e.agreementId}-T${tranche}`);
  return tranche === 1 ? [advanceEntryId(e.agreementId), ofTranche] : [ofTranche];
}

/**
 * The guard items of these ids, by id: one consistent GetItem each, in parallel (the functions have no
 * BatchGetItem, infra/constructs/appFunction.ts). Only new advances are looked up: a few per call.
 */
async function guardsOf(ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Set(ids)];
  const items = await Promise.all(unique.map((id) => getItem(fundKeys.guard(id))));
  const found = new Map<string, Record<string, unknown>>();
  unique.forEach((id, i) => {
    const item = items[i];
    if (item) found.set(id, item);
  });
  return found;
}

/**
 * The duplicate-advance check for new entries, without the list of every agreement paid so far: an
 * advance must carry an id derived from its agreement and tranche, and that id's guard item (written
 * `attribute_not_exists` in the entry's transaction) must name this very entry, and the other id the same
 * tranche could have carried must have no guard. Then no other entry, old or new, pays that tranche.
 */
async function duplicateAdvancesAmong(district: string, fresh: readonly StoredEntry[]): Promise<string[]> {
  const advances = fresh.filter((e) => e.kind === 'advance');
  if (advances.length === 0) return [];
  const guards = await guardsOf(advances.flatMap(advanceIds));
  const duplicates = new Set<string>();
  const seen = new Set<string>();
  for (const e of advances) {
    const key = advanceKey(e);
    const ids = advanceIds(e);
    const guard = guards.get(e.entryId);
    const ownsGuard =
      guard?.districtCode === district && guard.entrySK === fundKeys.entry(district, e.at, e.entryId).SK;
    const otherPaid = ids.some((id) => id !== e.entryId && guards.has(id));
    if (seen.has(key) || !ids.includes(e.entryId) || !ownsGuard || otherPaid) duplicates.add(key);
    seen.add(key);
  }
  return [...duplicates];
}

function latestAtMs(entries: readonly StoredEntry[], since = 0): number {
  return entries.reduce((m, e) => Math.max(m, Date.parse(e.at)), since);
}

/** No usable checkpoint (the first call, or a gap in the entries read): every entry, then a checkpoint. */
async function fullRead(fund: FundState, at: string): Promise<Reconciliation> {
  const entries = (await ledgerEntries(fund.districtCode)).filter((e) => e.seq <= fund.seq);
  const { sum, duplicateAdvances } = recomputeAll(entries);
  const r = await concludeReconciliation(fund, sum, duplicateAdvances, at);
  if (r.matches) await advanceCheckpoint(fund.districtCode, sum, latestAtMs(entries), at);
  return r;
}

export async function reconcileIncremental(
  district: string,
  at = new Date().toISOString(),
): Promise<Reconciliation> {
  // the checkpoint first: it is at most the seq of any balance item read after it
  const checkpoint = await readCheckpoint(district);
  const fund = await readFund(district);
  if (!checkpoint || checkpoint.seq > fund.seq) return fullRead(fund, at);
  const fresh =
    checkpoint.seq === fund.seq
      ? []
      : await entriesSince(
          district,
          checkpoint.lastEntryAtMs - ENTRY_TIME_MARGIN_MS,
          checkpoint.seq,
          fund.seq,
        );
  // fewer entries than seqs: one lies before the margin (or its seq was changed) — read them all
  if (fresh.length < fund.seq - checkpoint.seq) return fullRead(fund, at);
  const sum = foldEntries(checkpointSums(checkpoint), fresh);
  const r = await concludeReconciliation(fund, sum, await duplicateAdvancesAmong(district, fresh), at);
  if (r.matches && fresh.length > 0) {
    await advanceCheckpoint(district, sum, latestAtMs(fresh, checkpoint.lastEntryAtMs), at);
  }
  return r;
}
