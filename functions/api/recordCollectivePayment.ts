import { recordPaymentChange } from '../../shared/cases/commands/collective/recordPayment.js';
import { commitWithRereads } from '../../shared/cases/commands/retryStale.js';
import {
  collectivePaymentAnswerSchema,
  collectivePaymentInputSchema,
} from '../../shared/contract/collectivePayments.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/collective-payments (village_reviewer, own village; API.md wave 2): the village
 * collective paid a contract-land or equity tranche (shared/cases/commands/collective/recordPayment.ts).
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof collectivePaymentInputSchema> =
  {
    id: 'recordCollectivePayment',
    method: 'POST',
    path: '/cases/{caseId}/collective-payments',
    responses: { 201: collectivePaymentAnswerSchema },
    params: caseParams,
    query: anyQuery,
    body: collectivePaymentInputSchema,
    idempotent: true,
    async handle({ params, body, principal, now }) {
      const stored = await loadCaseFor('recordCollectivePayment', principal, params.caseId);
      const next = await commitWithRereads(stored, (s) => recordPaymentChange(s, body, principal, now));
      const tranche = next.paymentSchedule?.find((t) => t.tranche === body.tranche);
      if (!tranche) throw new Error(`case ${next.caseId} lost tranche ${body.tranche}`);
      return { status: 201, body: { caseId: next.caseId, status: next.status, tranche } };
    },
  };

export const handler = lambdaHandler(route);
