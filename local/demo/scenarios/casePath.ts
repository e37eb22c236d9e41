import type { CaseStatus } from '../../../shared/domain/model/status.js';
import type { CaseView } from '../client.js';

/** The statuses a case went through, from its timeline (repeats of the same status collapsed). */
export function statusPath(c: CaseView): CaseStatus[] {
  const out: CaseStatus[] = [];
  for (const t of c.timeline) if (out.at(-1) !== t.status) out.push(t.status);
  return out;
}

/** The rules the assessment found failed, by id (`H-QUALIFIED`, …). */
export const failedRuleIds = (c: CaseView) => c.findings.filter((f) => !f.passed).map((f) => f.ruleId);
