import { isAdultOn } from '../../shared/domain/eligibility/age.js';
import type { Application } from '../../shared/domain/model/application.js';
import { householdSchema } from '../../shared/domain/model/household.js';
import type { DemoHousehold } from './demoData.js';
import { equitySharesAsked, isEquityScenario } from './demoEquity.js';

/**
 * The application each demo household files, as a phone user would fill it in: every adult consents
 * (except in the not-voluntary scenario, where only the head signs), homestead scenarios apply for the
 * first parcel (the multi-homestead one for its second), contract-land scenarios for all plots, equity
 * scenarios give up 12 of their shares (more than they hold where that is the point).
 */
export function demoApplication(d: DemoHousehold, signedAt: string): Application {
  const h = householdSchema.parse(d.record);
  const adults = h.members.filter((m) => isAdultOn(m.birthDate, signedAt));
  const signers = d.scenario === 'not_voluntary' ? adults.slice(0, 1) : adults;
  const consents = signers.map((m) => ({ memberId: m.memberId, consented: true as const, signedAt }));
  const declarations = { voluntary: true as const };
  if (isEquityScenario(d.scenario)) {
    return {
      type: 'equity_exit',
      householdId: h.householdId,
      shares: equitySharesAsked(d.scenario, h.rights.equityShares),
      consents,
      declarations,
    };
  }
  if (d.scenario.startsWith('contract_')) {
    const partial = d.scenario === 'contract_partial_permanent';
    return {
      type: 'contract_land_exit',
      householdId: h.householdId,
      scope: partial ? 'partial' : 'all',
      term: partial ? 'permanent' : 'current_term',
      ...(partial ? { plotIds: h.contractPlots.slice(0, 1).map((p) => p.plotId) } : {}),
      consents,
      declarations,
    };
  }
  const parcel = d.scenario === 'multi_homestead_second' ? h.homesteads[1] : h.homesteads[0];
  if (!parcel) throw new Error(`demo household ${h.householdId} has no homestead`);
  return {
    type: 'homestead_exit',
    householdId: h.householdId,
    parcelIds: [parcel.parcelId],
    consents,
    declarations,
  };
}
