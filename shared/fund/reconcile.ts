import { queryAll } from '../adapters/table/dynamo.js';
import { events } from '../ports/events.js';
import { entryDeltas, type FundState, readFund } from './ledger.js';
import { parseStoredEntry, type StoredEntry } from './storedEntry.js';

export interface Reconciliation {
  districtCode: string;
  /** the balance item as read */
  fund: FundState;
  /** Σ cash effect of every entry up to the balance item's seq */
  entriesSumFen: number;
  entryCount: number;
  /** every counter of the balance item equals its recomputation from the entries, and the chain is intact */
  matches: boolean;
  differences: { field: string; stored: number; recomputed: number }[];
  /** entries numbered 1…n without gap, each carrying the balance after it */
  chainIntact: boolean;
  /** agreements with more than one advance entry (must always be empty) */
  duplicateAdvances: string[];
}

/**
 * The running recomputation of a ledger: the counters summed over entries 1…seq and whether the chain
 * held so far. The full audit folds every entry from zero; the incremental one (reconcileIncremental.ts)
 * folds the entries after its checkpoint onto the sums the checkpoint stored.
 */
export interface RunningSums {
  seq: number;
  balanceFen: number;
  advancedFen: number;
  replenishedFen: number;
  reversedFen: number;
  chainIntact: boolean;
}

export const ZERO_SUMS: RunningSums = {
  seq: 0,
  balanceFen: 0,
  advancedFen: 0,
  replenishedFen: 0,
  reversedFen: 0,
  chainIntact: true,
};

/** Adds entries (in seq order) to running sums: each must be the next seq and carry the balance after it. */
export function foldEntries(start: RunningSums, entries: readonly StoredEntry[]): RunningSums {
  const sum = { ...start };
  for (const e of entries) {
    const d = entryDeltas(e);
    sum.balanceFen += d.balanceFen;
    sum.advancedFen += d.advancedFen;
    sum.replenishedFen += d.replenishedFen;
    sum.reversedFen += d.reversedFen;
    if (e.seq !== sum.seq + 1 || e.balanceAfterFen !== sum.balanceFen || sum.balanceFen < 0) {
      sum.chainIntact = false;
    }
    sum.seq += 1;
  }
  return sum;
}

/** The key under which an advance must be unique: one per (agreement, tranche of its schedule), ever. */
export function advanceKey(e: Pick<StoredEntry, 'agreementId' | 'entryId' | 'tranche'>): string {
  return `${e.agreementId ?? e.entryId}#${e.tranche ?? 1}`;
}

export async function ledgerEntries(district: string): Promise<StoredEntry[]> {
  const items = await queryAll(`FUND#${district}`, 'ENTRY#');
  return items.map(parseStoredEntry).sort((a, b) => a.seq - b.seq);
}

/**
 * Compares the balance item with recomputed sums and, on any difference, publishes
 * LedgerReconciliationFailed (an alarm rule listens). The full and the incremental reconciliation end
 * here, so they answer and alarm alike.
 */
export async function concludeReconciliation(
  fund: FundState,
  sum: RunningSums,
  duplicateAdvances: string[],
  at: string,
): Promise<Reconciliation> {
  const district = fund.districtCode;
  const differences: Reconciliation['differences'] = [];
  const compare = (field: string, stored: number, recomputed: number) => {
    if (stored !== recomputed) differences.push({ field, stored, recomputed });
  };
  compare('balanceFen', fund.balanceFen, sum.balanceFen);
  compare('advancedFen', fund.advancedFen, sum.advancedFen);
  compare('replenishedFen', fund.replenishedFen, sum.replenishedFen);
  compare('reversedFen', fund.reversedFen, sum.reversedFen);
  compare('seq', fund.seq, sum.seq);
  const chainIntact = sum.chainIntact;
  const matches =
    differences.length === 0 && chainIntact && duplicateAdvances.length === 0 && fund.balanceFen >= 0;
  const result: Reconciliation = {
    districtCode: district,
    fund,
    entriesSumFen: sum.balanceFen,
    entryCount: sum.seq,
    matches,
    differences,
    chainIntact,
    duplicateAdvances,
  };
  if (!matches) {
    await events().publish([
      {
        // one alarm per distinct discrepancy, however often the figure is looked at
        eventId: `LedgerReconciliationFailed:${district}:${fund.seq}:${fund.balanceFen}:${sum.balanceFen}`,
        type: 'LedgerReconciliationFailed',
        at,
        actor: 'reconciliation',
        districtCode: district,
        detail: {
          balanceFen: fund.balanceFen,
          entriesSumFen: sum.balanceFen,
          seq: fund.seq,
          entryCount: sum.seq,
          differences,
          chainIntact,
          duplicateAdvances,
        },
      },
    ]);
  }
  return result;
}

/** Every entry 1…seq from zero, and the advances counted per agreement and tranche. */
export function recomputeAll(entries: readonly StoredEntry[]): {
  sum: RunningSums;
  duplicateAdvances: string[];
} {
  const advancesByAgreement = new Map<string, number>();
  for (const e of entries) {
    if (e.kind !== 'advance') continue;
    const key = advanceKey(e);
    advancesByAgreement.set(key, (advancesByAgreement.get(key) ?? 0) + 1);
  }
  return {
    sum: foldEntries(ZERO_SUMS, entries),
    duplicateAdvances: [...advancesByAgreement].filter(([, n]) => n > 1).map(([id]) => id),
  };
}

/**
 * The full re-check (the audit command, scripts/auditLedger.ts, and the tests): recomputes the fund
 * from ALL its entries and compares with the balance item. Entries and the balance item are written in
 * the same transaction, so after reading the item (seq n) every entry 1…n is there; entries numbered
 * above n were written after the read and are left out, so a concurrent write cannot cause a false
 * alarm. O(entries): `GET /fund` uses reconcileIncremental instead.
 */
export async function reconcile(district: string, at = new Date().toISOString()): Promise<Reconciliation> {
  const fund = await readFund(district);
  return reconcileRead(fund, await ledgerEntries(district), at);
}

/**
 * reconcile of a balance item and every entry read after it (those written since, numbered past its
 * seq, are left out): for a caller that needs the entries for more than this (the ledger audit).
 */
export function reconcileRead(
  fund: FundState,
  entries: readonly StoredEntry[],
  at = new Date().toISOString(),
): Promise<Reconciliation> {
  const { sum, duplicateAdvances } = recomputeAll(entries.filter((e) => e.seq <= fund.seq));
  return concludeReconciliation(fund, sum, duplicateAdvances, at);
}
