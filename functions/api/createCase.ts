import { getHousehold, getVillage } from '../../shared/adapters/table/registryRepository.js';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { fileCase } from '../../shared/cases/fileCase.js';
import { caseCreatedSchema } from '../../shared/contract/caseActions.js';
import { applicationSchema } from '../../shared/domain/model/application.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, noParams } from './http/schemas.js';

/** POST /cases (applicant): a draft application for the applicant's own household. */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof applicationSchema> = {
  id: 'createCase',
  method: 'POST',
  path: '/cases',
  responses: { 201: caseCreatedSchema },
  params: noParams,
  query: anyQuery,
  body: applicationSchema,
  idempotent: true,
  async handle({ body, principal, now }) {
    authorizeResource('createCase', principal, { householdId: body.householdId });
    const household = await getHousehold(body.householdId);
    if (!household) {
      throw new ValidationFailed('unknown household', [
        {
          path: 'body.householdId',
          message: 'this household is not in the registry yet; ask the registry office',
        },
      ]);
    }
    const village = await getVillage(household.villageCode);
    if (!village) {
      throw new ValidationFailed('the household’s village is not registered', [
        { path: 'body.householdId', message: `village ${household.villageCode} is not registered` },
      ]);
    }
    const c = await fileCase(body, household, village, principal.sub, now);
    return {
      status: 201,
      body: { caseId: c.caseId, status: c.status, ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}) },
    };
  },
};

export const handler = lambdaHandler(route);
