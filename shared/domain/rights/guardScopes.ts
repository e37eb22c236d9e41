import type { CaseType } from '../model/application.js';
import type { RightName } from '../model/rights.js';

/*
 * What each case type is about and the clause that protects everything else: read by the rights check
 * (./rightsCheck.ts) and by the guard against conditional exits (./conditionalGuard.ts). A table of its
 * own, so that the rights check does not bring the guard's word lists into every bundle that checks
 * rights (issue 17's bundle limit).
 */
export interface GuardScope {
  /** the rights the case is about; giving them up is the case itself */
  inScope: readonly RightName[];
  /** the clause of the Zibo plan that forbids making this exit conditional on another right */
  basis: string;
}

/**
 * One entry per case type. The equity exit (集体资产股权有偿退出, 二(二)5): the distribution right goes with
 * the shares it is paid on; the contract land and the homestead (use and qualification) stay out of scope.
 */
export const GUARD_SCOPES: Record<CaseType, GuardScope> = {
  homestead_exit: { inScope: ['homestead_use'], basis: '二(二)3' },
  contract_land_exit: { inScope: ['contract_land'], basis: '二(二)4(3)' },
  equity_exit: { inScope: ['equity_shares', 'collective_income_distribution'], basis: '二(二)5' },
};
