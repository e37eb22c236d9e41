import type { EquityApplication } from '../model/application.js';
import type { Finding } from '../model/finding.js';
import { type EligibilityContext, finding, listEn, listZh } from './context.js';
import { hasLongTermUrbanResidence } from './nonFarm.js';

/**
 * The rules of an equity exit (集体资产股权有偿退出, 二(二)5) that are its own: E-SETTLED, E-SHARES and
 * E-NO-DUPLICATE. E-VOLUNTARY and E-PILOT are the shared voluntariness and pilot rules (voluntary.ts,
 * homesteadRules.ts) under the equity rule ids.
 */

function equityApplication(ctx: EligibilityContext, ruleId: string): EquityApplication {
  if (ctx.application.type !== 'equity_exit') throw new Error(`${ruleId} applies to equity exits only`);
  return ctx.application;
}

/**
 * E-SETTLED: the household has settled in town (进城落户), read as for H-QUALIFIED's long-term urban
 * residence: at least `urbanResidenceMonths` months of urban residence. Stable non-farm income is not asked:
 * 二(二)5 speaks of members who have settled in town, not of their income.
 */
export function settled(ctx: EligibilityContext): Finding {
  equityApplication(ctx, 'E-SETTLED');
  const held = ctx.household.nonFarm.urbanResidenceMonths;
  const needed = ctx.params.urbanResidenceMonths;
  return hasLongTermUrbanResidence(ctx.household, ctx.params)
    ? finding(
        'E-SETTLED',
        true,
        `本户已在城镇居住 ${held} 个月（需满 ${needed} 个月），属于已进城落户的农户。`,
        `The household has lived in town for ${held} months (${needed} needed), so it has settled in town.`,
      )
    : finding(
        'E-SETTLED',
        false,
        `本户在城镇居住 ${held} 个月，不足 ${needed} 个月。集体资产股权有偿退出面向已长期在城镇居住的农户，住满后可再申请。`,
        `The household has lived in town for ${held} months; ${needed} are needed. Selling collective shares back is open to households that have settled in town for the long term; you can apply once you reach ${needed} months.`,
      );
}

/**
 * E-SHARES: the household holds at least the shares it names (集体资产股权, as the registry records it).
 * A household that holds none has nothing to give up, whatever it names.
 */
export function shares(ctx: EligibilityContext): Finding {
  const asked = equityApplication(ctx, 'E-SHARES').shares;
  const held = ctx.household.rights.equityShares;
  if (held === 0) {
    return finding(
      'E-SHARES',
      false,
      `本户名下没有集体资产股份（持有 0 股），无股可退；本次申请退出 ${asked} 股。`,
      `The household holds no collective shares (0 shares), so there is nothing to give up; this application names ${asked} shares.`,
    );
  }
  if (asked > held) {
    return finding(
      'E-SHARES',
      false,
      `本次申请退出 ${asked} 股，超过本户持有的 ${held} 股。最多可申请退出 ${held} 股。`,
      `This application gives up ${asked} shares, more than the ${held} shares the household holds. You can give up at most ${held}.`,
    );
  }
  const rest = held - asked;
  return finding(
    'E-SHARES',
    true,
    rest === 0
      ? `本户持有 ${held} 股，本次退出全部 ${asked} 股。`
      : `本户持有 ${held} 股，本次退出 ${asked} 股，退出后仍持有 ${rest} 股。`,
    rest === 0
      ? `The household holds ${held} shares and gives up all ${asked} of them.`
      : `The household holds ${held} shares and gives up ${asked}; it keeps ${rest}.`,
  );
}

/**
 * E-NO-DUPLICATE: no other open equity exit of the same household. One at a time, so that two cases
 * cannot both sell the same shares; a finished one (agreement signed, or closed) does not block, since a
 * household may give up more of its shares later. Land cases never block an equity exit.
 */
export function equityNoDuplicate(ctx: EligibilityContext): Finding {
  equityApplication(ctx, 'E-NO-DUPLICATE');
  const open = ctx.otherOpenCases.filter((c) => c.type === 'equity_exit' && !c.exited);
  if (open.length === 0) {
    return finding(
      'E-NO-DUPLICATE',
      true,
      '本户没有其他正在办理的股权退出申请。',
      'The household has no other open equity exit.',
    );
  }
  const zh = open.map((c) => (c.shares === undefined ? c.caseId : `${c.caseId}（${c.shares} 股）`));
  const en = open.map((c) => (c.shares === undefined ? c.caseId : `${c.caseId} (${c.shares} shares)`));
  return finding(
    'E-NO-DUPLICATE',
    false,
    `本户已有正在办理的股权退出申请：案件 ${listZh(zh)}。请待其办结或撤回后再申请。`,
    `The household already has an open equity exit: case ${listEn(en)}. Please wait until it is finished or withdrawn before applying again.`,
    open.map((c) => c.caseId),
  );
}
