import { DISTRICT_CODES, DISTRICTS, type DistrictCode } from '../domain/model/common.js';
import { type FundState, readFund } from './ledger.js';

/** One district's special fund as the city-wide overview shows it. */
export interface DistrictFundFigures {
  districtCode: DistrictCode;
  /** zh-CN name, for the chart's axis */
  districtName: string;
  balanceFen: number;
  advancedFen: number;
  replenishedFen: number;
  queuedFen: number;
  queueLength: number;
}

/** The money figures of a fund's balance item, as `GET /fund` and `GET /fund/overview` answer them. */
export function fundFigures(f: FundState) {
  return {
    balanceFen: f.balanceFen,
    advancedFen: f.advancedFen,
    replenishedFen: f.replenishedFen,
    queuedFen: f.queuedFen,
    queueLength: f.queuedCount,
  };
}

export interface FundOverview {
  items: DistrictFundFigures[];
  asOf: string;
}

/**
 * The figures of every district's fund: one consistent GetItem of each balance item, in parallel (eight
 * known keys, never a Scan). A district whose fund has no balance item yet reads as zeros, as readFund
 * reads it. Aggregates only: no ledger line, no case, no household.
 */
export async function fundOverview(asOf: string): Promise<FundOverview> {
  const funds = await Promise.all(DISTRICT_CODES.map((code) => readFund(code)));
  return {
    items: DISTRICT_CODES.map((districtCode, i) => {
      const f = funds[i];
      if (!f) throw new Error(`no fund read for ${districtCode}`);
      return { districtCode, districtName: DISTRICTS[districtCode].zh, ...fundFigures(f) };
    }),
    asOf,
  };
}
