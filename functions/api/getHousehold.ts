import * as z from 'zod';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { idSchema } from '../../shared/domain/model/common.js';
import { NotFound } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody } from './http/schemas.js';

/** GET /registry/households/{householdId}: registrar, auditor of the district, the village's reviewers, or the household. */
const params = z.strictObject({ householdId: idSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof noBody> = {
  id: 'getHousehold',
  method: 'GET',
  path: '/registry/households/{householdId}',
  params,
  query: anyQuery,
  body: noBody,
  async handle({ params: p, principal }) {
    const household = await getHousehold(p.householdId);
    // the owner check runs even for an unknown id, so that 404 never tells a stranger what exists
    authorizeResource('getHousehold', principal, {
      householdId: p.householdId,
      ...(household ? { villageCode: household.villageCode } : {}),
      districtCode: (household?.villageCode ?? '').slice(0, 6) || undefined,
    });
    if (!household) throw new NotFound(`no household ${p.householdId}`);
    return { status: 200, body: household };
  },
};

export const handler = lambdaHandler(route);
