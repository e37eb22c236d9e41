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

export async function ledgerEntries(district: string): Promise<StoredEntry[]> {
  const items = await queryAll(`FUND#${district}`, 'ENTRY#');
  return items.map(parseStoredEntry).sort((a, b) => a.seq - b.seq);
}

/**
 * Recomputes the fund from all its entries and compares with the balance item. Entries and the balance
 * item are written in the same transaction, so after reading the item (seq n) every entry 1…n is
 * there; entries numbered above n were written after the read and are left out, so a concurrent write
 * cannot cause a false alarm. A difference publishes LedgerReconciliationFailed (an alarm rule listens).
 */
export async function reconcile(district: string, at = new Date().toISOString()): Promise<Reconciliation> {
  const fund = await readFund(district);
  const entries = (await ledgerEntries(district)).filter((e) => e.seq <= fund.seq);
  const sum = { balanceFen: 0, advancedFen: 0, replenishedFen: 0, reversedFen: 0 };
  let chainIntact = true;
  const advancesByAgreement = new Map<string, number>();
  entries.forEach((e, i) => {
    const d = entryDeltas(e);
    sum.balanceFen += d.balanceFen;
    sum.advancedFen += d.advancedFen;
    sum.replenishedFen += d.replenishedFen;
    sum.reversedFen += d.reversedFen;
    if (e.seq !== i + 1 || e.balanceAfterFen !== sum.balanceFen || sum.balanceFen < 0) chainIntact = false;
    if (e.kind === 'advance') {
      // one advance per (agreement, tranche of its payment schedule), ever
      const key = `${e.agreementId ?? e.entryId}#${e.tranche ?? 1}`;
      advancesByAgreement.set(key, (advancesByAgreement.get(key) ?? 0) + 1);
    }
  });
  const differences: Reconciliation['differences'] = [];
  const compare = (field: string, stored: number, recomputed: number) => {
    if (stored !== recomputed) differences.push({ field, stored, recomputed });
  };
  compare('balanceFen', fund.balanceFen, sum.balanceFen);
  compare('advancedFen', fund.advancedFen, sum.advancedFen);
  compare('replenishedFen', fund.replenishedFen, sum.replenishedFen);
  compare('reversedFen', fund.reversedFen, sum.reversedFen);
  compare('seq', fund.seq, entries.length);
  const duplicateAdvances = [...advancesByAgreement].filter(([, n]) => n > 1).map(([id]) => id);
  const matches =
    differences.length === 0 && chainIntact && duplicateAdvances.length === 0 && fund.balanceFen >= 0;
  const result: Reconciliation = {
    districtCode: district,
    fund,
    entriesSumFen: sum.balanceFen,
    entryCount: entries.length,
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
          entryCount: entries.length,
          differences,
          chainIntact,
          duplicateAdvances,
        },
      },
    ]);
  }
  return result;
}
