import type { CaseType } from '../model/application.js';
import { RIGHT_LABELS, type RightName, type RightsViolation, type Surrender } from '../model/rights.js';

/**
 * The guard against conditional exits: 农村集体经济组织不得以退出土地承包权和集体收益分配权作为农户
 * 退出宅基地的条件 (二(二)3), and the mirror rule for contract land (二(二)4(3)). A review decision or
 * agreement whose condition or reason is the surrender of a right outside the case's scope is refused.
 *
 * Reasons are free text, so the guard reads them clause by clause: a clause that pairs a surrender verb
 * with an out-of-scope right is a condition, unless the clause states that the right is preserved
 * ("不影响承包地", "no need to give up the contract land").
 */
const IN_SCOPE: Record<CaseType, RightName> = {
  homestead_exit: 'homestead_use',
  contract_land_exit: 'contract_land',
};

const RIGHT_TERMS: Record<RightName, { zh: RegExp; en: RegExp }> = {
  homestead_use: { zh: /宅基地(?!资格)|房屋|住房|老宅/, en: /homestead(?! qualification)|house\b/i },
  homestead_qualification: { zh: /资格权/, en: /qualification/i },
  contract_land: {
    zh: /承包地|承包经营权|承包权|责任田|耕地/,
    en: /contract(ed)? (land|plot|right)|land contract|farmland/i,
  },
  collective_income_distribution: {
    zh: /收益分配|分红|集体收益/,
    en: /income distribution|dividend|collective income/i,
  },
  equity_shares: { zh: /股权|股份|股金/, en: /equity|shares?\b/i },
  social_insurance: { zh: /保险|社保|医保|养老金/, en: /insurance|pension/i },
};

const SURRENDER_ZH = /退出|放弃|交回|交出|上交|收回|注销|让渡|转让|退还|取消|丧失|交还|退回|放掉/;
const SURRENDER_EN =
  /surrender|give up|giving up|gives up|relinquish|waive|forfeit|hand (over|back)|renounce|cancel|transfer|return(ing)? (the|their|its|his|her)|lose|losing/i;
const PRESERVED_ZH =
  /不影响|不改变|保留|不受影响|继续享有|照常享有|不得以|不以|无需|无须|不需要|不需|不要求|不必|不作为|不能作为|不得作为/;
const PRESERVED_EN =
  /\b(not affected|unaffected|keeps?|kept|retain(s|ed)?|preserv(e|es|ed)|no need|need not|needn't|without (having|needing) to|is not (a )?condition|must not be (made )?(a )?condition|remains?|continues? to)\b/i;

function clauses(text: string): string[] {
  return text
    .split(/[，。；！？、,.;!?\n]+/)
    .map((c) => c.trim())
    .filter(Boolean);
}

export interface GuardResult {
  allowed: boolean;
  violations: RightsViolation[];
}

export function conditionalSurrenderGuard(
  caseType: CaseType,
  reasons: readonly string[],
  conditions: readonly Surrender[] = [],
): GuardResult {
  const found = new Map<RightName, string>();
  for (const c of conditions) if (c.right !== IN_SCOPE[caseType]) found.set(c.right, c.right);
  for (const reason of reasons) {
    for (const clause of clauses(reason)) {
      const zh = SURRENDER_ZH.test(clause) && !PRESERVED_ZH.test(clause);
      const en = SURRENDER_EN.test(clause) && !PRESERVED_EN.test(clause);
      if (!zh && !en) continue;
      for (const right of Object.keys(RIGHT_TERMS) as RightName[]) {
        if (right === IN_SCOPE[caseType] || found.has(right)) continue;
        const terms = RIGHT_TERMS[right];
        if ((zh && terms.zh.test(clause)) || (en && terms.en.test(clause))) found.set(right, clause);
      }
    }
  }
  const violations = [...found.entries()].map(([right, clause]): RightsViolation => {
    const label = RIGHT_LABELS[right];
    return {
      right,
      messageZh: `不得以放弃${label.zh}作为退出的条件（“${clause}”）。退出只涉及本次申请的权利，其他权利依法保留。`,
      messageEn: `An exit may not be made conditional on giving up the ${label.en} ("${clause}"). Only the rights applied for are affected; every other right is kept.`,
    };
  });
  return { allowed: violations.length === 0, violations };
}
