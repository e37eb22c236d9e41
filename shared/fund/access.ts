import { authorizeResource } from '../auth/authorization.js';
import type { Principal } from '../auth/principal.js';
import { Forbidden } from '../errors/appError.js';

/**
 * The district whose fund the caller may use: one fund per district, the one in custom:district,
 * checked against the authorization table like any other resource.
 */
export function fundDistrictFor(
  route: 'getFund' | 'getLedger' | 'createReplenishment',
  p: Principal,
): string {
  if (!p.district) throw new Forbidden('your account has no custom:district');
  authorizeResource(route, p, { districtCode: p.district });
  return p.district;
}
