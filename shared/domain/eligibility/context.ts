import type { Application } from '../model/application.js';
import type { Finding, RuleId } from '../model/finding.js';
import type { Household } from '../model/household.js';
import type { PolicyParameters } from '../model/policy.js';
import type { Village } from '../model/village.js';

/**
 * Another case of the same household that holds land this case may want: one still open, or one that
 * has already exited it (agreement signed, or closed), with what it holds. An equity exit holds no land:
 * it is listed (with its shares) so that E-NO-DUPLICATE sees a household's other open equity exit.
 */
export interface OpenCaseRef {
  caseId: string;
  type: Application['type'];
  parcelIds: readonly string[];
  plotIds: readonly string[];
  /** the other case signed its agreement (or closed): the land is exited for good, not merely in a case */
  exited?: boolean;
  /** equity_exit only: the shares that case gives up */
  shares?: number;
}

/** The most parcels or plots one case may cover (../model/application.ts). */
export { MAX_LAND_PER_CASE } from '../model/application.js';

/** One parcel or plot another case holds, in the words of H-NO-DUPLICATE / C-NO-DUPLICATE and the appeal. */
export function heldByText(
  kind: 'parcel' | 'plot',
  id: string,
  holder: { caseId: string; exited?: boolean | undefined },
): { zh: string; en: string } {
  const zhLand = kind === 'parcel' ? `宅基地 ${id}` : `地块 ${id}`;
  const enLand = `${kind} ${id}`;
  if (holder.exited) {
    return {
      zh: `${zhLand} 已在案件 ${holder.caseId} 中签订退出协议，${kind === 'parcel' ? '该宗地' : '该地块'}已退出`,
      en: `${enLand} has already been exited in case ${holder.caseId} (agreement signed)`,
    };
  }
  return {
    zh: `${zhLand} 已在案件 ${holder.caseId} 中办理`,
    en: `${enLand} is already in open case ${holder.caseId}`,
  };
}

export interface EligibilityContext {
  application: Application;
  household: Household;
  village: Village;
  params: PolicyParameters;
  /** the day of the check (YYYY-MM-DD or ISO date-time); decides who is an adult */
  asOf: string;
  /** the household's other cases that hold land (open, or exited it) or open equity exits, this case excluded */
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
  'E-VOLUNTARY': '二(二)5',
  'E-SETTLED': '二(二)5',
  'E-SHARES': '二(二)5',
  'E-NO-DUPLICATE': '二(二)5',
  'E-PILOT': '二(二)5',
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

/** Names, ids and short items in a list: 、 in Chinese, commas in English. */
export const listZh = (items: readonly string[]) => items.join('、');
export const listEn = (items: readonly string[]) => items.join(', ');

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Several reasons of one finding, in Chinese: each may hold its own '，' and '、', so they are set apart
 * by '；' (never '、', which reads as one list), and the whole ends in '。'.
 */
export const reasonsZh = (reasons: readonly string[]) => `${reasons.join('；')}。`;

/** The same in English: each reason a sentence of its own, beginning with a capital letter. */
export const reasonsEn = (reasons: readonly string[]) =>
  reasons.map((r) => `${capitalise(r.replace(/\.$/, ''))}.`).join(' ');
