import * as z from 'zod';
import { type Principal, type Role, requireClaim } from '../../shared/auth/principal.js';
import { Forbidden } from '../../shared/errors/appError.js';
import { listInbox, recipients } from '../../shared/notifications/inbox.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /notifications?limit= (extension of API.md): the caller's in-app inbox (站内通知), newest first.
 * A notice goes to the role that must act: the household, the village's reviewers, the town's reviewers,
 * the district's approvers, fund administrators or auditors (escalations that reach the top of the
 * ladder); each caller reads only their own inbox, picked from their claims.
 */
const query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

const ROLE_ORDER: Role[] = [
  'applicant',
  'village_reviewer',
  'town_reviewer',
  'district_approver',
  'fund_admin',
  'auditor',
  'land_officer',
  'registrar',
];

function inboxOf(role: Role, p: Principal): string {
  if (role === 'applicant') return recipients.household(requireClaim(p.householdId, 'custom:householdId'));
  if (role === 'village_reviewer') return recipients.village(requireClaim(p.village, 'custom:village'));
  if (role === 'town_reviewer') return recipients.town(requireClaim(p.town, 'custom:town'));
  if (role === 'district_approver') {
    return recipients.districtApprovers(requireClaim(p.district, 'custom:district'));
  }
  if (role === 'auditor') return recipients.auditors(requireClaim(p.district, 'custom:district'));
  if (role === 'land_officer') return recipients.landOfficers(requireClaim(p.district, 'custom:district'));
  if (role === 'registrar') return recipients.registrars();
  return recipients.fundAdmins(requireClaim(p.district, 'custom:district'));
}

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'listNotifications',
  method: 'GET',
  path: '/notifications',
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q, principal, grants }) {
    const role = ROLE_ORDER.find((r) => grants.some((g) => g.role === r));
    if (!role) throw new Forbidden();
    return { status: 200, body: { items: await listInbox(inboxOf(role, principal), q.limit) } };
  },
};

export const handler = lambdaHandler(route);
