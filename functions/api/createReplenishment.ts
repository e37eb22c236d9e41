import * as z from 'zod';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { scaled } from '../../shared/domain/decimal.js';
import { decimalSchema } from '../../shared/domain/model/common.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { entryView } from '../../shared/fund/ledger.js';
import { formatMu4 } from '../../shared/fund/reserve.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noParams } from './http/schemas.js';

/**
 * POST /fund/replenishments (fund administrator of the district): money into the fund from a quota sale
 * through the public resource trading centre or from a budget appropriation. A quota sale also states
 * the quota sold (`quotaMu`, up to 4 decimals), which may not exceed what the reserve has accrued and not
 * yet sold (422). Queued advances are then paid in FIFO order as far as the money goes. The same source
 * and reference recorded again answer with the first entry (a different amount is 409).
 */
const body = z.strictObject({
  source: z.enum(['quota_sale', 'appropriation']),
  amountFen: z.number().int().positive().safe(),
  reference: z.string().trim().min(1).max(200),
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
    if (b.source === 'quota_sale' && (b.quotaMu === undefined || b.quotaMu <= 0)) {
      throw new ValidationFailed('a quota sale states the quota sold', [
        { path: 'body.quotaMu', message: 'required for a quota sale: mu sold, more than 0' },
      ]);
    }
    if (b.source === 'appropriation' && b.quotaMu !== undefined) {
      throw new ValidationFailed('an appropriation sells no quota', [
        { path: 'body.quotaMu', message: 'only for a quota sale' },
      ]);
    }
    const quotaMu4 = b.quotaMu === undefined ? undefined : Number(scaled(b.quotaMu, 4));
    const result = await replenish(
      district,
      { source: b.source, amountFen: b.amountFen, reference: b.reference, ...(quotaMu4 ? { quotaMu4 } : {}) },
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
