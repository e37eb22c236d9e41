import { chinaDate } from '../chinaDate.js';
import { divRoundHalfUp, fenToNumber, scaled } from '../decimal.js';
import type { Tier } from '../model/common.js';
import type { ContractPlot } from '../model/household.js';
import type { Offer, OfferLine } from '../model/offer.js';
import { type PolicyParameters, tierKey } from '../model/policy.js';
import { decimalText, yuan } from './format.js';

/**
 * Contract-land exit compensation (土地承包经营权退出, 二(二)4): cash only, per plot
 * area (mu) × annual rent[tier] × years, each plot line rounded half-up on its own. No premium, no reward.
 */
const MU_DECIMALS = 4;
const MU_UNIT = 10_000n;

export interface ContractLandPricingInput {
  plots: readonly ContractPlot[];
  tier: Tier;
  term: 'current_term' | 'permanent';
  params: PolicyParameters;
  offeredAt: string;
}

/** Remaining contract years = term-end year − offer year (never below 0); permanent uses permanentYears. */
export function compensatedYears(
  plot: ContractPlot,
  input: Pick<ContractLandPricingInput, 'term' | 'params' | 'offeredAt'>,
) {
  if (input.term === 'permanent') return input.params.permanentYears;
  // the offer year by the date in Zibo (DOMAIN.md), not the UTC year
  const offerYear = Number(chinaDate(input.offeredAt).slice(0, 4));
  return Math.max(0, Number(plot.termEnd.slice(0, 4)) - offerYear);
}

export function contractLandOffer(input: ContractLandPricingInput): Offer {
  const rent = BigInt(input.params.annualRentFenPerMu[tierKey(input.tier)]);
  let total = 0n;
  const lines: OfferLine[] = input.plots.map((plot) => {
    const area = scaled(plot.areaMu, MU_DECIMALS);
    const years = compensatedYears(plot, input);
    const fen = divRoundHalfUp(area * rent * BigInt(years), MU_UNIT);
    total += fen;
    const termText = input.term === 'permanent' ? '永久退出' : '剩余承包年限';
    return {
      component: 'plot_rent',
      subject: plot.plotId,
      formula: `${decimalText(area, MU_DECIMALS)} 亩 × ${yuan(rent)} 元/亩·年 × ${years} 年（${termText}）`,
      amountFen: fenToNumber(fen),
    };
  });
  return {
    option: 'cash',
    amountFen: fenToNumber(total),
    amountWithoutRewardFen: fenToNumber(total),
    breakdown: {
      landFen: fenToNumber(total),
      buildingFen: 0,
      attachmentsFen: 0,
      premiumFen: 0,
      rewardFen: 0,
    },
    lines,
  };
}
