import { divRoundHalfUp, fenToNumber } from '../decimal.js';
import type { Offer, OfferLine } from '../model/offer.js';
import type { PolicyParameters } from '../model/policy.js';
import { groupedInt, groupedYuan, percentText } from './format.js';

/**
 * Equity exit compensation (集体资产股权有偿退出, 二(二)5): one cash offer,
 *   shares × share value × (1 + equityPremium),
 * the share value being the collective's latest audited net assets per share (`shareValueFen` on the
 * village record). shares × share value is exact in fen; the premium is rounded half-up to a whole fen on
 * its own, then the two are summed (DOMAIN.md "Exact arithmetic"). No reward: the early-exit reward is a
 * homestead incentive (二(二)3), and the collective, not the special fund, pays.
 */
const BP = 10_000n;

export interface EquityPricingInput {
  /** the shares the household gives up (a whole number, at least one) */
  shares: number;
  /** the collective's audited net assets per share, fen */
  shareValueFen: number;
  params: Pick<PolicyParameters, 'equityPremiumBp'>;
}

function wholeAtLeast(name: string, value: number, min: number): bigint {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number of at least ${min}, got ${value}`);
  }
  return BigInt(value);
}

export function equityOffer(input: EquityPricingInput): Offer {
  const shares = wholeAtLeast('shares', input.shares, 1);
  const value = wholeAtLeast('shareValueFen', input.shareValueFen, 0);
  const premiumBp = wholeAtLeast('equityPremiumBp', input.params.equityPremiumBp, 0);
  const sharesFen = shares * value;
  const premiumFen = divRoundHalfUp(sharesFen * premiumBp, BP);
  const total = sharesFen + premiumFen;
  const lines: OfferLine[] = [
    {
      component: 'shares',
      subject: 'equity_shares',
      formula: `${groupedInt(shares)} 股 × ${groupedYuan(value)} 元/股`,
      amountFen: fenToNumber(sharesFen),
    },
  ];
  // a 0 % premium (the illustrative default) is no premium: no line saying "× 0.00%"
  if (premiumBp > 0n) {
    lines.push({
      component: 'premium',
      subject: 'equity_premium',
      formula: `${groupedYuan(sharesFen)} × ${percentText(input.params.equityPremiumBp)}`,
      amountFen: fenToNumber(premiumFen),
    });
  }
  return {
    option: 'cash',
    amountFen: fenToNumber(total),
    amountWithoutRewardFen: fenToNumber(total),
    breakdown: {
      landFen: 0,
      buildingFen: 0,
      attachmentsFen: 0,
      premiumFen: fenToNumber(premiumFen),
      rewardFen: 0,
      sharesFen: fenToNumber(sharesFen),
    },
    lines,
  };
}
