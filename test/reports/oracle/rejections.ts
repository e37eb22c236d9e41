// The quarterly report as it was computed before issue 17 (every case of the district in memory), kept
// unchanged as the oracle the projection is compared with (test/reports/projectionRows.test.ts). Not product code.
import type { Case } from '../../../shared/domain/model/case.js';
import type { RuleId } from '../../../shared/domain/model/finding.js';
import { RIGHT_LABELS, type RightName } from '../../../shared/domain/model/rights.js';
import type { CaseStatus } from '../../../shared/domain/model/status.js';
import { inPeriod, type QuarterPeriod } from '../../../shared/domain/period.js';
import { type Arrival, inQuarter } from '../../../shared/reports/arrivals.js';
import { countRows, increment } from '../../../shared/reports/countRows.js';
import { REVIEW_STAGE_LABELS, RULE_LABELS } from '../../../shared/reports/labels.js';
import type { QuarterlyReport, ReasonRow } from '../../../shared/reports/quarterlyTypes.js';

const NO_REASON = '（未填写理由）(no reason given)';

/**
 * Why cases were turned away in the quarter: failed rules of cases that became ineligible, violated
 * rights of cases the rights check blocked, and the reasons of village and fund rejections, each
 * counted once per case or decision.
 */
export function rejectionFigures(
  cases: readonly Case[],
  arrivalsOf: (c: Case) => readonly Arrival[],
  p: QuarterPeriod,
): QuarterlyReport['rejections'] {
  const failedRules = new Map<RuleId, number>();
  const violatedRights = new Map<RightName, number>();
  const reasons = new Map<string, ReasonRow>();
  const addReason = (stage: ReasonRow['stage'], text: string) => {
    const reason = text.trim() || NO_REASON;
    const key = `${stage}\u0000${reason}`;
    const row = reasons.get(key) ?? {
      stage,
      stageZh: REVIEW_STAGE_LABELS[stage].zh,
      stageEn: REVIEW_STAGE_LABELS[stage].en,
      reason,
      count: 0,
    };
    row.count += 1;
    reasons.set(key, row);
  };
  for (const c of cases) {
    const reached = (s: CaseStatus) => arrivalsOf(c).some((a) => a.status === s && inQuarter(a.ms, p));
    if (reached('ineligible')) {
      for (const rule of new Set(c.findings.filter((f) => !f.passed).map((f) => f.ruleId))) {
        increment(failedRules, rule);
      }
    }
    if (reached('rights_blocked')) {
      for (const right of new Set((c.rightsCheck?.violations ?? []).map((v) => v.right))) {
        increment(violatedRights, right);
      }
    }
    for (const review of c.reviews) {
      if (review.decision !== 'reject' || !inPeriod(review.at, p)) continue;
      const texts = [...new Set(review.reasons.map((r) => r.trim()).filter((r) => r.length > 0))];
      if (texts.length === 0) addReason('village_review', '');
      for (const text of texts) addReason('village_review', text);
    }
    for (const approval of c.advance?.approvals ?? []) {
      if (approval.decision === 'reject' && inPeriod(approval.at, p)) addReason('fund_review', approval.note);
    }
  }
  return {
    failedRules: countRows(failedRules, (r) => RULE_LABELS[r]),
    rightsViolations: countRows(violatedRights, (r) => RIGHT_LABELS[r]),
    reviewReasons: [...reasons.values()].sort(
      (a, b) => b.count - a.count || a.stage.localeCompare(b.stage) || a.reason.localeCompare(b.reason),
    ),
  };
}
