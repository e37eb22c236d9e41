import { inPeriod, type QuarterPeriod } from '../domain/period.js';
import type { LedgerBucket, LedgerQuarterSums } from '../fund/ledgerQuarter.js';
import type { MoneyRow, QuarterlyReport, ReportLedgerEntry } from './quarterlyTypes.js';

/** Entries of the quarter, each entry id once (a stored entry is never read twice, but cheap to be sure). */
export function quarterEntries(entries: readonly ReportLedgerEntry[], p: QuarterPeriod): ReportLedgerEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (!inPeriod(e.at, p) || seen.has(e.entryId)) return false;
    seen.add(e.entryId);
    return true;
  });
}

/**
 * The fund's movements in the quarter, in integer fen, from the quarter's ledger sums (the stored item,
 * or the entries summed, shared/fund/ledgerQuarter.ts): advances, replenishments by source, reversals by
 * the account they move money back to or from, the net figures and the effect on the fund's cash.
 */
export function fundFigures(ledger: LedgerQuarterSums): Omit<QuarterlyReport['fund'], 'tranches'> {
  const row = (b: LedgerBucket): MoneyRow => ({ count: ledger.count[b], amountFen: ledger.fen[b] });
  return {
    advanced: row('advanced'),
    replenished: {
      ...row('replenished'),
      bySource: {
        quota_sale: row('source_quota_sale'),
        appropriation: row('source_appropriation'),
        unspecified: row('source_unspecified'),
      },
    },
    reversals: {
      ...row('reversals'),
      byAccount: {
        advances: row('account_advances'),
        quota_sales: row('account_quota_sales'),
        appropriations: row('account_appropriations'),
      },
    },
    netAdvancedFen: ledger.fen.advanced - ledger.fen.account_advances,
    netReplenishedFen:
      ledger.fen.replenished - ledger.fen.account_quota_sales - ledger.fen.account_appropriations,
    netCashFen: ledger.netCashFen,
  };
}
