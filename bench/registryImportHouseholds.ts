import { DEMO_HOUSEHOLDS } from '../local/seed/demoData.js';
import { type Household, householdSchema } from '../shared/domain/model/household.js';

/**
 * Households for the registry import's benches (bench/registryImportParse.ts, and the applying side's):
 * the demo households in turn (2–4 members, one or two homesteads, 0–2 contract plots, every parcel and
 * plot status), each copy with household, parcel, plot and certificate numbers of its own, so that a
 * file of `count` of them imports as `count` new households.
 */
export function importHouseholds(count: number, prefix = 'I'): Household[] {
  const demo = DEMO_HOUSEHOLDS.map((d) => householdSchema.parse(d.record));
  return Array.from({ length: count }, (_, n) => {
    const h = structuredClone(demo[n % demo.length] as Household);
    const tag = `${prefix}${String(n + 1).padStart(5, '0')}`;
    h.householdId = `H-${h.villageCode.slice(0, 6)}-${tag}`;
    h.homesteads = h.homesteads.map((p, i) => ({
      ...p,
      parcelId: `P${tag}-${i + 1}`,
      certificateNo: `鲁(2020)淄博市不动产权第${tag}-${i + 1}号`,
    }));
    h.contractPlots = h.contractPlots.map((p, i) => ({ ...p, plotId: `C${tag}-${i + 1}` }));
    return h;
  });
}

/** Every village code the demo households name (the knownVillages of a bench import). */
export function importVillageCodes(): Set<string> {
  return new Set(DEMO_HOUSEHOLDS.map((d) => d.record.villageCode));
}
