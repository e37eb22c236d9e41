import type { Household } from '../model/household.js';
import type { Surrender } from '../model/rights.js';
import type { Village } from '../model/village.js';

/**
 * What the village's own exit terms would take from the household, as surrenders. Per-item rights
 * take every item the household holds (a term like "return the contract land" means all of it).
 */
export function surrendersDemandedBy(
  village: Pick<Village, 'exitConditions'>,
  household: Household,
): Surrender[] {
  return village.exitConditions.map(({ right }) => {
    if (right === 'homestead_use') return { right, items: household.homesteads.map((p) => p.parcelId) };
    if (right === 'contract_land') return { right, items: household.contractPlots.map((p) => p.plotId) };
    return { right, items: [] };
  });
}
