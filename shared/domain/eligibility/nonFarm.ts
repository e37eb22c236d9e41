import type { Household } from '../model/household.js';
import type { PolicyParameters } from '../model/policy.js';

/** 有稳定非农就业收入: enough months of urban social insurance, or of a business licence. */
export function hasStableNonFarmIncome(h: Pick<Household, 'nonFarm'>, p: PolicyParameters): boolean {
  return (
    h.nonFarm.socialInsuranceMonths >= p.nonFarmIncomeMonths ||
    h.nonFarm.businessLicenceMonths >= p.nonFarmIncomeMonths
  );
}

/** 长期在城镇居住生活 */
export function hasLongTermUrbanResidence(h: Pick<Household, 'nonFarm'>, p: PolicyParameters): boolean {
  return h.nonFarm.urbanResidenceMonths >= p.urbanResidenceMonths;
}

export function incomeEvidenceZh(h: Pick<Household, 'nonFarm'>, p: PolicyParameters): string {
  return `城镇职工社保缴纳 ${h.nonFarm.socialInsuranceMonths} 个月、营业执照 ${h.nonFarm.businessLicenceMonths} 个月（需任一满 ${p.nonFarmIncomeMonths} 个月）`;
}

export function incomeEvidenceEn(h: Pick<Household, 'nonFarm'>, p: PolicyParameters): string {
  return `${h.nonFarm.socialInsuranceMonths} months of urban social insurance and a ${h.nonFarm.businessLicenceMonths}-month business licence (either must reach ${p.nonFarmIncomeMonths} months)`;
}
