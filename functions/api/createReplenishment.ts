import * as z from 'zod';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { scaled } from '../../shared/domain/decimal.js';
import { decimalSchema } from '../../shared/domain/model/common.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { entryView } from '../../shared/fund/ledger.js';
import { formatMu4 } from '../../shared/fund/reserve.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noParams } from './http/schemas.js';

/**
 * POST /fund/replenishments (fund administrator of the district): money into the fund from a quota sale
 * through the public resource trading centre or from a budget appropriation. A quota sale also states
 * the quota sold: `quotaM2` (API.md Wave 2, m², up to 2 decimals), or the older `quotaMu` (up to 4
 * decimals); with both, `quotaM2` is the figure of record and `quotaMu` must be its mu (shared/fund/
 * replenish.ts `saleQuota`). It may not exceed the district's accepted quota not yet sold (422, checked in
 * exact m²). Queued advances are then paid in FIFO order as far as the money goes. The same source and
 * reference recorded again answer with the first entry (different figures are 409).
 */
const body = z.strictObject({
  source: z.enum(['quota_sale', 'appropriation']),
  amountFen: z.number().int().positive().safe(),
  reference: z.string().trim().min(1).max(200),
  quotaM2: decimalSchema(2, 100_000_000).optional(),
  quotaMu: decimalSchema(4, 1_000_000).optional(),
});

export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof body> = {
  id: 'createReplenishment',
  method: 'POST',
  path: '/fund/replenishments',
  params: noParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ principal, body: b, now }) {
    const district = fundDistrictFor('createReplenishment', principal);
    const result = await replenish(
      district,
      {
        source: b.source,
        amountFen: b.amountFen,
        reference: b.reference,
        ...(b.quotaM2 === undefined ? {} : { quotaCentiM2: Number(scaled(b.quotaM2, 2)) }),
        ...(b.quotaMu === undefined ? {} : { quotaMu4: Number(scaled(b.quotaMu, 4)) }),
      },
      principal.sub,
      now,
    );
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
