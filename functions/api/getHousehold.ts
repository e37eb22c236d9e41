import * as z from 'zod';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { authorizeResource, seesFullNationalIds } from '../../shared/auth/authorization.js';
import { householdRecordSchema } from '../../shared/contract/registry.js';
import { idSchema } from '../../shared/domain/model/common.js';
import { NotFound } from '../../shared/errors/appError.js';
import { maskedNationalId } from '../../shared/privacy/nationalId.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody } from './http/schemas.js';

/**
 * GET /registry/households/{householdId}: registrar, auditor of the district, the village's reviewers, or
 * the household. The members' identity numbers are whole for the registrar and the household only, the
 * last four for everyone else (NATIONAL_ID_VISIBILITY in shared/auth/authorization.ts).
 */
const params = z.strictObject({ householdId: idSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof noBody> = {
  id: 'getHousehold',
  method: 'GET',
  path: '/registry/households/{householdId}',
  responses: { 200: householdRecordSchema },
  params,
  query: anyQuery,
  body: noBody,
  async handle({ params: p, principal }) {
    const household = await getHousehold(p.householdId);
    // the owner check runs even for an unknown id, so that 404 never tells a stranger what exists
    const owner = {
      householdId: p.householdId,
      ...(household ? { villageCode: household.villageCode } : {}),
      districtCode: (household?.villageCode ?? '').slice(0, 6) || undefined,
    };
    authorizeResource('getHousehold', principal, owner);
    if (!household) throw new NotFound(`no household ${p.householdId}`);
    if (seesFullNationalIds(principal, owner)) return { status: 200, body: household };
    const members = household.members.map((m) => ({ ...m, nationalId: maskedNationalId(m.nationalId) }));
    return { status: 200, body: { ...household, members } };
  },
};

export const handler = lambdaHandler(route);
