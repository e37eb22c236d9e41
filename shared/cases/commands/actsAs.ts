import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { authorizeResource, grantsFor, type RouteId } from '../../auth/authorization.js';
import type { Principal, Role } from '../../auth/principal.js';

/**
 * Whether `principal`, acting in `role` alone, reaches the case on `route`. A route admits several roles
 * (a review route: village, town and district reviewers; the milestones: village, land officer,
 * registrar), but each step is one role's: a person holding several must hold that one over this case.
 */
export function actsAs(route: RouteId, stored: StoredCase, principal: Principal, role: Role): boolean {
  const c = stored.case;
  const asRole = { ...principal, roles: principal.roles.filter((r) => r === role) };
  if (grantsFor(route, asRole).length === 0) return false;
  try {
    authorizeResource(route, asRole, {
      householdId: c.householdId,
      villageCode: c.village,
      districtCode: c.districtCode,
    });
    return true;
  } catch {
    // not this case's village, town or district
    return false;
  }
}
