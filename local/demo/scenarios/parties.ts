import { DEMO_HOUSEHOLDS, type DemoHousehold, type Scenario } from '../../seed/demoData.js';
import type { ApiClient, Session } from '../client.js';
import type { DemoContext } from './types.js';

/** Who plays a path: the demo household of a scenario and the demo users that act on its case. */

export function demoHousehold(scenario: Scenario): DemoHousehold {
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === scenario);
  if (!d) throw new Error(`no demo household for scenario ${scenario}`);
  return d;
}

export function districtOf(d: DemoHousehold): string {
  return d.record.villageCode.slice(0, 6);
}

const sessions = new WeakMap<ApiClient, Map<string, Promise<Session>>>();

/** A signed-in demo user, one login per user and client. */
export function as(ctx: DemoContext, userId: string): Promise<Session> {
  let byUser = sessions.get(ctx.api);
  if (!byUser) {
    byUser = new Map();
    sessions.set(ctx.api, byUser);
  }
  let s = byUser.get(userId);
  if (!s) {
    s = ctx.api.login(userId);
    byUser.set(userId, s);
    s.catch(() => byUser?.delete(userId));
  }
  return s;
}

export const applicantOf = (d: DemoHousehold) => `applicant-${d.record.householdId}`;
export const reviewerOf = (d: DemoHousehold) => `reviewer-${d.record.villageCode}`;
/** The town's reviewer (乡镇审核): a town is the first 9 digits of its villages' codes. */
export const townReviewerOf = (d: DemoHousehold) => `town-reviewer-${d.record.villageCode.slice(0, 9)}`;
export const districtApproverOf = (d: DemoHousehold) => `district-approver-${districtOf(d)}`;
export const fundAdmin = (district: string, who: 'a' | 'b' = 'a') => `fund-${district}-${who}`;
/** The land leg (wave 2): the village's second reviewer (not the one who decided the review), the land officer. */
export const villageClerkOf = (d: DemoHousehold) => `village-clerk-${d.record.villageCode}`;
export const landOfficerOf = (d: DemoHousehold) => `land-officer-${districtOf(d)}`;

/** The members' meeting that adopted the collective's decision (a clear majority). */
export function resolution(votesFor = 31) {
  return {
    meetingDate: new Date().toISOString().slice(0, 10),
    membersPresent: 40,
    votesFor,
    votesAgainst: 40 - votesFor - 2,
  };
}
