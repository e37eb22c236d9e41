import { type Principal, type Role, requireClaim } from '../auth/principal.js';
import { recipients } from './inbox.js';

/**
 * Whose inbox a caller reads: a notice goes to the role that must act, so the caller's inbox is their
 * role's (the first of these they hold), picked from their claims. `GET /notifications` lists it and
 * `POST /notifications/{id}/read` marks in it: one place decides both.
 */
export const INBOX_ROLE_ORDER: readonly Role[] = [
  'applicant',
  'village_reviewer',
  'town_reviewer',
  'district_approver',
  'fund_admin',
  'auditor',
  'land_officer',
  'registrar',
];

export function inboxOf(role: Role, p: Principal): string {
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

/** The caller's inbox from the roles the route granted them; undefined when none has one. */
export function callerInbox(grants: readonly { role: Role }[], p: Principal): string | undefined {
  const role = INBOX_ROLE_ORDER.find((r) => grants.some((g) => g.role === r));
  return role ? inboxOf(role, p) : undefined;
}
