import { authorizeResource } from '../auth/authorization.js';
import type { Principal } from '../auth/principal.js';
import { Forbidden } from '../errors/appError.js';

/**
 * The district whose fund (or quota) the caller may use: one fund per district, the one in
 * custom:district, checked against the authorization table like any other resource. A route that
 * names the district (`GET /quota?district=`) asks for that one: another district than the caller's
 * own is 403, like a resource out of scope.
 */
export function fundDistrictFor(
  route:
    | 'getFund'
    | 'getLedger'
    | 'createReplenishment'
    | 'getQuota'
    | 'proposeReversal'
    | 'decideFundApproval'
    | 'listFundApprovals',
  p: Principal,
  requested?: string,
): string {
  const district = requested ?? p.district;
  if (!district) throw new Forbidden('your account has no custom:district');
  authorizeResource(route, p, { districtCode: district });
  return district;
}
