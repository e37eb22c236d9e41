import type { Runtime } from '../../local/runtime/runtime.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { quarterOf } from '../../shared/reports/projection.js';
import { Api } from '../http.js';
import type { Census } from './fill.js';
import type { ReadRoute } from './measure.js';
import { LARGE_DISTRICT } from './world.js';

/**
 * The read routes of API.md (and its extensions the portal reads), each as the user it is for, all in
 * the large district (40 % of the cases): the busiest village's reviewer and town's reviewer, the
 * district's approver, auditor and fund administrator, and a household with a case.
 */

const busiest = (m: Map<string, number>, within: (k: string) => boolean) =>
  [...m].filter(([k]) => within(k)).sort((a, b) => b[1] - a[1])[0]?.[0];

export interface RouteSetup {
  routes: ReadRoute[];
  village: string;
  town: string;
  household: string;
  quarter: { year: number; quarter: number };
}

export async function readRoutes(runtime: Runtime, census: Census, now: string): Promise<RouteSetup> {
  const inLarge = (code: string) => code.startsWith(LARGE_DISTRICT);
  const village = busiest(census.villageReview, inLarge);
  const town = busiest(census.townReview, inLarge) ?? (village ? townOfVillage(village) : undefined);
  const household = census.household;
  if (!village || !town || !household)
    throw new Error('the fill left no village queue, town queue or household');
  const users = [
    { userId: `scale-reviewer-${village}`, groups: ['village_reviewer' as const], village },
    { userId: `scale-town-${town}`, groups: ['town_reviewer' as const], town },
    { userId: `scale-applicant-${household}`, groups: ['applicant' as const], householdId: household },
  ];
  for (const u of users) await runtime.users.put({ ...u, displayName: u.userId });
  const api = new Api(runtime.url);
  const token = (userId: string) => api.login(userId);
  const [reviewer, townReviewer, applicant, approver, auditor, fundAdmin] = await Promise.all([
    token(users[0]?.userId ?? ''),
    token(users[1]?.userId ?? ''),
    token(users[2]?.userId ?? ''),
    token(`district-approver-${LARGE_DISTRICT}`),
    token(`auditor-${LARGE_DISTRICT}`),
    token(`fund-${LARGE_DISTRICT}-a`),
  ]);
  // the last full quarter: the report a district prints most
  const q = quarterOf(new Date(Date.parse(now) - 92 * 86_400_000).toISOString());
  const report = `/reports/quarterly?year=${q.year}&quarter=${q.quarter}&district=${LARGE_DISTRICT}`;
  const ids = census.sampleCaseIds;
  const routes: ReadRoute[] = [
    {
      name: 'reviewer queue (village_review)',
      fn: 'listCases',
      token: reviewer,
      path: () => '/cases?status=village_review&limit=20',
    },
    {
      name: 'town queue (town_review)',
      fn: 'listCases',
      token: townReviewer,
      path: () => '/cases?status=town_review&limit=20',
    },
    {
      name: 'district queue (district_approval)',
      fn: 'listCases',
      token: approver,
      path: () => '/cases?status=district_approval&limit=20',
    },
    {
      name: 'fund queue (fund_review)',
      fn: 'listCases',
      token: fundAdmin,
      path: () => '/cases?status=fund_review&limit=20',
    },
    { name: 'auditor list', fn: 'listCases', token: auditor, path: () => '/cases?limit=20' },
    { name: 'household list', fn: 'listCases', token: applicant, path: () => '/cases' },
    { name: 'case view', fn: 'getCase', token: auditor, path: (i) => `/cases/${ids[i % ids.length]}` },
    { name: 'fund', fn: 'getFund', token: fundAdmin, path: () => '/fund' },
    { name: 'ledger page', fn: 'getLedger', token: fundAdmin, path: () => '/fund/ledger' },
    { name: 'fund overview', fn: 'getFundOverview', token: fundAdmin, path: () => '/fund/overview' },
    {
      name: 'quarterly report JSON',
      fn: 'getQuarterlyReport',
      token: auditor,
      path: () => report,
      calls: 10,
    },
    {
      name: 'quarterly report CSV',
      fn: 'getQuarterlyReport',
      token: auditor,
      path: () => `${report}&format=csv`,
      calls: 10,
    },
    {
      name: 'quarterly report xlsx',
      fn: 'getQuarterlyReport',
      token: auditor,
      path: () => `${report}&format=xlsx`,
      calls: 10,
    },
    { name: 'quota', fn: 'getQuota', token: fundAdmin, path: () => `/quota?district=${LARGE_DISTRICT}` },
    {
      name: 'notifications (village)',
      fn: 'listNotifications',
      token: reviewer,
      path: () => '/notifications',
    },
    {
      name: 'notifications (household)',
      fn: 'listNotifications',
      token: applicant,
      path: () => '/notifications',
    },
  ];
  return { routes, village, town, household, quarter: q };
}
