// The quarterly report as it was computed before issue 17 (every case of the district in memory), kept
// unchanged as the oracle the projection is compared with (test/reports/projectionRows.test.ts). Not product code.
import { type CaseType, caseTypeSchema } from '../../../shared/domain/model/application.js';
import type { Case } from '../../../shared/domain/model/case.js';
import { DISTRICTS } from '../../../shared/domain/model/common.js';
import { CASE_STATUSES, type CaseStatus } from '../../../shared/domain/model/status.js';
import { inPeriod, quarterLabel, quarterPeriod } from '../../../shared/domain/period.js';
import { arrivals, inQuarter } from '../../../shared/reports/arrivals.js';
import { countRows, increment } from '../../../shared/reports/countRows.js';
import { quarterEntries } from '../../../shared/reports/fundFigures.js';
import { CASE_TYPE_LABELS, STATUS_LABELS } from '../../../shared/reports/labels.js';
import { eventFigures } from '../../../shared/reports/landLeg.js';
import { type ProjectionView, projectionView } from '../../../shared/reports/projection.js';
import type {
  LandRecords,
  QuarterlyReport,
  QuarterlyReportInput,
  ReportLedgerEntry,
} from '../../../shared/reports/quarterlyTypes.js';
import { collectiveFigures } from './collective.js';
import { exitedCases, exitFigures } from './exits.js';
import { fundFigures } from './fund.js';
import { rejectionFigures } from './rejections.js';
import { durationFigures } from './stageDurations.js';

export { arrivals } from '../../../shared/reports/arrivals.js';
export type {
  CountRow,
  DurationRow,
  LandRecords,
  MoneyRow,
  QuarterlyReport,
  QuarterlyReportInput,
  ReasonRow,
  ReportLedgerEntry,
  TrancheMilestoneRow,
  TrancheRow,
} from '../../../shared/reports/quarterlyTypes.js';
export { exitArrival, exitedCases } from './exits.js';
export { durationStats, STAGES, type StageDefinition } from './stageDurations.js';

/**
 * Quarterly monitoring report of one district (四(四) 季度报告): a pure function of the district's cases,
 * the fund ledger entries of the quarter and the registry records of the land that left households.
 *
 * Definitions (each one is what an auditor would otherwise have to guess):
 * - The quarter is a calendar quarter by the date in Zibo (UTC+8, DOMAIN.md): Q1 runs from 1 January
 *   00:00 to 1 April 00:00 Zibo time; every instant is compared as an instant, offsets included.
 * - "Cases by status / by type": the status each case has now, for cases created before the quarter
 *   ended (a report re-run later shows where those cases stand then).
 * - "Activity": distinct cases that arrived at a status during the quarter, read from the timeline
 *   (an entry whose status differs from the one before it; same-status entries are notes).
 * - "Exited": a case exits in the quarter in which it FIRST reaches disbursed, reserved or closed, so a
 *   case paid in Q1 and reserved in Q2 counts once, in Q1. Its parcels (homestead) or plots (contract
 *   land) are those the agreement lists as surrendered (else those the application names).
 * - Areas: from the registry records passed in `reserve`; when the registry no longer holds an item,
 *   from the priced lines of the signed offer (the area the household was paid for). An item found in
 *   neither is listed in `exits.unknownAreaItems` and adds nothing, never a guess.
 * - Quota (节余建设用地指标): homestead area exited ÷ 666.67 m²/mu. Only homestead land is construction
 *   land; contract land is farmland and produces no quota. Exact: areas are summed in 0.01 m² as
 *   bigint, 666.67 m² = 66 667 centi-m², and mu = centi-m² × 10 000 ÷ 66 667 rounded half-up once, to 4
 *   decimals (四舍五入), on the quarter's total. Quota sold is the sum of `quotaMu4` (1/10 000 mu) that
 *   the fund records on the quarter's quota-sale replenishments.
 * - Who pays (wave 2): the collective's payments of contract land and equity are in `collective`
 *   (collective.ts), never in `fund`: the special fund's ledger does not carry them. An equity exit counts
 *   in `exits.equity` (shares, no land) in the quarter it closes.
 * - Money: ledger entries dated in the quarter, integer fen. A reversal is attributed to the account it
 *   moves money back to or from (advances, quota_sales, appropriations), so net figures need no lookup
 *   of the reversed entry, which may lie in an earlier quarter.
 * - Stage durations: a stage A→B is measured when a case arrives at B during the quarter, from its
 *   latest arrival at A with no arrival at B in between (a case that loops back is measured on its last
 *   round). `transitions` lists every pair of consecutive statuses the same way (time spent in A).
 *   Days are exact milliseconds ÷ 86 400 000, median and max rounded half-up to 2 decimals.
 * - Rejection reasons: failed rule ids of cases that became ineligible in the quarter (their stored,
 *   latest assessment), violated rights of cases blocked by the rights check, and the reasons given by
 *   village reviews and fund decisions that rejected in the quarter, each counted once per case/decision.
 * - From the domain events, through the reporting projection of the district and quarter
 *   (projection.ts, which counts each event once, in the Zibo quarter of its `at`):
 *   - `landLeg`: milestones recorded (MilestoneRecorded) by kind, the `disposed` ones by disposition,
 *     and their accepted area (exact, 0.01 m²);
 *   - `quota.produced`: the accepted area of `disposed` + `reclaimed` (the only quota that accrues in
 *     wave 2), in m² and in mu (rounded once, on the total). `quota.mu` above stays the wave-1 figure
 *     (area exited), `quota.soldMu` the ledger's;
 *   - `quota.sold`: the quota-sale FundReplenished events: Σ quotaM2 (m², and in mu) plus, for a sale
 *     that states only quotaMu4, its mu (counted in `salesInMuOnly`, not in the area); a sale that
 *     states neither is counted in `salesWithoutQuota`;
 *   - `fund.tranches`: the AdvanceDisbursed events by tranche number (absent: tranche 1) and by the
 *     milestone they fell due at (absent: approval), count and Σ amountFen; their total is the events'
 *     money advanced. `fund.advanced` stays the ledger's figure: the two
 *     agree when every payment wrote one advance entry and published one event in the same quarter.
 *   Without a projection (tests, a district with no event yet) these figures are zero.
 *
 * This module assembles the report; the figures are computed by idea beside it: exits.ts (exits, areas,
 * quota), fundFigures.ts, stageDurations.ts, rejections.ts, landLeg.ts (the events' figures), with the
 * report's types in quarterlyTypes.ts.
 */

/** What the activity table counts, in life-cycle order ('created' comes from createdAt). */
export const ACTIVITY_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'resubmitted',
  'ineligible',
  'rights_blocked',
  'rejected',
  'withdrawn',
  'agreement_signed',
  'rescinded',
  'disbursed',
  'closed',
];

export function quarterlyReport(
  allCases: readonly Case[],
  ledgerEntries: readonly ReportLedgerEntry[],
  input: QuarterlyReportInput,
  reserve?: LandRecords,
  projection?: ProjectionView,
): QuarterlyReport {
  const p = quarterPeriod(input.year, input.quarter);
  if (
    projection &&
    (projection.district !== input.district ||
      projection.year !== input.year ||
      projection.quarter !== input.quarter)
  ) {
    throw new Error(
      `the projection of ${projection.district} ${projection.year}-Q${projection.quarter} is not the report's`,
    );
  }
  const fromEvents = eventFigures(projection ?? projectionView(input.district, input, undefined));
  const label = quarterLabel(input.year, input.quarter);
  const cases = allCases.filter((c) => c.districtCode === input.district);
  const timelines = new Map(cases.map((c) => [c.caseId, arrivals(c)]));
  const arrivalsOf = (c: Case) => timelines.get(c.caseId) ?? [];

  // cases by status and type, now, for cases that existed by the end of the quarter
  const existing = cases.filter((c) => Date.parse(c.createdAt) < p.endMs);
  const byStatus = new Map<CaseStatus, number>();
  const byType = new Map<CaseType, number>();
  for (const c of existing) {
    increment(byStatus, c.status);
    increment(byType, c.type);
  }

  // activity in the quarter: distinct cases per status reached
  const activity = new Map<string, number>();
  activity.set('created', cases.filter((c) => inPeriod(c.createdAt, p)).length);
  for (const status of ACTIVITY_STATUSES) {
    activity.set(
      status,
      cases.filter((c) => arrivalsOf(c).some((a) => a.status === status && inQuarter(a.ms, p))).length,
    );
  }

  const entries = quarterEntries(ledgerEntries, p);
  const { exits, quota } = exitFigures(exitedCases(cases, input), entries, reserve);
  const { stageDurations, transitions } = durationFigures(cases, arrivalsOf, p);
  const district = DISTRICTS[input.district];
  return {
    reportType: 'quarterly_monitoring',
    district: { code: input.district, zh: district.zh, en: district.en },
    year: input.year,
    quarter: input.quarter,
    period: {
      start: p.start,
      end: p.end,
      firstDay: p.firstDay,
      lastDay: p.lastDay,
      labelZh: label.zh,
      labelEn: label.en,
    },
    generatedAt: input.generatedAt ?? null,
    cases: {
      createdByQuarterEnd: existing.length,
      byStatus: countRows(byStatus, (s) => STATUS_LABELS[s], CASE_STATUSES),
      byType: countRows(byType, (t) => CASE_TYPE_LABELS[t], caseTypeSchema.options),
    },
    activity: countRows(
      activity,
      (k) => (k === 'created' ? { zh: '新建申请', en: 'created' } : STATUS_LABELS[k as CaseStatus]),
      ['created', ...ACTIVITY_STATUSES],
    ),
    exits,
    landLeg: fromEvents.landLeg,
    quota: { ...quota, produced: fromEvents.quotaProduced, sold: fromEvents.quotaSold },
    fund: { ...fundFigures(entries), tranches: fromEvents.tranches },
    collective: collectiveFigures(cases, p),
    stageDurations,
    transitions,
    rejections: rejectionFigures(cases, arrivalsOf, p),
  };
}
