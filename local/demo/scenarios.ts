/**
 * One driver per path of the case life cycle, each playing every party over HTTP (household, village
 * collective, neighbours, fund administrators, registrar) with the demo households of
 * local/seed/demoData.ts. A driver returns a result row and the problems it saw against what the path
 * must show; it never throws for a wrong outcome, so one broken path does not hide the others. The
 * end-to-end tests (test/e2e) run the same drivers and assert the details.
 *
 * The drivers and their helpers live in `scenarios/`, one idea per module; this module is the one the
 * demo and the tests import.
 */
export { failedRuleIds, statusPath } from './scenarios/casePath.js';
export { ALL_DRIVERS, CORE_DRIVERS, DEMO_DISTRICTS, driver, EXTRA_DRIVERS } from './scenarios/driverSets.js';
export {
  appealDriver,
  duplicateDriver,
  ineligibleDriver,
  rightsBlockedDriver,
} from './scenarios/eligibility.js';
export { equityDriver } from './scenarios/equity.js';
export { fourEyesDriver, shortfallDriver } from './scenarios/fund.js';
export { checkFund, type FundCheck } from './scenarios/fundCheck.js';
export { finishLandLeg } from './scenarios/landLegRun.js';
export {
  applicantOf,
  as,
  demoHousehold,
  districtOf,
  fundAdmin,
  resolution,
  reviewerOf,
} from './scenarios/parties.js';
export { contractDriver, resettlementDriver, townHousingBalanceDriver } from './scenarios/resettlement.js';
export { objectionDriver, returnedDriver, withdrawnDriver } from './scenarios/review.js';
export type { DemoContext, Driver, ScenarioResult } from './scenarios/types.js';
