import { getCase, type StoredCase } from '../../../shared/adapters/table/caseRepository.js';
import { authorizeResource, type RouteId } from '../../../shared/auth/authorization.js';
import type { Principal, Role } from '../../../shared/auth/principal.js';
import { NotFound } from '../../../shared/errors/appError.js';

/** Loads a case and checks the caller's scope on it: 404 for an unknown id, 403 for someone else's. */
export async function loadCaseFor(
  route: RouteId,
  principal: Principal,
  caseId: string,
): Promise<StoredCase & { role: Role }> {
  const stored = await getCase(caseId);
  if (!stored) throw new NotFound(`no case ${caseId}`);
  const c = stored.case;
  const role = authorizeResource(route, principal, {
    householdId: c.householdId,
    villageCode: c.village,
    districtCode: c.districtCode,
  });
  return { ...stored, role };
}
