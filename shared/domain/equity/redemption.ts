import { chinaDate } from '../chinaDate.js';
import { groupedInt, shortPercentText } from '../compensation/format.js';

/**
 * 防范大规模赎回 (二(二)5, DOMAIN.md wave 2 "Risk control"): in one calendar year a collective buys back at
 * most `equityRedemptionCapBp` of its total shares (illustrative 5 %). The cap is a whole number of shares,
 * rounded down, so that it never exceeds the share of the total the policy allows; a case that would pass it
 * waits for next year's quota or is refused, with the figures.
 */
const BP = 10_000n;

function whole(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): bigint {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return BigInt(value);
}

/** floor(totalShares × capBp / 10 000): the most shares the collective buys back in one year. */
export function redemptionCapShares(totalShares: number, capBp: number): number {
  const total = whole('totalShares', totalShares, 0);
  const bp = whole('capBp', capBp, 0, 10_000);
  return Number((total * bp) / BP);
}

/** The calendar year in Zibo (UTC+8) of an instant: the year whose cap a buy-back counts against. */
export function ziboYear(iso: string): number {
  return Number(chinaDate(iso).slice(0, 4));
}

export interface RedemptionInput {
  /** the collective's total shares (`totalShares` on the village record) */
  totalShares: number;
  /** the cap, basis points of the total (`equityRedemptionCapBp`) */
  capBp: number;
  /** shares the collective has already bought back (or committed to) this year */
  redeemedShares: number;
  /** shares this case would add */
  shares: number;
  /** the calendar year in Zibo the cap is for (`ziboYear`) */
  year: number;
}

export interface RedemptionCheck {
  allowed: boolean;
  capShares: number;
  redeemedShares: number;
  requestedShares: number;
  /** the year's quota left before this case (never below 0) */
  remainingShares: number;
  messageZh: string;
  messageEn: string;
}

/**
 * Whether this case fits in the year's cap: redeemed + shares ≤ cap (exactly at the cap is allowed). The
 * messages give every figure, so that a household refused knows by how much and can wait for next year.
 */
export function checkRedemption(input: RedemptionInput): RedemptionCheck {
  const capShares = redemptionCapShares(input.totalShares, input.capBp);
  const redeemed = Number(whole('redeemedShares', input.redeemedShares, 0));
  const requested = Number(whole('shares', input.shares, 1));
  const year = Number(whole('year', input.year, 1));
  const remainingShares = Math.max(0, capShares - redeemed);
  const allowed = redeemed + requested <= capShares;
  const pct = shortPercentText(input.capBp);
  const capZh = `本集体 ${year} 年度股权回购上限为 ${groupedInt(capShares, ' ')} 股（总股本 ${groupedInt(input.totalShares, ' ')} 股的 ${pct}），已回购 ${groupedInt(redeemed, ' ')} 股`;
  const capEn = `In ${year} this collective buys back at most ${groupedInt(capShares)} shares (${pct} of its ${groupedInt(input.totalShares)} shares); ${groupedInt(redeemed)} have been bought back`;
  const messageZh = allowed
    ? `${capZh}，本案 ${groupedInt(requested, ' ')} 股在上限之内，回购后本年度剩余 ${groupedInt(remainingShares - requested, ' ')} 股。`
    : `${capZh}，本案 ${groupedInt(requested, ' ')} 股将超出上限（本年度剩余 ${groupedInt(remainingShares, ' ')} 股）。可待下一年度额度，或减少退出股数。`;
  const messageEn = allowed
    ? `${capEn}; the ${groupedInt(requested)} shares of this case fit, leaving ${groupedInt(remainingShares - requested)} for the rest of the year.`
    : `${capEn}; the ${groupedInt(requested)} shares of this case would exceed the cap (${groupedInt(remainingShares)} left this year). The case can wait for next year's quota, or give up fewer shares.`;
  return {
    allowed,
    capShares,
    redeemedShares: redeemed,
    requestedShares: requested,
    remainingShares,
    messageZh,
    messageEn,
  };
}
