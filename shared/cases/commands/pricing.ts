import { getHousehold, getVillage } from '../../adapters/table/registryRepository.js';
import { offersFor } from '../../domain/compensation/offers.js';
import type { Case } from '../../domain/model/case.js';
import type { DomainEvent } from '../../domain/model/event.js';
import type { Offer } from '../../domain/model/offer.js';
import type { PolicyParameters } from '../../domain/model/policy.js';
import type { CaseStatus } from '../../domain/model/status.js';
import type { Village } from '../../domain/model/village.js';
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
  return {
    offers: offersFor(
      c.application,
      household,
      village.tier,
      params,
      now,
      equity && { shareValueFen: equity.shareValueFen },
    ),
    params,
  };
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
