import type { Case } from '../domain/model/case.js';
import type { RuleId } from '../domain/model/finding.js';
import { RIGHT_LABELS, type RightName } from '../domain/model/rights.js';
import type { CaseStatus } from '../domain/model/status.js';
import { type Arrival, inQuarter } from './arrivals.js';
import { countRows, increment } from './countRows.js';
import { REVIEW_STAGE_LABELS, RULE_LABELS } from './labels.js';
import { inPeriod, type QuarterPeriod } from './period.js';
import type { QuarterlyReport, ReasonRow } from './quarterlyTypes.js';

const NO_REASON = '（未填写理由）(no reason given)';

/** What one case adds to the quarter's rejection figures. */
export interface RejectionPart {
  failedRules: RuleId[];
  rightsViolations: RightName[];
  /** one entry per reason counted: the stage and the reason as shown */
  reasons: [ReasonRow['stage'], string][];
}

/**
 * Why one case was turned away in the quarter: the failed rules if it became ineligible, the violated
 * rights if the rights check blocked it (its stored, latest assessment), the reasons of village and fund
 * rejections decided in the quarter, each once per case or decision.
 */
export function caseRejections(c: Case, arrivals: readonly Arrival[], p: QuarterPeriod): RejectionPart {
  const reached = (s: CaseStatus) => arrivals.some((a) => a.status === s && inQuarter(a.ms, p));
  const out: RejectionPart = { failedRules: [], rightsViolations: [], reasons: [] };
  if (reached('ineligible')) {
    out.failedRules = [...new Set(c.findings.filter((f) => !f.passed).map((f) => f.ruleId))];
  }
  if (reached('rights_blocked')) {
    out.rightsViolations = [...new Set((c.rightsCheck?.violations ?? []).map((v) => v.right))];
  }
  const addReason = (stage: ReasonRow['stage'], text: string) =>
    out.reasons.push([stage, text.trim() || NO_REASON]);
  for (const review of c.reviews) {
    if (review.decision !== 'reject' || !inPeriod(review.at, p)) continue;
    const texts = [...new Set(review.reasons.map((r) => r.trim()).filter((r) => r.length > 0))];
    if (texts.length === 0) addReason('village_review', '');
    for (const text of texts) addReason('village_review', text);
  }
  for (const approval of c.advance?.approvals ?? []) {
    if (approval.decision === 'reject' && inPeriod(approval.at, p)) addReason('fund_review', approval.note);
  }
  return out;
}

/**
 * Why cases were turned away in the quarter: failed rules of cases that became ineligible, violated
 * rights of cases the rights check blocked, and the reasons of village and fund rejections, each
 * counted once per case or decision (from what each case adds, caseRejections).
 */
export function rejectionFigures(parts: readonly RejectionPart[]): QuarterlyReport['rejections'] {
  const failedRules = new Map<RuleId, number>();
  const violatedRights = new Map<RightName, number>();
  const reasons = new Map<string, ReasonRow>();
  for (const part of parts) {
    for (const rule of part.failedRules) increment(failedRules, rule);
    for (const right of part.rightsViolations) increment(violatedRights, right);
    for (const [stage, reason] of part.reasons) {
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
