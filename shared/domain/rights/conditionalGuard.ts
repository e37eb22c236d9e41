import type { CaseType } from '../model/application.js';
import { RIGHT_LABELS, type RightName, type RightsViolation, type Surrender } from '../model/rights.js';
import { readReason } from './conditionalReading.js';
import { GUARD_SCOPES } from './guardScopes.js';

/**
 * The guard against conditional exits: 农村集体经济组织不得以退出土地承包权和集体收益分配权作为农户
 * 退出宅基地的条件 (二(二)3), the mirror rule for contract land (二(二)4(3)) and for equity (二(二)5), and
 * insurance (城市医疗、养老、失业保险, 二(二)5) is never a condition. A review decision whose condition or
 * reason is the surrender of a right outside the case's scope is refused, naming the right.
 *
 * Reasons are free text, so the guard is a screen on words, not an understanding of them
 * (docs/conditional-guard.md): conditionalReading.ts cuts a reason into clauses and list segments and
 * says of each whether it gives a right up, keeps it, or states a fact; this module refuses every
 * out-of-scope right that a segment gives up. The household sees the note and can object to it.
 */

/** Insurance is protected by 二(二)5 whatever the case type. */
const INSURANCE_BASIS = '二(二)5';

export interface GuardResult {
  allowed: boolean;
  violations: RightsViolation[];
}

function violation(right: RightName, basis: string, quote: string | null): RightsViolation {
  const label = RIGHT_LABELS[right];
  const quoteZh = quote === null ? '' : `（“${quote}”）`;
  const quoteEn = quote === null ? '' : ` ("${quote}")`;
  return {
    right,
    clause: basis,
    messageZh: `不得以放弃${label.zh}作为退出的条件${quoteZh}（《淄博市高水平推进城乡融合发展行动方案》${basis}）。退出只涉及本次申请的权利，其他权利依法保留。`,
    messageEn: `An exit may not be made conditional on giving up the ${label.en}${quoteEn} (Zibo action plan, ${basis}). Only the rights applied for are affected; every other right is kept.`,
  };
}

export function conditionalSurrenderGuard(
  caseType: CaseType,
  reasons: readonly string[],
  conditions: readonly Surrender[] = [],
): GuardResult {
  const scope = GUARD_SCOPES[caseType];
  const outOfScope = (right: RightName) => !scope.inScope.includes(right);
  /** right → the reviewer's words that make it a condition (null for a structured condition) */
  const found = new Map<RightName, string | null>();
  for (const c of conditions) if (outOfScope(c.right)) found.set(c.right, null);
  for (const reason of reasons) {
    for (const { quote, status, rights } of readReason(reason)) {
      if (status !== 'surrender') continue;
      for (const right of rights) if (outOfScope(right) && !found.has(right)) found.set(right, quote);
    }
  }
  const violations = [...found.entries()].map(([right, quote]) =>
    violation(right, right === 'social_insurance' ? INSURANCE_BASIS : scope.basis, quote),
  );
  return { allowed: violations.length === 0, violations };
}
