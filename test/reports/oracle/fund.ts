/*
 * The oracle's fund figures: entry by entry, as the product computed them before the ledger's quarter
 * sums (shared/fund/ledgerQuarter.ts), so that the comparison tests check the sums against them.
 */
import { fenToNumber } from '../../../shared/domain/decimal.js';
import { cashEffectFen } from '../../../shared/domain/model/ledger.js';
import type { MoneyRow, QuarterlyReport, ReportLedgerEntry } from '../../../shared/reports/quarterlyTypes.js';

function money(): { count: number; fen: bigint } {
  return { count: 0, fen: 0n };
}

function moneyRow(m: { count: number; fen: bigint }): MoneyRow {
  return { count: m.count, amountFen: fenToNumber(m.fen) };
}

/**
 * The fund's movements in the quarter, in integer fen: advances, replenishments by source, reversals by
 * the account they move money back to or from, the net figures and the effect on the fund's cash.
 */
export function fundFigures(
  entries: readonly ReportLedgerEntry[],
): Omit<QuarterlyReport['fund'], 'tranches'> {
  const advanced = money();
  const replenished = money();
  const bySource = { quota_sale: money(), appropriation: money(), unspecified: money() };
  const reversals = money();
  const byAccount = { advances: money(), quota_sales: money(), appropriations: money() };
  let netCash = 0n;
  for (const e of entries) {
    const fen = BigInt(e.amountFen);
    netCash += BigInt(cashEffectFen(e));
    const add = (m: { count: number; fen: bigint }) => {
      m.count += 1;
      m.fen += fen;
    };
    if (e.kind === 'advance') add(advanced);
    else if (e.kind === 'replenishment') {
      add(replenished);
      const source =
        e.source ??
        (e.credit === 'quota_sales'
          ? 'quota_sale'
          : e.credit === 'appropriations'
            ? 'appropriation'
            : undefined);
      add(bySource[source ?? 'unspecified']);
    } else {
      add(reversals);
      const other = e.debit === 'fund_cash' ? e.credit : e.debit;
      if (other !== 'fund_cash') add(byAccount[other]);
    }
  }
  return {
    advanced: moneyRow(advanced),
    replenished: {
      ...moneyRow(replenished),
      bySource: {
        quota_sale: moneyRow(bySource.quota_sale),
        appropriation: moneyRow(bySource.appropriation),
        unspecified: moneyRow(bySource.unspecified),
      },
    },
    reversals: {
      ...moneyRow(reversals),
      byAccount: {
        advances: moneyRow(byAccount.advances),
        quota_sales: moneyRow(byAccount.quota_sales),
        appropriations: moneyRow(byAccount.appropriations),
      },
    },
    netAdvancedFen: fenToNumber(advanced.fen - byAccount.advances.fen),
    netReplenishedFen: fenToNumber(
      replenished.fen - byAccount.quota_sales.fen - byAccount.appropriations.fen,
    ),
    netCashFen: fenToNumber(netCash),
  };
}
