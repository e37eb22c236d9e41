import * as z from 'zod';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { statedFenSchema } from '../../shared/contract/common.js';
import { fundApprovalViewSchema, replenishmentSchema } from '../../shared/contract/fund.js';
import { scaled } from '../../shared/domain/decimal.js';
import { decimalSchema } from '../../shared/domain/model/common.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import {
  approvalView,
  proposeReplenishment,
  replenishmentThresholdFen,
} from '../../shared/fund/approvalCommands.js';
import type { ReplenishmentInput } from '../../shared/fund/replenish.js';
import { formatMu4 } from '../../shared/fund/reserve.js';
import { entryView } from '../../shared/fund/storedEntry.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, noParams } from './http/schemas.js';

/**
 * POST /fund/replenishments (fund administrator of the district): money into the fund from a quota sale
 * through the public resource trading centre or from a budget appropriation. A quota sale also states
 * the quota sold: `quotaM2` (API.md Wave 2, m², up to 2 decimals), or the older `quotaMu` (up to 4
 * decimals); with both, `quotaM2` is the figure of record and `quotaMu` must be its mu (shared/fund/
 * replenish.ts `saleQuota`). It may not exceed the district's accepted quota not yet sold (422, checked in
 * exact m²). Queued advances are then paid in FIFO order as far as the money goes. The same source and
 * reference recorded again answer with the first entry (different figures are 409).
 *
 * Issue 16: `amountFen` is at most MAX_AMOUNT_FEN (¥1 000 000 000.00, 400 beyond), and the fund's figures
 * never pass MAX_FUND_FEN (422 FUND_LIMIT_EXCEEDED). Above the district's
 * `replenishmentFourEyesThresholdFen` the request is a proposal: 202 with `replenishmentId` and
 * `status: "pending"`, and the money moves only when another fund administrator approves it (POST
 * /fund/approvals/{approvalId}/decision). At or below it, the answer is exactly as before (201 entry).
 */
const body = z.strictObject({
  source: z.enum(['quota_sale', 'appropriation']),
  amountFen: statedFenSchema,
  reference: z.string().trim().min(1).max(200),
  quotaM2: decimalSchema(2, 100_000_000).optional(),
  quotaMu: decimalSchema(4, 1_000_000).optional(),
});

export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof body> = {
  id: 'createReplenishment',
  method: 'POST',
  path: '/fund/replenishments',
  responses: { 201: replenishmentSchema, 202: fundApprovalViewSchema },
  params: noParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ principal, body: b, now }) {
    const district = fundDistrictFor('createReplenishment', principal);
    const input: ReplenishmentInput = {
      source: b.source,
      amountFen: b.amountFen,
      reference: b.reference,
      ...(b.quotaM2 === undefined ? {} : { quotaCentiM2: Number(scaled(b.quotaM2, 2)) }),
      ...(b.quotaMu === undefined ? {} : { quotaMu4: Number(scaled(b.quotaMu, 4)) }),
    };
    if (b.amountFen > (await replenishmentThresholdFen(district, now))) {
      const proposal = await proposeReplenishment(district, input, principal.sub, now);
      if (proposal.kind === 'pending') return { status: 202, body: approvalView(proposal.approval) };
      // approved and recorded before: answered as any replayed replenishment (its queue run below)
    }
    const result = await replenish(district, input, principal.sub, now);
    return {
      status: 201,
      body: {
        ...entryView(result.entry),
        ...(result.entry.quotaMu4 !== undefined ? { quotaMu: formatMu4(result.entry.quotaMu4) } : {}),
        paidAdvances: result.queue.paid.map((p) => ({
          caseId: p.caseId,
          entryId: p.entryId,
          amountFen: p.amountFen,
        })),
      },
    };
  },
};

export const handler = lambdaHandler(route);
