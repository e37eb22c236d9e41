import { type Application, qualificationChoice } from '../model/application.js';
import type { Tier } from '../model/common.js';
import type { ContractPlot, Household } from '../model/household.js';
import type { Offer } from '../model/offer.js';
import type { PolicyParameters } from '../model/policy.js';
import { contractLandOffer } from './contractLand.js';
import { equityOffer } from './equity.js';
import { homesteadOffers } from './homestead.js';

/** The plots a contract-land application covers: all the household's plots for `scope: all`. */
export function plotsInScope(
  application: Application,
  household: Pick<Household, 'contractPlots'>,
): ContractPlot[] {
  if (application.type !== 'contract_land_exit') return [];
  if (application.scope === 'all') return [...household.contractPlots];
  const wanted = new Set(application.plotIds ?? []);
  return household.contractPlots.filter((p) => wanted.has(p.plotId));
}

/**
 * Offers for a case: three for a homestead exit (with the qualification premium if the household
 * surrenders that right), one cash offer for a contract-land exit, one cash offer for an equity exit.
 * An equity exit is priced at the collective's share value, which lives on the village record: the caller
 * passes it as `equity`. Without it this throws a plain Error (a programming error: the command layer
 * refuses an equity case whose village has no share value earlier, with a coded error).
 */
export function offersFor(
  application: Application,
  household: Household,
  tier: Tier,
  params: PolicyParameters,
  offeredAt: string,
  equity?: { shareValueFen: number },
): Offer[] {
  switch (application.type) {
    case 'homestead_exit':
      return homesteadOffers({
        household,
        tier,
        parcelIds: application.parcelIds,
        params,
        offeredAt,
        qualificationRight: qualificationChoice(application),
      });
    case 'equity_exit':
      if (equity === undefined) {
        throw new Error('an equity exit is priced at the share value of its village: pass { shareValueFen }');
      }
      return [equityOffer({ shares: application.shares, shareValueFen: equity.shareValueFen, params })];
    case 'contract_land_exit':
      return [
        contractLandOffer({
          plots: plotsInScope(application, household),
          tier,
          term: application.term,
          params,
          offeredAt,
        }),
      ];
  }
}
