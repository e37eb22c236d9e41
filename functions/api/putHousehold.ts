import * as z from 'zod';
import { getVillage, putHousehold } from '../../shared/adapters/table/registryRepository.js';
import { householdRecordSchema } from '../../shared/contract/registry.js';
import { requestIdSchema } from '../../shared/domain/model/common.js';
import { householdSchema } from '../../shared/domain/model/household.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery } from './http/schemas.js';

/**
 * PUT /registry/households/{householdId} (registrar): the household record of API.md. The repository
 * keeps the registry whole (docs/registry-integrity.md): 409 CERTIFICATE_HELD when a certificate number
 * belongs to another parcel or household (`heldBy`), 409 ILLEGAL_TRANSITION when the body changes or
 * drops an exited parcel (`exitedParcel`), 400 when it marks a parcel exited, 409 LAND_HELD when it drops
 * a parcel or plot a case holds under a land claim or changes its certificate number or area (`heldBy`).
 */
const params = z.strictObject({ householdId: requestIdSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof householdSchema> = {
  id: 'putHousehold',
  method: 'PUT',
  path: '/registry/households/{householdId}',
  responses: { 200: householdRecordSchema },
  params,
  query: anyQuery,
  body: householdSchema,
  async handle({ params: p, body, principal, now }) {
    if (body.householdId !== p.householdId) {
      throw new ValidationFailed('the household id in the body differs from the path', [
        { path: 'body.householdId', message: `must be ${p.householdId}` },
      ]);
    }
    if (!(await getVillage(body.villageCode))) {
      throw new ValidationFailed('unknown village', [
        {
          path: 'body.villageCode',
          message: `village ${body.villageCode} is not registered; register it first`,
        },
      ]);
    }
    await putHousehold(body, principal.sub, now);
    return { status: 200, body };
  },
};

export const handler = lambdaHandler(route);
