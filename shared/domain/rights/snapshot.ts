import type { Household } from '../model/household.js';
import type { RightsSnapshot, Surrender } from '../model/rights.js';

/**
 * The household's rights as the registry records them today. An illegal occupation was never a use right;
 * an exited parcel's use right was given up and its registration cancelled.
 */
export function rightsSnapshot(h: Household): RightsSnapshot {
  return {
    homesteadUse: h.homesteads
      .filter((p) => p.status !== 'illegal_occupation' && p.status !== 'exited')
      .map((p) => p.parcelId),
    homesteadQualification: h.rights.homesteadQualification,
    contractLand: h.contractPlots.map((p) => p.plotId),
    collectiveIncomeDistribution: h.rights.collectiveIncomeDistribution,
    equityShares: h.rights.equityShares,
    socialInsurance: [...h.socialInsurance],
  };
}

/**
 * Rights after the listed surrenders take effect. Per-item rights lose the items named; equity loses the
 * shares named (never below none), or all of them when a surrender names no number.
 */
export function applySurrenders(before: RightsSnapshot, surrenders: readonly Surrender[]): RightsSnapshot {
  const after: RightsSnapshot = {
    ...before,
    homesteadUse: [...before.homesteadUse],
    contractLand: [...before.contractLand],
    socialInsurance: [...before.socialInsurance],
  };
  for (const s of surrenders) {
    const items = new Set(s.items);
    switch (s.right) {
      case 'homestead_use':
        after.homesteadUse = after.homesteadUse.filter((id) => !items.has(id));
        break;
      case 'contract_land':
        after.contractLand = after.contractLand.filter((id) => !items.has(id));
        break;
      case 'homestead_qualification':
        after.homesteadQualification = false;
        break;
      case 'collective_income_distribution':
        after.collectiveIncomeDistribution = false;
        break;
      case 'equity_shares':
        after.equityShares = s.shares === undefined ? 0 : Math.max(0, after.equityShares - s.shares);
        break;
      case 'social_insurance':
        after.socialInsurance =
          s.items.length === 0 ? [] : after.socialInsurance.filter((i) => !items.has(i));
        break;
    }
  }
  return after;
}
