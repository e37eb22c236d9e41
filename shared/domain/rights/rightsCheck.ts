import { plotsInScope } from '../compensation/offers.js';
import type { Application } from '../model/application.js';
import type { Insurance } from '../model/common.js';
import type { Household } from '../model/household.js';
import {
  RIGHT_LABELS,
  type RightName,
  type RightsCheckResult,
  type RightsSnapshot,
  type RightsViolation,
  type Surrender,
} from '../model/rights.js';
import { applySurrenders, rightsSnapshot } from './snapshot.js';

/**
 * The rights-preservation check (权益保障): rights before and after the exit; the difference must lie
 * inside the case's scope. Homestead exit never touches contract land, the income distribution right,
 * the qualification right or equity (二(二)3); contract-land exit never touches homestead rights or
 * income distribution (二(二)4(3)); insurance enrolment is always kept (二(二)5).
 */
export interface RightsCheckInput {
  household: Household;
  application: Application;
  /** what the agreement or decision would surrender; defaults to exactly the case's scope */
  surrenders?: readonly Surrender[];
}

export function scopeOf(
  application: Application,
  household: Household,
): { right: RightName; items: Set<string> } {
  return application.type === 'homestead_exit'
    ? { right: 'homestead_use', items: new Set(application.parcelIds) }
    : { right: 'contract_land', items: new Set(plotsInScope(application, household).map((p) => p.plotId)) };
}

const INSURANCE_ZH: Record<Insurance, string> = { medical: '医疗', pension: '养老', unemployment: '失业' };

function violation(right: RightName, zhDetail: string, enDetail: string): RightsViolation {
  const label = RIGHT_LABELS[right];
  return {
    right,
    messageZh: `${label.zh}不得因本次退出而改变：${zhDetail}`,
    messageEn: `The ${label.en} must not change because of this exit: ${enDetail}`,
  };
}

function removed(before: readonly string[], after: readonly string[]): string[] {
  const kept = new Set(after);
  return before.filter((x) => !kept.has(x));
}

export function diffViolations(
  before: RightsSnapshot,
  after: RightsSnapshot,
  scope: { right: RightName; items: Set<string> },
): RightsViolation[] {
  const v: RightsViolation[] = [];
  const perItem = (
    right: 'homestead_use' | 'contract_land',
    lost: string[],
    added: string[],
    zhUnit: string,
    enUnit: string,
  ) => {
    const outside = scope.right === right ? lost.filter((id) => !scope.items.has(id)) : lost;
    if (outside.length > 0)
      v.push(
        violation(
          right,
          `${zhUnit} ${outside.join('、')} 不在本次申请范围内`,
          `${enUnit} ${outside.join(', ')} is outside this case`,
        ),
      );
    if (added.length > 0)
      v.push(
        violation(right, `出现了新的${zhUnit} ${added.join('、')}`, `${enUnit} ${added.join(', ')} appeared`),
      );
  };
  perItem(
    'homestead_use',
    removed(before.homesteadUse, after.homesteadUse),
    removed(after.homesteadUse, before.homesteadUse),
    '宅基地',
    'parcel',
  );
  perItem(
    'contract_land',
    removed(before.contractLand, after.contractLand),
    removed(after.contractLand, before.contractLand),
    '承包地块',
    'plot',
  );
  if (before.homesteadQualification !== after.homesteadQualification) {
    v.push(violation('homestead_qualification', '资格权须保留', 'the qualification right is kept'));
  }
  if (before.collectiveIncomeDistribution !== after.collectiveIncomeDistribution) {
    v.push(
      violation(
        'collective_income_distribution',
        '收益分配权须保留',
        'the income distribution right is kept',
      ),
    );
  }
  if (before.equityShares !== after.equityShares) {
    v.push(
      violation(
        'equity_shares',
        `股份由 ${before.equityShares} 股变为 ${after.equityShares} 股`,
        `shares would go from ${before.equityShares} to ${after.equityShares}`,
      ),
    );
  }
  const lostInsurance = removed(before.socialInsurance, after.socialInsurance);
  if (lostInsurance.length > 0) {
    v.push(
      violation(
        'social_insurance',
        `将失去${lostInsurance.map((i) => `${INSURANCE_ZH[i as Insurance] ?? i}保险`).join('、')}`,
        `${lostInsurance.join(', ')} insurance would be lost`,
      ),
    );
  }
  return v;
}

/**
 * An agreement lists as surrendered only in-scope rights (DOMAIN.md). A listed out-of-scope right is a
 * violation even where it changes nothing today (the household holds no shares, the parcel is not in the
 * registry): the clause would still stand in the signed agreement. Rights the diff already names are not
 * repeated.
 */
export function listingViolations(
  surrenders: readonly Surrender[],
  scope: { right: RightName; items: Set<string> },
  alreadyNamed: ReadonlySet<RightName> = new Set(),
): RightsViolation[] {
  const named = new Set(alreadyNamed);
  const v: RightsViolation[] = [];
  for (const s of surrenders) {
    if (named.has(s.right)) continue;
    if (s.right === scope.right) {
      const outside = s.items.filter((id) => !scope.items.has(id));
      if (outside.length === 0) continue;
      v.push(
        violation(
          s.right,
          `${outside.join('、')} 不在本次申请范围内，不得列为放弃`,
          `${outside.join(', ')} is outside this case and may not be listed as surrendered`,
        ),
      );
    } else {
      const what = s.items.length > 0 ? `（${s.items.join('、')}）` : '';
      const whatEn = s.items.length > 0 ? ` (${s.items.join(', ')})` : '';
      v.push(
        violation(
          s.right,
          `该权利${what}不在本次申请范围内，不得列为放弃`,
          `it${whatEn} is outside this case and may not be listed as surrendered`,
        ),
      );
    }
    named.add(s.right);
  }
  return v;
}

export function rightsCheck(input: RightsCheckInput): RightsCheckResult {
  const before = rightsSnapshot(input.household);
  const scope = scopeOf(input.application, input.household);
  const surrenders = input.surrenders ?? [{ right: scope.right, items: [...scope.items] }];
  const after = applySurrenders(before, surrenders);
  const diff = diffViolations(before, after, scope);
  const violations = [...diff, ...listingViolations(surrenders, scope, new Set(diff.map((d) => d.right)))];
  return { passed: violations.length === 0, before, after, violations };
}
