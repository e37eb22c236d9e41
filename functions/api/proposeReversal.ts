import * as z from 'zod';
import { fundApprovalViewSchema } from '../../shared/contract/fund.js';
import { idSchema } from '../../shared/domain/model/common.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { approvalView, proposeReversal } from '../../shared/fund/approvalCommands.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery } from './http/schemas.js';

/**
 * POST /fund/ledger/{entryId}/reversal (fund administrator of the district; issue 16): proposes
 * correcting a mistaken replenishment (a quota sale or an appropriation) by a reversing entry. Nothing is
 * written to the ledger yet: 202 with `reversalId` and `status: "pending"`; another fund administrator of
 * the district approves it (POST /fund/approvals/{approvalId}/decision), which writes the reversing entry
 * (never an edit of the old one) and gives a quota sale's quota back. Refused at once: not a
 * replenishment (422 RULE_REFUSED), already reversed (409 ALREADY_DECIDED), or the balance could not
 * cover it and the approved advances in the queue (422 FUND_INSUFFICIENT, with the figures).
 */
const params = z.strictObject({ entryId: idSchema });
const body = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof body> = {
  id: 'proposeReversal',
  method: 'POST',
  path: '/fund/ledger/{entryId}/reversal',
  responses: { 202: fundApprovalViewSchema },
  params,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ principal, params: p, body: b, now }) {
    const district = fundDistrictFor('proposeReversal', principal);
    const approval = await proposeReversal(district, p.entryId, principal.sub, b.reason, now);
    return { status: 202, body: approvalView(approval) };
  },
};

export const handler = lambdaHandler(route);
