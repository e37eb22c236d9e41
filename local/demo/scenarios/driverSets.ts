import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../seed/demoData.js';
import { isEquityScenario } from '../../seed/demoEquity.js';
import { appealDriver, duplicateDriver, ineligibleDriver, rightsBlockedDriver } from './eligibility.js';
import { equityDriver } from './equity.js';
import { fourEyesDriver, shortfallDriver } from './fund.js';
import { contractDriver, resettlementDriver, townHousingBalanceDriver } from './resettlement.js';
import { objectionDriver, returnedDriver, withdrawnDriver } from './review.js';
import type { Driver } from './types.js';

/** The paths the brief names, which the end-to-end tests also run. */
export const CORE_DRIVERS: Driver[] = [
  resettlementDriver('cash', 'cash'),
  resettlementDriver('urban_housing', 'urban_housing'),
  resettlementDriver('town_housing', 'town_housing'),
  townHousingBalanceDriver,
  ineligibleDriver('not_qualified', { appealTwice: true }),
  ineligibleDriver('illegal_occupation'),
  ineligibleDriver('contract_no_nonfarm'),
  rightsBlockedDriver,
  returnedDriver,
  withdrawnDriver,
  objectionDriver,
  fourEyesDriver,
  shortfallDriver,
  contractDriver('contract_all_current'),
  contractDriver('contract_partial_permanent'),
  appealDriver,
  // the equity exit (wave 2): to closed with the collective paying, and turned away by E-SETTLED, E-SHARES
  equityDriver('equity_exit'),
  ineligibleDriver('equity_not_settled'),
  ineligibleDriver('equity_too_many_shares'),
];

const COVERED = new Set<string>([
  'cash',
  'urban_housing',
  'town_housing',
  'not_qualified',
  'illegal_occupation',
  'contract_no_nonfarm',
  'rights_blocked',
  'returned_then_resubmitted',
  'withdrawn',
  'objection',
  'four_eyes',
  'shortfall',
  'contract_all_current',
  'contract_partial_permanent',
  'appeal',
  'equity_exit',
  'equity_not_settled',
  'equity_too_many_shares',
  'duplicate',
  'spare_1',
  'spare_2',
  // no driver: `npm start` seeds their cases waiting at the review steps and, for the equity exit, at the
  // offers and the collective's payment (local/seed/demoCases.ts); a case of theirs holds their land, or
  // is their open equity exit (E-NO-DUPLICATE), so another case of theirs would be refused
  'waiting_village',
  'waiting_town',
  'waiting_district',
  'waiting_equity_village',
  'waiting_equity_town',
  'waiting_equity_district',
  'waiting_equity_offers',
  'waiting_equity_payment',
]);

/** Every other demo household: the rest of the ineligible outcomes, and the other eligible ones to the end. */
export const EXTRA_DRIVERS: Driver[] = [
  duplicateDriver,
  ...DEMO_HOUSEHOLDS.filter((d) => !COVERED.has(d.scenario)).map((d) =>
    d.expected === 'eligible'
      ? d.scenario.startsWith('contract_')
        ? contractDriver(d.scenario as 'contract_leased')
        : isEquityScenario(d.scenario)
          ? equityDriver(d.scenario)
          : resettlementDriver(d.scenario, 'cash')
      : ineligibleDriver(d.scenario),
  ),
];

export const ALL_DRIVERS: Driver[] = [...CORE_DRIVERS, ...EXTRA_DRIVERS];

export function driver(name: string): Driver {
  const found = ALL_DRIVERS.find((x) => x.name === name);
  if (!found) throw new Error(`no driver ${name}`);
  return found;
}

/** The districts of the demo villages (for the fund checks). */
export const DEMO_DISTRICTS = [...new Set(DEMO_VILLAGES.map((v) => v.districtCode))];
