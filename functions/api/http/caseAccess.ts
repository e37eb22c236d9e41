import { getCase, type StoredCase } from '../../../shared/adapters/table/caseRepository.js';
import { authorizeResource, type RouteId } from '../../../shared/auth/authorization.js';
import type { Principal, Role } from '../../../shared/auth/principal.js';
import { type CaseCollection, readCaseCollection } from '../../../shared/cases/caseCollection.js';
import { NotFound } from '../../../shared/errors/appError.js';

/** Loads a case and checks the caller's scope on it: 404 for an unknown id, 403 for someone else's. */
export async function loadCaseFor(
  route: RouteId,
  principal: Principal,
  caseId: string,
): Promise<StoredCase & { role: Role }> {
  return authorized(route, principal, caseId, await getCase(caseId));
}

/**
 * loadCaseFor with the case's documents and whole history, in one Query of its partition
 * (shared/cases/caseCollection.ts), for a handler that needs them: the case view, the vacating's photos.
 */
export async function loadCaseCollectionFor(
  route: RouteId,
  principal: Principal,
  caseId: string,
): Promise<CaseCollection & { role: Role }> {
  return authorized(route, principal, caseId, await readCaseCollection(caseId));
}

function authorized<T extends StoredCase>(
  route: RouteId,
  principal: Principal,
  caseId: string,
  stored: T | undefined,
): T & { role: Role } {
  if (!stored) throw new NotFound(`no case ${caseId}`);
  const c = stored.case;
  const role = authorizeResource(route, principal, {
    householdId: c.householdId,
    villageCode: c.village,
    districtCode: c.districtCode,
  });
  return { ...stored, role };
}
