import type { HouseholdInput } from '../../shared/domain/model/household.js';
import type { Village } from '../../shared/domain/model/village.js';
import { EQUITY_HOUSEHOLDS, EQUITY_VILLAGE, type EquityScenario } from './demoEquity.js';
import { homestead, household, plot, RURAL, V } from './demoRecords.js';

/**
 * Demo data for the local runtime: villages across all eight Zibo districts with each location tier,
 * and households that between them produce every eligibility outcome, each resettlement option, the
 * four-eyes threshold and a fund shortfall, and (local/seed/demoEquity.ts) the equity exit. `scenario`
 * says what each household is for; the demo script and the end-to-end tests pick households by it.
 */
export const DEMO_VILLAGES: Village[] = [
  {
    villageCode: '370302101201',
    name: '东坪村',
    townName: '洪山镇',
    districtCode: '370302',
    tier: 2,
    exitConditions: [],
    // the collective's share value and total shares (equity exit, local/seed/demoEquity.ts)
    shareValueFen: EQUITY_VILLAGE.shareValueFen,
    totalShares: EQUITY_VILLAGE.totalShares,
  },
  {
    villageCode: '370302102203',
    name: '西河村',
    townName: '西河镇',
    districtCode: '370302',
    tier: 3,
    exitConditions: [],
  },
  {
    villageCode: '370303100101',
    name: '马尚村',
    townName: '马尚街道',
    districtCode: '370303',
    tier: 1,
    exitConditions: [],
  },
  {
    villageCode: '370304101101',
    name: '石门村',
    townName: '池上镇',
    districtCode: '370304',
    tier: 3,
    exitConditions: [],
  },
  {
    villageCode: '370305100201',
    name: '齐都村',
    townName: '齐都镇',
    districtCode: '370305',
    tier: 2,
    exitConditions: [],
  },
  {
    villageCode: '370306101101',
    name: '王村',
    townName: '王村镇',
    districtCode: '370306',
    tier: 2,
    exitConditions: [],
  },
  {
    villageCode: '370321100101',
    name: '索镇村',
    townName: '索镇',
    districtCode: '370321',
    tier: 2,
    exitConditions: [],
  },
  {
    villageCode: '370322101101',
    name: '花沟村',
    townName: '花沟镇',
    districtCode: '370322',
    tier: 3,
    exitConditions: [],
  },
  {
    villageCode: '370323101101',
    name: '南麻村',
    townName: '南麻街道',
    districtCode: '370323',
    tier: 3,
    // a village whose bylaw demands the contract land too: its homestead cases are blocked by the rights check
    exitConditions: [{ right: 'contract_land', text: '退出宅基地的农户须同时交回承包地（村规民约第七条）' }],
  },
];

export type Scenario =
  | 'cash'
  | 'urban_housing'
  | 'town_housing'
  | 'returned_then_resubmitted'
  | 'withdrawn'
  | 'objection'
  | 'four_eyes'
  | 'shortfall'
  | 'appeal'
  | 'minor_member'
  | 'business_licence'
  | 'multi_homestead_second'
  | 'multi_homestead_first'
  | 'mortgaged_with_consent'
  | 'not_voluntary'
  | 'illegal_occupation'
  | 'not_qualified'
  | 'residence_too_short'
  | 'disputed'
  | 'mortgaged_without_consent'
  | 'seized'
  | 'duplicate'
  | 'rights_blocked'
  | 'contract_all_current'
  | 'contract_partial_permanent'
  | 'contract_leased'
  | 'contract_disputed'
  | 'contract_no_nonfarm'
  | 'contract_no_plots'
  | 'contract_expired'
  | 'contract_mortgaged'
  | 'spare_1'
  | 'spare_2'
  | 'waiting_village'
  | 'waiting_town'
  | 'waiting_district'
  | EquityScenario;

export interface DemoHousehold {
  scenario: Scenario;
  /** the outcome the rules should reach: 'eligible', or the rule id that fails */
  expected: 'eligible' | 'rights_blocked' | `${'H' | 'C' | 'E'}-${string}`;
  record: HouseholdInput;
}

export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
  { scenario: 'cash', expected: 'eligible', record: household(1, V.dongping, {}) },
  {
    scenario: 'urban_housing',
    expected: 'eligible',
    record: household(2, V.mashang, { members: 4, homesteads: [homestead('P201', 260)] }),
  },
  { scenario: 'town_housing', expected: 'eligible', record: household(3, V.qidu, { members: 3 }) },
  { scenario: 'returned_then_resubmitted', expected: 'eligible', record: household(4, V.dongping, {}) },
  { scenario: 'withdrawn', expected: 'eligible', record: household(5, V.dongping, {}) },
  { scenario: 'objection', expected: 'eligible', record: household(6, V.wangcun, {}) },
  {
    scenario: 'four_eyes',
    expected: 'eligible',
    // tier 1, 600 m2 and a new 420 m2 house: well above the ¥500 000 four-eyes threshold
    record: household(7, V.mashang, {
      homesteads: [
        homestead('P701', 600, {
          building: { floorAreaM2: 420, structure: 'brick_concrete', yearBuilt: 2024 },
        }),
      ],
    }),
  },
  { scenario: 'shortfall', expected: 'eligible', record: household(8, V.huagou, {}) },
  { scenario: 'appeal', expected: 'eligible', record: household(9, V.suozhen, {}) },
  {
    scenario: 'minor_member',
    expected: 'eligible',
    record: household(10, V.xihe, { members: 3, minor: true }),
  },
  {
    scenario: 'business_licence',
    expected: 'eligible',
    record: household(11, V.shimen, {
      nonFarm: { socialInsuranceMonths: 0, urbanResidenceMonths: 40, businessLicenceMonths: 60 },
    }),
  },
  {
    scenario: 'multi_homestead_second',
    expected: 'eligible',
    record: household(12, V.xihe, {
      nonFarm: RURAL,
      homesteads: [homestead('P1201', 180), homestead('P1202', 150)],
    }),
  },
  {
    scenario: 'multi_homestead_first',
    expected: 'H-QUALIFIED',
    record: household(13, V.xihe, {
      nonFarm: RURAL,
      homesteads: [homestead('P1301', 180), homestead('P1302', 120)],
    }),
  },
  {
    scenario: 'mortgaged_with_consent',
    expected: 'eligible',
    record: household(14, V.qidu, {
      homesteads: [homestead('P1401', 210, { status: 'mortgaged', mortgageeConsent: true })],
    }),
  },
  { scenario: 'not_voluntary', expected: 'H-VOLUNTARY', record: household(15, V.dongping, { members: 3 }) },
  {
    scenario: 'illegal_occupation',
    expected: 'H-LEGAL',
    record: household(16, V.wangcun, {
      homesteads: [homestead('P1601', 300, { status: 'illegal_occupation' })],
    }),
  },
  {
    scenario: 'not_qualified',
    expected: 'H-QUALIFIED',
    record: household(17, V.suozhen, { nonFarm: RURAL }),
  },
  {
    scenario: 'residence_too_short',
    expected: 'H-QUALIFIED',
    record: household(18, V.suozhen, {
      nonFarm: { socialInsuranceMonths: 40, urbanResidenceMonths: 10, businessLicenceMonths: 0 },
    }),
  },
  {
    scenario: 'disputed',
    expected: 'H-UNENCUMBERED',
    record: household(19, V.shimen, { homesteads: [homestead('P1901', 200, { status: 'disputed' })] }),
  },
  {
    scenario: 'mortgaged_without_consent',
    expected: 'H-UNENCUMBERED',
    record: household(20, V.shimen, { homesteads: [homestead('P2001', 200, { status: 'mortgaged' })] }),
  },
  {
    scenario: 'seized',
    expected: 'H-UNENCUMBERED',
    record: household(21, V.huagou, { homesteads: [homestead('P2101', 200, { status: 'seized' })] }),
  },
  { scenario: 'duplicate', expected: 'H-NO-DUPLICATE', record: household(22, V.qidu, {}) },
  { scenario: 'rights_blocked', expected: 'rights_blocked', record: household(23, V.nanma, {}) },
  {
    scenario: 'contract_all_current',
    expected: 'eligible',
    record: household(24, V.dongping, {
      plots: [plot('C2401', 2.5), plot('C2402', 1.2345, { termEnd: '2040-12-31' })],
    }),
  },
  {
    scenario: 'contract_partial_permanent',
    expected: 'eligible',
    record: household(25, V.mashang, { plots: [plot('C2501', 3), plot('C2502', 0.75)] }),
  },
  {
    scenario: 'contract_leased',
    expected: 'eligible',
    record: household(26, V.qidu, { plots: [plot('C2601', 4, { status: 'leased' })] }),
  },
  {
    scenario: 'contract_disputed',
    expected: 'C-PLOTS',
    record: household(27, V.wangcun, { plots: [plot('C2701', 2, { status: 'disputed' })] }),
  },
  {
    scenario: 'contract_no_nonfarm',
    expected: 'C-NONFARM',
    record: household(28, V.suozhen, { nonFarm: RURAL }),
  },
  { scenario: 'contract_no_plots', expected: 'C-PLOTS', record: household(29, V.huagou, { plots: [] }) },
  {
    scenario: 'contract_expired',
    expected: 'C-PLOTS',
    record: household(30, V.shimen, { plots: [plot('C3001', 2, { termEnd: '2019-12-31' })] }),
  },
  {
    scenario: 'contract_mortgaged',
    expected: 'C-PLOTS',
    record: household(31, V.xihe, { plots: [plot('C3101', 2, { status: 'mortgaged' })] }),
  },
  { scenario: 'spare_1', expected: 'eligible', record: household(32, V.dongping, {}) },
  { scenario: 'spare_2', expected: 'eligible', record: household(33, V.mashang, {}) },
  // the cases `npm start` seeds waiting at each review step (local/seed/demoCases.ts): one village, so its
  // reviewer, its town's reviewer and its district's approver each find one in their queue
  { scenario: 'waiting_village', expected: 'eligible', record: household(34, V.dongping, {}) },
  { scenario: 'waiting_town', expected: 'eligible', record: household(35, V.dongping, { members: 3 }) },
  { scenario: 'waiting_district', expected: 'eligible', record: household(36, V.dongping, {}) },
  // the equity exit (二(二)5): households 37–44, all of 东坪村
  ...EQUITY_HOUSEHOLDS,
];
