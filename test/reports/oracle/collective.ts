// The quarterly report as it was computed before issue 17 (every case of the district in memory), kept
// unchanged as the oracle the projection is compared with (test/reports/projectionRows.test.ts). Not product code.
import type { Case } from '../../../shared/domain/model/case.js';
import type { Tranche } from '../../../shared/domain/model/tranche.js';
import { inPeriod, type QuarterPeriod } from '../../../shared/domain/period.js';
import type { MoneyRow, QuarterlyReport } from '../../../shared/reports/quarterlyTypes.js';

/**
 * Who pays (DOMAIN.md wave 2): the collective's payments of contract land and equity, shown apart from
 * the special fund (its ledger never carries them). From the cases' payment schedules:
 * - `recorded`: tranches the village recorded as paid in the quarter (`paidAt`), in all and by case type;
 * - `confirmed`: receipts the household confirmed in the quarter (`confirmedAt`);
 * - `disputed`: tranches whose latest dispute was raised in the quarter (`dispute.at`);
 * - `outstanding`: now (when the report is made): due and not recorded, or recorded and not confirmed;
 * - `sharesRedeemed`: equity shares that left households in the quarter (the confirmed payment), and the
 *   cases they came from.
 */
const row = (): MoneyRow => ({ count: 0, amountFen: 0 });
const add = (r: MoneyRow, t: Tranche) => {
  r.count += 1;
  r.amountFen += t.amountFen;
};

export function collectiveFigures(cases: readonly Case[], p: QuarterPeriod): QuarterlyReport['collective'] {
  const recorded = { ...row(), contractLand: row(), equity: row() };
  const confirmed = row();
  const disputed = row();
  const outstanding = row();
  const equity = { cases: 0, shares: 0 };
  for (const c of cases) {
    for (const t of c.paymentSchedule ?? []) {
      if (t.payer !== 'collective') continue;
      if (t.paidAt && inPeriod(t.paidAt, p)) {
        add(recorded, t);
        add(c.type === 'equity_exit' ? recorded.equity : recorded.contractLand, t);
      }
      if (t.confirmedAt && inPeriod(t.confirmedAt, p)) add(confirmed, t);
      if (t.dispute && inPeriod(t.dispute.at, p)) add(disputed, t);
      if (t.status === 'payable' || t.status === 'paid' || t.status === 'disputed') add(outstanding, t);
    }
    const cancelled = c.equity?.sharesCancelledAt;
    if (c.application.type === 'equity_exit' && cancelled && inPeriod(cancelled, p)) {
      equity.cases += 1;
      equity.shares += c.application.shares;
    }
  }
  return {
    recorded,
    confirmed,
    disputed,
    outstanding,
    sharesRedeemed: equity,
    basisZh:
      '承包地和集体资产股权退出补偿由村集体（或其指定的承接方）支付，不经专项基金、不记入基金台账；按村集体登记支付、农户确认收款、农户提出异议的时间计入季度；“未结清”为制表时应付未付或已付未确认的款项',
    basisEn:
      "contract-land and equity compensation is paid by the village collective (or the taker it names), never by the special fund and never in its ledger; counted in the quarter the village recorded the payment, the household confirmed it or disputed it; 'outstanding' is what is due or unconfirmed when the report is made",
  };
}
