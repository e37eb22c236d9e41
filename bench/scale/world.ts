import { DEMO_VILLAGES } from '../../local/seed/demoData.js';
import { DISTRICT_CODES, DISTRICTS, type DistrictCode } from '../../shared/domain/model/common.js';
import { type Village, villageSchema } from '../../shared/domain/model/village.js';

/**
 * The places of the scale benchmark: the eight real districts, one of them (淄川区, a national pilot
 * district) holding 40 % of the cases, each with towns and villages whose 12-digit codes sit under their
 * town's 9 digits as the statistical codes do (district 6 + street/town 3 + village 3).
 */
export const LARGE_DISTRICT: DistrictCode = '370302';
export const LARGE_SHARE = 0.4;

export const TOWNS_PER_DISTRICT = 6;
export const VILLAGES_PER_TOWN = 10;

/** The share of the cases filed in a district. */
export function districtShare(d: DistrictCode): number {
  return d === LARGE_DISTRICT ? LARGE_SHARE : (1 - LARGE_SHARE) / (DISTRICT_CODES.length - 1);
}

const VILLAGE_NAMES = ['东', '西', '南', '北', '前', '后', '上', '下', '大', '小', '新', '老'];
const VILLAGE_TAILS = ['庄', '村', '峪', '河', '坡', '店', '洼', '岭', '家', '营'];
const TOWN_NAMES = ['洪山镇', '昆仑镇', '太河镇', '寨里镇', '双杨镇', '岭子镇', '龙泉镇', '罗村镇'];

/** Town codes of a district: `{district}1{nn}` with nn from 01 (the statistical code's 101, 102, …). */
export function townsOf(d: DistrictCode): string[] {
  return Array.from({ length: TOWNS_PER_DISTRICT }, (_, t) => `${d}1${String(t + 1).padStart(2, '0')}`);
}

/**
 * The villages of every district. The demo runtime seeds a few villages already (local/seed/demoData.ts);
 * these are others (village numbers 2xx–, which the demo's codes do not use), priced at all three tiers,
 * with the collective's share value and total shares so that equity exits can be filed.
 */
export function scaleVillages(): Village[] {
  const seeded = new Set(DEMO_VILLAGES.map((v) => v.villageCode));
  const out: Village[] = [];
  for (const d of DISTRICT_CODES) {
    townsOf(d).forEach((town, t) => {
      for (let v = 0; v < VILLAGES_PER_TOWN; v += 1) {
        const villageCode = `${town}${String(250 + v).padStart(3, '0')}`;
        if (seeded.has(villageCode)) continue;
        const name = `${VILLAGE_NAMES[(t + v) % VILLAGE_NAMES.length]}${VILLAGE_TAILS[v % VILLAGE_TAILS.length]}${DISTRICTS[d].zh.slice(0, 1)}${v + 1}村`;
        out.push(
          villageSchema.parse({
            villageCode,
            name,
            townName: TOWN_NAMES[t % TOWN_NAMES.length],
            districtCode: d,
            tier: ((t + v) % 3) + 1,
            exitConditions: [],
            shareValueFen: 85_000,
            // large enough that the yearly redemption cap (5 %) never binds in the benchmark
            totalShares: 10_000_000,
          }),
        );
      }
    });
  }
  return out;
}
