import { getHousehold, getVillage } from '../../adapters/table/registryRepository.js';
import { offersFor } from '../../domain/compensation/offers.js';
import type { Case } from '../../domain/model/case.js';
import type { DomainEvent } from '../../domain/model/event.js';
import { MAX_AMOUNT_FEN } from '../../domain/model/limits.js';
import type { Offer } from '../../domain/model/offer.js';
import type { PolicyParameters } from '../../domain/model/policy.js';
import type { CaseStatus } from '../../domain/model/status.js';
import type { Village } from '../../domain/model/village.js';
import { RuleRefused } from '../../errors/appError.js';
import { parametersInForceToday } from '../../workflow/deadlines.js';
import { caseEvent } from '../moveCase.js';

/**
 * The offers of a case, priced with the parameters in force today in Zibo; the case keeps that version
 * (it is priced once). The district's approval opens the offers (村 → 镇 → 区, DOMAIN.md wave 2).
 */
export async function priceOffers(
  c: Case,
  now: string,
  /**
   * equity exits: the village as the approval already read it, with the collective's share value
   * (每股净资产) the offer is priced with; otherwise the village is read here
   */
  equity?: Village & { shareValueFen: number },
): Promise<{ offers: Offer[]; params: PolicyParameters }> {
  const [household, village, params] = await Promise.all([
    getHousehold(c.householdId),
    equity ?? getVillage(c.village),
    parametersInForceToday(c, now),
  ]);
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  if (!village) throw new Error(`village ${c.village} of case ${c.caseId} is not in the registry`);
  let offers: Offer[];
  try {
    offers = offersFor(
      c.application,
      household,
      village.tier,
      params,
      now,
      equity && { shareValueFen: equity.shareValueFen },
    );
  } catch (error) {
    // an amount beyond what a number holds exactly (only a record stored before the bounds can get there)
    if (error instanceof RangeError) throw offerTooLarge(undefined);
    throw error;
  }
  const largest = Math.max(...offers.flatMap(amountsOf));
  if (largest > MAX_AMOUNT_FEN) throw offerTooLarge(largest);
  return { offers, params };
}

/** Every amount an offer fixes or sets against another (what the agreement, the fund and the collective pay). */
function amountsOf(o: Offer): number[] {
  return [o.amountFen, o.amountWithoutRewardFen, o.priceFen ?? 0, Math.abs(o.balanceFen ?? 0)];
}

/**
 * No offer is made above MAX_AMOUNT_FEN (¥1 000 000 000.00, docs/limits.md "Money"): every amount the
 * system handles stays an exact integer far below 2^53, and what the approval would open could be paid
 * and recorded. Such a figure comes from registry data or parameters gone wrong, so the approval is
 * refused (422) and says where to look.
 */
function offerTooLarge(largest: number | undefined): RuleRefused {
  const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  const max = yuan(MAX_AMOUNT_FEN);
  return new RuleRefused(
    {
      zh: `补偿金额超过上限（${max} 元），请核对不动产登记的面积和政策参数后，退回或不予通过。`,
      en: `an offer would exceed the most any amount may be (¥${max}${largest === undefined ? '' : `; it came to ¥${yuan(largest)}`}); check the registry's areas and the policy parameters, then return or reject the case`,
    },
    [
      {
        path: 'offers',
        message: `at most ¥${max} per amount`,
        messageZh: `每项金额最多 ${max} 元`,
      },
    ],
    { maxAmountFen: MAX_AMOUNT_FEN, ...(largest === undefined ? {} : { largestFen: largest }) },
  );
}

/** The offers are ready (the household is told), built from the case as stored after pricing. */
export function offersEvent(c: Case, actor: string, from: CaseStatus): DomainEvent {
  return caseEvent('OffersComputed', c, actor, from, {
    parametersVersion: c.parametersVersion,
    offers: c.offers.map((o) => ({
      option: o.option,
      amountFen: o.amountFen,
      ...(o.balanceFen === undefined ? {} : { balanceFen: o.balanceFen }),
    })),
    ...(c.offers[0]?.rewardDeadline ? { rewardDeadline: c.offers[0].rewardDeadline } : {}),
  });
}
