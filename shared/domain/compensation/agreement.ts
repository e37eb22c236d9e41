import type { Agreement } from '../model/agreement.js';
import { type Application, qualificationChoice } from '../model/application.js';
import type { Offer, ResettlementOption } from '../model/offer.js';
import type { Surrender } from '../model/rights.js';

export class OfferNotAvailableError extends Error {
  constructor(readonly option: ResettlementOption) {
    super(`option ${option} is not offered for this case`);
    this.name = 'OfferNotAvailableError';
  }
}

/**
 * The only rights an agreement may list as surrendered: those inside the case's scope, and never one by
 * default. Homestead: the parcels applied for, plus the qualification right (资格权) only when the
 * household chose to surrender it; contract land: the plots in scope; equity: the shares named, as a
 * number (never "all of them", which would take shares the household gains later too).
 */
export function inScopeSurrenders(application: Application, plotIdsInScope: readonly string[]): Surrender[] {
  switch (application.type) {
    case 'homestead_exit': {
      const use: Surrender = { right: 'homestead_use', items: [...application.parcelIds] };
      return qualificationChoice(application) === 'surrender'
        ? [use, { right: 'homestead_qualification', items: [] }]
        : [use];
    }
    case 'contract_land_exit':
      return [{ right: 'contract_land', items: [...plotIdsInScope] }];
    case 'equity_exit':
      return [{ right: 'equity_shares', items: [], shares: application.shares }];
  }
}

export interface SignInput {
  agreementId: string;
  caseId: string;
  application: Application;
  plotIdsInScope: readonly string[];
  offers: readonly Offer[];
  option: ResettlementOption;
  offeredAt: string;
  rewardDays: number;
  signedAt: string;
  parametersVersion: string;
  documentKey: string;
}

/** What an agreement signed at a given time fixes of an offer: the amounts and whether the reward counts. */
export type AgreedAmounts = Pick<Agreement, 'amountFen' | 'balanceFen' | 'payableFen' | 'rewardIncluded'>;

/**
 * The amounts an agreement on `offer` signed at `signedAt` carries: the early-exit reward only if signed
 * within rewardDays of the offer; a housing balance owed by the household is never advanced by the fund,
 * so payableFen is the positive part of it. Shared by the signature and by the agreement's preview (the
 * PDF shown before signing, shared/documents/agreement), so the preview can never promise other figures
 * than a signature at that moment would fix.
 */
export function agreedAmounts(
  offer: Offer,
  timing: { offeredAt: string; rewardDays: number; signedAt: string },
): AgreedAmounts {
  const deadline = new Date(timing.offeredAt).getTime() + timing.rewardDays * 86_400_000;
  const rewardIncluded = new Date(timing.signedAt).getTime() <= deadline;
  const amountFen = rewardIncluded ? offer.amountFen : offer.amountWithoutRewardFen;
  const balanceFen = rewardIncluded ? offer.balanceFen : offer.balanceWithoutRewardFen;
  const payableFen = balanceFen === undefined ? amountFen : Math.max(0, balanceFen);
  return {
    amountFen,
    ...(balanceFen === undefined ? {} : { balanceFen }),
    payableFen,
    rewardIncluded: rewardIncluded && offer.breakdown.rewardFen > 0,
  };
}

/**
 * The agreement fixed by the household's choice (this is the signature), with the amounts of
 * `agreedAmounts` and as surrendered only the rights inside the case's scope.
 */
export function signAgreement(input: SignInput): Agreement {
  const offer = input.offers.find((o) => o.option === input.option);
  if (!offer) throw new OfferNotAvailableError(input.option);
  const amounts = agreedAmounts(offer, input);
  return {
    agreementId: input.agreementId,
    caseId: input.caseId,
    option: input.option,
    amountFen: amounts.amountFen,
    ...(amounts.balanceFen === undefined ? {} : { balanceFen: amounts.balanceFen }),
    payableFen: amounts.payableFen,
    rewardIncluded: amounts.rewardIncluded,
    signedAt: input.signedAt,
    surrendered: inScopeSurrenders(input.application, input.plotIdsInScope),
    parametersVersion: input.parametersVersion,
    documentKey: input.documentKey,
  };
}
