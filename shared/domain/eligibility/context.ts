import type { Application } from '../model/application.js';
import type { Finding, RuleId } from '../model/finding.js';
import type { Household } from '../model/household.js';
import type { PolicyParameters } from '../model/policy.js';
import type { Village } from '../model/village.js';

/** Another case of the same household that is still open, with what it covers. */
export interface OpenCaseRef {
  caseId: string;
  type: Application['type'];
  parcelIds: readonly string[];
  plotIds: readonly string[];
}

export interface EligibilityContext {
  application: Application;
  household: Household;
  village: Village;
  params: PolicyParameters;
  /** the day of the check (YYYY-MM-DD or ISO date-time); decides who is an adult */
  asOf: string;
  /** the household's other open cases, this case excluded */
  otherOpenCases: readonly OpenCaseRef[];
}

/** Clause of the Zibo plan each rule enforces. */
export const CLAUSES: Record<RuleId, string> = {
  'H-VOLUNTARY': '二(二)3',
  'H-LEGAL': '二(二)2',
  'H-QUALIFIED': '二(二)3',
  'H-UNENCUMBERED': '二(二)3',
  'H-NO-DUPLICATE': '二(二)3',
  'H-PILOT': '二(二)3',
  'C-VOLUNTARY': '二(二)4(2)',
  'C-NONFARM': '二(二)4(2)',
  'C-PLOTS': '二(二)4(2)',
  'C-NO-DUPLICATE': '二(二)4(2)',
  'C-PILOT': '二(二)4(2)',
};

export function finding(
  ruleId: RuleId,
  passed: boolean,
  messageZh: string,
  messageEn: string,
  subjects: readonly string[] = [],
): Finding {
  return { ruleId, clause: CLAUSES[ruleId], passed, messageZh, messageEn, subjects: [...subjects] };
}

export const listZh = (items: readonly string[]) => items.join('、');
export const listEn = (items: readonly string[]) => items.join(', ');
