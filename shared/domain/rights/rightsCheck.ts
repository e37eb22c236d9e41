import { plotsInScope } from '../compensation/offers.js';
import { type Application, type CaseType, qualificationChoice } from '../model/application.js';
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
import { GUARD_SCOPES } from './guardScopes.js';
import { applySurrenders, rightsSnapshot } from './snapshot.js';

/**
 * The rights-preservation check (权益保障): rights before and after the exit; the difference must lie
 * inside the case's scope. Homestead exit never touches contract land, the income distribution right or
 * equity, nor the qualification right unless the household chose to surrender it (二(二)2 保障资格权,
 * 二(二)3); contract-land exit never touches homestead rights or income distribution (二(二)4(3)); equity
 * exit lowers the shares by at most those named and touches nothing else (二(二)5); insurance enrolment
 * is always kept (二(二)5).
 */
export interface RightsCheckInput {
  household: Household;
  application: Application;
  /** what the agreement or decision would surrender; defaults to exactly the case's scope */
  surrenders?: readonly Surrender[];
}

/**
 * One right inside a case's scope: the items of a per-item right (parcels, plots), nothing for a whole
 * right (the qualification right), and for equity how many shares at most may go.
 */
export interface ScopeEntry {
  right: RightName;
  items: ReadonlySet<string>;
  /** equity_shares only: the shares the case gives up */
  shares?: number;
}

/** A case's scope: the rights it may change, each at most once. */
export type RightsScope = readonly ScopeEntry[];

/**
 * The case's scope. Homestead: the parcels applied for, plus the qualification right when (and only
 * when) the household surrenders it; contract land: the plots in scope; equity: the shares named.
 */
export function scopeOf(application: Application, household: Household): ScopeEntry[] {
  switch (application.type) {
    case 'homestead_exit': {
      const use: ScopeEntry = { right: 'homestead_use', items: new Set(application.parcelIds) };
      return qualificationChoice(application) === 'surrender'
        ? [use, { right: 'homestead_qualification', items: new Set() }]
        : [use];
    }
    case 'contract_land_exit':
      return [
        {
          right: 'contract_land',
          items: new Set(plotsInScope(application, household).map((p) => p.plotId)),
        },
      ];
    case 'equity_exit':
      return [{ right: 'equity_shares', items: new Set(), shares: application.shares }];
  }
}

/** The scope as the surrenders that give up exactly it (the rights check's default). */
export function scopeSurrenders(scope: RightsScope): Surrender[] {
  return scope.map((e) => ({
    right: e.right,
    items: [...e.items],
    ...(e.shares === undefined ? {} : { shares: e.shares }),
  }));
}

function entryOf(scope: RightsScope, right: RightName): ScopeEntry | undefined {
  return scope.find((e) => e.right === right);
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
  scope: RightsScope,
): RightsViolation[] {
  const v: RightsViolation[] = [];
  const perItem = (
    right: 'homestead_use' | 'contract_land',
    lost: string[],
    added: string[],
    zhUnit: string,
    enUnit: string,
  ) => {
    const entry = entryOf(scope, right);
    const outside = entry ? lost.filter((id) => !entry.items.has(id)) : lost;
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
  // a surrendered qualification right may go (true → false); kept, it may not change at all
  const qualificationGoes = before.homesteadQualification && !after.homesteadQualification;
  if (
    before.homesteadQualification !== after.homesteadQualification &&
    !(qualificationGoes && entryOf(scope, 'homestead_qualification'))
  ) {
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
  // an equity exit may lower the shares by at most those it names; nothing else may move them
  const equity = entryOf(scope, 'equity_shares');
  const sharesLost = before.equityShares - after.equityShares;
  const withinEquityScope = equity !== undefined && sharesLost > 0 && sharesLost <= (equity.shares ?? 0);
  if (before.equityShares !== after.equityShares && !withinEquityScope) {
    const limitZh = equity ? `，超出本次申请退出的 ${equity.shares ?? 0} 股` : '';
    const limitEn = equity ? `, beyond the ${equity.shares ?? 0} shares this case gives up` : '';
    v.push(
      violation(
        'equity_shares',
        `股份由 ${before.equityShares} 股变为 ${after.equityShares} 股${limitZh}`,
        `shares would go from ${before.equityShares} to ${after.equityShares}${limitEn}`,
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
 * Why a listed surrender of an in-scope right still goes beyond the scope, if it does: parcels or plots
 * outside the case, or more shares than the case names ("all of them" counted as the shares held now,
 * `heldShares`, or as beyond the scope if that is not known). A whole right in scope (the surrendered
 * qualification right) is simply in scope.
 */
function beyondScope(
  s: Surrender,
  entry: ScopeEntry,
  listedShares: number | 'all',
  heldShares: number | undefined,
): { zh: string; en: string } | undefined {
  if (s.right === 'homestead_use' || s.right === 'contract_land') {
    const outside = s.items.filter((id) => !entry.items.has(id));
    if (outside.length === 0) return undefined;
    return {
      zh: `${outside.join('、')} 不在本次申请范围内，不得列为放弃`,
      en: `${outside.join(', ')} is outside this case and may not be listed as surrendered`,
    };
  }
  if (s.right === 'equity_shares') {
    const allowed = entry.shares ?? 0;
    const count = listedShares === 'all' ? heldShares : listedShares;
    if (count !== undefined && count <= allowed) return undefined;
    const zh = listedShares === 'all' ? '全部股份' : `${listedShares} 股`;
    const en = listedShares === 'all' ? 'all the shares' : `${listedShares} shares`;
    return {
      zh: `列为放弃${zh}，超过本次申请退出的 ${allowed} 股，不得列为放弃`,
      en: `${en} are listed as surrendered, more than the ${allowed} shares this case gives up`,
    };
  }
  return undefined;
}

/** The shares a surrender list gives up in all: the sum of those named, or "all" if one names no number. */
function listedShareCount(surrenders: readonly Surrender[]): number | 'all' {
  let total = 0;
  for (const s of surrenders) {
    if (s.right !== 'equity_shares') continue;
    if (s.shares === undefined) return 'all';
    total += s.shares;
  }
  return total;
}

/**
 * An agreement lists as surrendered only in-scope rights (DOMAIN.md). A listed out-of-scope right is a
 * violation even where it changes nothing today (the household holds no shares, the parcel is not in the
 * registry): the clause would still stand in the signed agreement. Rights the diff already names are not
 * repeated. `heldShares` (the shares the household holds now) lets a listing of "all the shares" pass for
 * an equity exit that gives up all of them, as a village term returning "every parcel" passes for a
 * homestead exit of every parcel.
 */
export function listingViolations(
  surrenders: readonly Surrender[],
  scope: RightsScope,
  alreadyNamed: ReadonlySet<RightName> = new Set(),
  heldShares?: number,
): RightsViolation[] {
  const named = new Set(alreadyNamed);
  const listedShares = listedShareCount(surrenders);
  const v: RightsViolation[] = [];
  for (const s of surrenders) {
    if (named.has(s.right)) continue;
    const entry = entryOf(scope, s.right);
    if (entry) {
      const beyond = beyondScope(s, entry, listedShares, heldShares);
      if (!beyond) continue;
      v.push(violation(s.right, beyond.zh, beyond.en));
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

/**
 * The clause of the Zibo plan that keeps a right through this exit: insurance by 二(二)5 and the
 * qualification right by 二(二)2 (保障资格权) whatever the exit, every other right by the clause of the
 * exit applied for (二(二)3 homestead, 二(二)4(3) contract land, 二(二)5 equity).
 */
export function protectingClause(right: RightName, caseType: CaseType): string {
  if (right === 'social_insurance') return '二(二)5';
  if (right === 'homestead_qualification') return '二(二)2';
  return GUARD_SCOPES[caseType].basis;
}

export function rightsCheck(input: RightsCheckInput): RightsCheckResult {
  const before = rightsSnapshot(input.household);
  const scope = scopeOf(input.application, input.household);
  const surrenders = input.surrenders ?? scopeSurrenders(scope);
  const after = applySurrenders(before, surrenders);
  const diff = diffViolations(before, after, scope);
  const named = new Set(diff.map((d) => d.right));
  const violations = [...diff, ...listingViolations(surrenders, scope, named, before.equityShares)].map(
    (v) => ({ ...v, clause: protectingClause(v.right, input.application.type) }),
  );
  return { passed: violations.length === 0, before, after, violations };
}
