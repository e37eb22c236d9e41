import * as z from 'zod';
import { receiptChange } from '../../shared/cases/commands/collective/answerReceipt.js';
import { commitWithRereads } from '../../shared/cases/commands/retryStale.js';
import {
  collectivePaymentAnswerSchema,
  receiptInputSchema,
} from '../../shared/contract/collectivePayments.js';
import { requestIdSchema } from '../../shared/domain/model/common.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery } from './http/schemas.js';

const params = z.strictObject({
  caseId: requestIdSchema,
  tranche: z.coerce.number().int().min(1).max(9),
});

/**
 * POST /cases/{caseId}/collective-payments/{tranche}/receipt (applicant, own case; API.md wave 2): the
 * household confirms the collective's payment or disputes it (shared/cases/commands/collective/answerReceipt.ts).
 */
export const route: RouteDefinition<typeof params, typeof anyQuery, typeof receiptInputSchema> = {
  id: 'answerCollectivePayment',
  method: 'POST',
  path: '/cases/{caseId}/collective-payments/{tranche}/receipt',
  responses: { 200: collectivePaymentAnswerSchema },
  params,
  query: anyQuery,
  body: receiptInputSchema,
  idempotent: true,
  async handle({ params: p, body, principal, now }) {
    const stored = await loadCaseFor('answerCollectivePayment', principal, p.caseId);
    const next = await commitWithRereads(stored, (s) => receiptChange(s, p.tranche, body, principal, now));
    const tranche = next.paymentSchedule?.find((t) => t.tranche === p.tranche);
    if (!tranche) throw new Error(`case ${next.caseId} lost tranche ${p.tranche}`);
    return { status: 200, body: { caseId: next.caseId, status: next.status, tranche } };
  },
};

export const handler = lambdaHandler(route);
