import * as z from 'zod';
import { paymentReceiptDocumentSchema } from '../../shared/contract/documents.js';
import { issuePaymentReceipt } from '../../shared/documents/receipt/service.js';
import { requestIdSchema } from '../../shared/domain/model/common.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody } from './http/schemas.js';

/** A schedule has at most nine tranches (shared/domain/model/tranche.ts); anything else is no tranche. */
const receiptParams = z.strictObject({
  caseId: requestIdSchema,
  tranche: z.coerce.number().int().min(1).max(9),
});

/**
 * GET /cases/{caseId}/receipts/{tranche} (an extension of API.md, issue 15): the 付款凭证 of one paid
 * tranche as a 5-minute presigned GET of its PDF, for the household, the village that paid a collective
 * tranche, and the district's fund, approver and auditor. 404 for an unknown case or tranche, 403 out of
 * scope, 409 while the tranche is not paid. Every download is audited before the URL is answered
 * (shared/documents/receipt/service.ts, docs/documents-receipts-notices.md).
 */
export const route: RouteDefinition<typeof receiptParams, typeof anyQuery, typeof noBody> = {
  id: 'getPaymentReceipt',
  method: 'GET',
  path: '/cases/{caseId}/receipts/{tranche}',
  responses: { 200: paymentReceiptDocumentSchema },
  params: receiptParams,
  query: anyQuery,
  body: noBody,
  async handle({ params, principal, now, requestId }) {
    const { case: c, role } = await loadCaseFor('getPaymentReceipt', principal, params.caseId);
    const body = await issuePaymentReceipt(c, {
      tranche: params.tranche,
      actor: principal.sub,
      role,
      now,
      requestId,
    });
    // the URL is personal and short-lived: no cache between the API and the browser keeps it
    return { status: 200, headers: { 'cache-control': 'no-store' }, body };
  },
};

export const handler = lambdaHandler(route);
