import * as z from 'zod';
import { parametersInForceFor } from '../../shared/adapters/table/policyRepository.js';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import type { Principal } from '../../shared/auth/principal.js';
import { policyParametersViewSchema } from '../../shared/contract/policy.js';
import { chinaDate } from '../../shared/domain/chinaDate.js';
import { type DistrictCode, districtCodeSchema, isoDateSchema } from '../../shared/domain/model/common.js';
import { NoParametersInForceError } from '../../shared/domain/policy/parametersInForce.js';
import { NotFound, ValidationFailed } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /policy/parameters?district=&at= (everyone signed in): the version in force on the Zibo date `at`
 * (default: today in Zibo, not the UTC day). Without a district, the caller's own district (from their
 * claims or their household's village) is used.
 */
const query = z.object({ district: districtCodeSchema.optional(), at: isoDateSchema.optional() });

async function ownDistrict(p: Principal): Promise<DistrictCode | undefined> {
  const candidate =
    p.district ??
    p.village?.slice(0, 6) ??
    (p.householdId ? (await getHousehold(p.householdId))?.villageCode.slice(0, 6) : undefined);
  const parsed = districtCodeSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'getPolicyParameters',
  method: 'GET',
  path: '/policy/parameters',
  responses: { 200: policyParametersViewSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q, principal, now }) {
    const district = q.district ?? (await ownDistrict(principal));
    if (!district)
      throw new ValidationFailed('which district?', [
        { path: 'query.district', message: 'required: a Zibo district code' },
      ]);
    try {
      return { status: 200, body: await parametersInForceFor(district, q.at ?? chinaDate(now)) };
    } catch (error) {
      if (error instanceof NoParametersInForceError) throw new NotFound(error.message);
      throw error;
    }
  },
};

export const handler = lambdaHandler(route);
