import type { Case } from '../domain/model/case.js';
import type { RuleId } from '../domain/model/finding.js';
import { RIGHT_LABELS, type RightName } from '../domain/model/rights.js';
import type { CaseStatus } from '../domain/model/status.js';
import { inPeriod, type QuarterPeriod } from '../domain/period.js';
import { type Arrival, inQuarter } from './arrivals.js';
import { countRows, increment } from './countRows.js';
import { REVIEW_STAGE_LABELS, RULE_LABELS } from './labels.js';
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
  const counts = new Map<string, number>();
  for (const part of parts) {
    for (const rule of part.failedRules) increment(counts, rejectionCounter.rule(rule));
    for (const right of part.rightsViolations) increment(counts, rejectionCounter.right(right));
    for (const [stage, reason] of part.reasons) increment(counts, rejectionCounter.reason(stage, reason));
  }
  return rejectionFiguresFromCounts(counts);
}

/** The names under which rejections are counted (quarterSums.ts keeps them with the quarter's other sums). */
export const rejectionCounter = {
  rule: (r: RuleId) => `rule#${r}`,
  right: (r: RightName) => `right#${r}`,
  reason: (stage: ReasonRow['stage'], reason: string) => `reason#${stage}#${reason}`,
};

/** The rejection figures from counters named by rejectionCounter (other names are ignored). */
export function rejectionFiguresFromCounts(
  counts: ReadonlyMap<string, number>,
): QuarterlyReport['rejections'] {
  const failedRules = new Map<RuleId, number>();
  const violatedRights = new Map<RightName, number>();
  const reasons = new Map<string, ReasonRow>();
  for (const [name, n] of counts) {
    if (n === 0) continue;
    if (name.startsWith('rule#')) failedRules.set(name.slice(5) as RuleId, n);
    else if (name.startsWith('right#')) violatedRights.set(name.slice(6) as RightName, n);
    else if (name.startsWith('reason#')) {
      const rest = name.slice(7);
      const cut = rest.indexOf('#');
      const stage = rest.slice(0, cut) as ReasonRow['stage'];
      const reason = rest.slice(cut + 1);
      reasons.set(name, {
        stage,
        stageZh: REVIEW_STAGE_LABELS[stage].zh,
        stageEn: REVIEW_STAGE_LABELS[stage].en,
        reason,
        count: n,
      });
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
