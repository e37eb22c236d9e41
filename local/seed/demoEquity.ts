import type { HouseholdInput } from '../../shared/domain/model/household.js';
import { household, V } from './demoRecords.js';

/**
 * The demo's equity exit (集体资产股权有偿退出, 二(二)5; DOMAIN.md wave 2 "Equity exit"): the collective of
 * 东坪村 records its share value and total shares, and households of it that have settled in town give
 * up collective shares. `npm run demo` and the end-to-end tests take one case from draft to closed, the
 * collective paying (local/demo/scenarios/equity.ts), and find two turned away by the rules; `npm start`
 * seeds one case at each main step of the path (local/seed/demoCases.ts).
 */

/**
 * 东坪村's collective (村集体经济组织), as the registrar records it: the latest audited net assets per share,
 * 850 元 a share, and 2 000 shares issued in all, so it buys back at most 5 % × 2 000 = 100 shares in a
 * calendar year (the illustrative redemption cap).
 */
export const EQUITY_VILLAGE = { villageCode: V.dongping, shareValueFen: 85_000, totalShares: 2_000 } as const;

/** The shares each demo equity household holds, and those its application gives up (some, not all). */
export const EQUITY_SHARES_HELD = 20;
export const EQUITY_SHARES_ASKED = 12;

export type EquityScenario =
  | 'equity_exit'
  | 'equity_not_settled'
  | 'equity_too_many_shares'
  // npm start's equity cases, one at each main step (local/seed/demoCases.ts)
  | 'waiting_equity_village'
  | 'waiting_equity_town'
  | 'waiting_equity_district'
  | 'waiting_equity_offers'
  | 'waiting_equity_payment';

export interface EquityHousehold {
  scenario: EquityScenario;
  expected: 'eligible' | `E-${string}`;
  record: HouseholdInput;
}

const scenarios = new Set<string>([
  'equity_exit',
  'equity_not_settled',
  'equity_too_many_shares',
  'waiting_equity_village',
  'waiting_equity_town',
  'waiting_equity_district',
  'waiting_equity_offers',
  'waiting_equity_payment',
] satisfies EquityScenario[]);

export const isEquityScenario = (scenario: string): scenario is EquityScenario => scenarios.has(scenario);

/** The shares the scenario's application names: more than the household holds when that is the point. */
export function equitySharesAsked(scenario: EquityScenario, held: number): number {
  return scenario === 'equity_too_many_shares' ? held + 5 : EQUITY_SHARES_ASKED;
}

/** A household of 东坪村 settled in town (36 months' urban residence, 24 needed) holding 20 shares. */
const settled = (n: number, spec: Parameters<typeof household>[2] = {}) =>
  household(n, EQUITY_VILLAGE.villageCode, { equityShares: EQUITY_SHARES_HELD, ...spec });

export const EQUITY_HOUSEHOLDS: EquityHousehold[] = [
  { scenario: 'equity_exit', expected: 'eligible', record: settled(37, { members: 3 }) },
  {
    scenario: 'equity_not_settled',
    expected: 'E-SETTLED',
    // ten months in town: not yet settled (24 months needed)
    record: settled(38, {
      nonFarm: { socialInsuranceMonths: 40, urbanResidenceMonths: 10, businessLicenceMonths: 0 },
    }),
  },
  // asks 25 shares of the 20 it holds
  { scenario: 'equity_too_many_shares', expected: 'E-SHARES', record: settled(39) },
  { scenario: 'waiting_equity_village', expected: 'eligible', record: settled(40) },
  { scenario: 'waiting_equity_town', expected: 'eligible', record: settled(41, { members: 3 }) },
  { scenario: 'waiting_equity_district', expected: 'eligible', record: settled(42) },
  { scenario: 'waiting_equity_offers', expected: 'eligible', record: settled(43) },
  { scenario: 'waiting_equity_payment', expected: 'eligible', record: settled(44, { members: 3 }) },
];
