import * as z from 'zod';
import { chooseChange } from '../../shared/cases/commands/choose.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { agreementSignedSchema } from '../../shared/contract/caseActions.js';
import { resettlementOptionSchema } from '../../shared/domain/model/offer.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/resettlement (applicant): the household's choice among the offers, which is the
 * signature of the exit agreement (退出协议; shared/cases/commands/choose.ts).
 */
const body = z.strictObject({ option: resettlementOptionSchema });

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'chooseResettlement',
  method: 'POST',
  path: '/cases/{caseId}/resettlement',
  responses: { 200: agreementSignedSchema },
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    const stored = await loadCaseFor('chooseResettlement', principal, params.caseId);
    const next = await commitCaseChange(await chooseChange(stored, b.option, principal.sub, now));
    const agreement = next.agreement;
    return {
      status: 200,
      body: { agreementId: agreement?.agreementId, caseId: next.caseId, status: next.status, agreement },
    };
  },
};

export const handler = lambdaHandler(route);
