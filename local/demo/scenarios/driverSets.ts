import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../seed/demoData.js';
import { appealDriver, duplicateDriver, ineligibleDriver, rightsBlockedDriver } from './eligibility.js';
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
  'duplicate',
  'spare_1',
  'spare_2',
  // no driver: `npm start` seeds their cases waiting at the review steps (local/seed/demoCases.ts), and a
  // case of theirs holds their land, so another case for the same parcel would be refused
  'waiting_village',
  'waiting_town',
  'waiting_district',
]);

/** Every other demo household: the rest of the ineligible outcomes, and the other eligible ones to the end. */
export const EXTRA_DRIVERS: Driver[] = [
  duplicateDriver,
  ...DEMO_HOUSEHOLDS.filter((d) => !COVERED.has(d.scenario)).map((d) =>
    d.expected === 'eligible'
      ? d.scenario.startsWith('contract_')
        ? contractDriver(d.scenario as 'contract_leased')
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
