import type { CaseType } from '../model/application.js';
import type { Finding, RuleId } from '../model/finding.js';
import { isAdultOn } from './age.js';
import { type EligibilityContext, finding, listEn, listZh, reasonsEn, reasonsZh } from './context.js';

/** The voluntariness rule of each case type (the rule is the same; the id says which exit it judges). */
const VOLUNTARY_RULE: Record<CaseType, RuleId> = {
  homestead_exit: 'H-VOLUNTARY',
  contract_land_exit: 'C-VOLUNTARY',
  equity_exit: 'E-VOLUNTARY',
};

/**
 * H-VOLUNTARY / C-VOLUNTARY / E-VOLUNTARY (自愿): every adult member has consented. Names who has not, and refuses a
 * consent given in the name of someone who is not a member of the household.
 */
export function voluntary(ctx: EligibilityContext): Finding {
  const ruleId = VOLUNTARY_RULE[ctx.application.type];
  const consented = new Set(ctx.application.consents.filter((c) => c.consented).map((c) => c.memberId));
  const memberIds = new Set(ctx.household.members.map((m) => m.memberId));
  const adults = ctx.household.members.filter((m) => isAdultOn(m.birthDate, ctx.asOf));
  const missing = adults.filter((m) => !consented.has(m.memberId));
  const strangers = [...consented].filter((id) => !memberIds.has(id));
  if (missing.length === 0 && strangers.length === 0 && ctx.application.declarations.voluntary) {
    return finding(
      ruleId,
      true,
      `全部 ${adults.length} 名成年家庭成员均已签字同意退出。`,
      `All ${adults.length} adult members of the household have consented.`,
      adults.map((m) => m.memberId),
    );
  }
  const zh: string[] = [];
  const en: string[] = [];
  if (missing.length > 0) {
    const names = missing.map((m) => m.name);
    zh.push(`以下成年家庭成员尚未签字同意：${listZh(names)}。退出必须经全体成年成员自愿同意`);
    en.push(`These adult members have not consented: ${listEn(names)}. Every adult member must agree freely`);
  }
  if (strangers.length > 0) {
    zh.push(`同意书中有非本户成员：${listZh(strangers)}`);
    en.push(`Consent was given for people who are not members of this household: ${listEn(strangers)}`);
  }
  if (!ctx.application.declarations.voluntary) {
    zh.push('申请人未声明自愿退出');
    en.push('The household has not declared that the exit is voluntary');
  }
  return finding(ruleId, false, reasonsZh(zh), reasonsEn(en), [
    ...missing.map((m) => m.memberId),
    ...strangers,
  ]);
}
