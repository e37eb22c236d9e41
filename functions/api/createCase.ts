import { BadRequestError } from '../../shared/adapters/errors.js';
import { newId } from '../../shared/adapters/ids.js';
import { createCase } from '../../shared/adapters/table/caseRepository.js';
import { getHousehold, getVillage } from '../../shared/adapters/table/registryRepository.js';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { caseEvent } from '../../shared/cases/moveCase.js';
import { applicationSchema } from '../../shared/domain/model/application.js';
import type { Case } from '../../shared/domain/model/case.js';
import { events } from '../../shared/ports/events.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noParams } from './http/schemas.js';

/** POST /cases (applicant): a draft application for the applicant's own household. */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof applicationSchema> = {
  id: 'createCase',
  method: 'POST',
  path: '/cases',
  params: noParams,
  query: anyQuery,
  body: applicationSchema,
  idempotent: true,
  async handle({ body, principal, now }) {
    authorizeResource('createCase', principal, { householdId: body.householdId });
    const household = await getHousehold(body.householdId);
    if (!household) {
      throw new BadRequestError('unknown household', [
        {
          path: 'body.householdId',
          message: 'this household is not in the registry yet; ask the registry office',
        },
      ]);
    }
    const village = await getVillage(household.villageCode);
    if (!village) {
      throw new BadRequestError('the household’s village is not registered', [
        { path: 'body.householdId', message: `village ${household.villageCode} is not registered` },
      ]);
    }
    const caseId = newId('C', now);
    const c: Case = {
      caseId,
      type: body.type,
      householdId: body.householdId,
      village: village.villageCode,
      districtCode: village.districtCode,
      application: body,
      status: 'draft',
      version: 0,
      createdAt: now,
      updatedAt: now,
      findings: [],
      reviews: [],
      objections: [],
      offers: [],
      timeline: [
        { at: now, status: 'draft', actor: principal.sub, note: '申请已创建 / application created' },
      ],
      appeals: [],
    };
    await createCase(c, { actor: principal.sub, action: 'case.created' });
    await events().publish([caseEvent('CaseCreated', c, principal.sub, undefined, { type: c.type })]);
    return { status: 201, body: { caseId, status: c.status } };
  },
};

export const handler = lambdaHandler(route);
