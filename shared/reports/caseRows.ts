import type { Case } from '../domain/model/case.js';
import type { CaseStatus } from '../domain/model/status.js';
import { inPeriod, quarterPeriod, ziboQuarterOf } from '../domain/period.js';
import { arrivals, inQuarter } from './arrivals.js';
import type { CaseNow, CaseQuarterRow } from './caseRowSchema.js';
import { caseCollective, caseOutstanding } from './collective.js';
import { exitArrival, exitPart, type LandRecord } from './exits.js';
import { caseRejections } from './rejections.js';
import { caseStageSpans, caseTransitions } from './stageDurations.js';

/**
 * What one case adds to the quarterly reports (definitions: quarterly.ts), quarter by quarter, so that a
 * report reads the rows of its quarter instead of every case of the district: the report of a quarter
 * is the sum of its rows, exactly as it was computed from the cases (test/reports/projectionRows.test.ts
 * compares both). A case has a row in every quarter in which something of it happened (created, a
 * status reached, a review, a fund decision, a collective payment, shares redeemed), and a "now" part
 * (status, type, outstanding tranches) counted in the quarter it was created.
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

export const quarterKey = (q: { year: number; quarter: number }) => `${q.year}-Q${q.quarter}`;

/** Every Zibo quarter in which something of the case happened that a report counts. */
function quartersOf(c: Case): Set<string> {
  const times: (string | undefined)[] = [
    c.createdAt,
    ...c.timeline.map((e) => e.at),
    ...c.reviews.map((r) => r.at),
    ...(c.advance?.approvals ?? []).map((a) => a.at),
    ...(c.paymentSchedule ?? []).flatMap((t) => [t.paidAt, t.confirmedAt, t.dispute?.at]),
    c.equity?.sharesCancelledAt,
  ];
  const out = new Set<string>();
  for (const at of times) {
    const ms = at === undefined ? Number.NaN : Date.parse(at);
    if (Number.isFinite(ms)) out.add(quarterKey(ziboQuarterOf(ms)));
  }
  return out;
}

const isEmptyCollective = (x: NonNullable<CaseQuarterRow['collective']>) =>
  x.recorded.count === 0 && x.confirmed.count === 0 && x.disputed.count === 0 && x.sharesRedeemed === 0;

/**
 * The case's row of every quarter it adds something to, keyed `{year}-Q{quarter}`. `household` is the
 * registry record of its household (the areas of the land that left it); without it the areas come from
 * the signed offer, as the report did when the registry no longer held an item. A case must carry its
 * whole timeline (shared/reports/source.ts reads the entries moved out of a long one).
 */
export function caseQuarterRows(c: Case, household: LandRecord | undefined): Map<string, CaseQuarterRow> {
  const list = arrivals(c);
  const exit = exitArrival(c);
  const rows = new Map<string, CaseQuarterRow>();
  for (const key of [...quartersOf(c)].sort()) {
    const [year, quarter] = key.split('-Q').map(Number) as [number, number];
    const p = quarterPeriod(year, quarter);
    const rejections = caseRejections(c, list, p);
    const collective = caseCollective(c, p);
    const row: CaseQuarterRow = {
      caseId: c.caseId,
      version: c.version,
      created: inPeriod(c.createdAt, p),
      reached: ACTIVITY_STATUSES.filter((s) => list.some((a) => a.status === s && inQuarter(a.ms, p))),
      ...(exit && inQuarter(exit.ms, p) ? { exit: exitPart(c, household) } : {}),
      spans: caseStageSpans(list, p),
      transitions: caseTransitions(list, p),
      ...rejections,
      ...(isEmptyCollective(collective) ? {} : { collective }),
    };
    const empty =
      !row.created &&
      row.reached.length === 0 &&
      !row.exit &&
      Object.keys(row.spans).length === 0 &&
      row.transitions.length === 0 &&
      row.failedRules.length === 0 &&
      row.rightsViolations.length === 0 &&
      row.reasons.length === 0 &&
      !row.collective;
    if (!empty) rows.set(key, row);
  }
  return rows;
}

/** What the case adds to the district's figures now (undefined: a createdAt that does not read). */
export function caseNow(c: Case): CaseNow | undefined {
  const ms = Date.parse(c.createdAt);
  if (!Number.isFinite(ms)) return undefined;
  return {
    createdQuarter: quarterKey(ziboQuarterOf(ms)),
    status: c.status,
    type: c.type,
    outstanding: caseOutstanding(c),
  };
}

/** Whether the case exits at some time (then its household's registry record gives the areas). */
export const caseExits = (c: Case): boolean => exitArrival(c) !== undefined;
