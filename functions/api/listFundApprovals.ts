import * as z from 'zod';
import { decodeCursor, encodeCursor } from '../../shared/adapters/table/caseRepository.js';
import { fundApprovalListSchema } from '../../shared/contract/fund.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { approvalView } from '../../shared/fund/approvalCommands.js';
import { approvalStatusSchema, listApprovals } from '../../shared/fund/approvals.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /fund/approvals?status=&cursor=&limit= (fund administrators and auditors of the district; issue
 * 16): the fund's four-eyes approvals, oldest first — `status=pending` is the second administrator's
 * work list.
 */
const query = z.object({
  status: approvalStatusSchema.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'listFundApprovals',
  method: 'GET',
  path: '/fund/approvals',
  responses: { 200: fundApprovalListSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ principal, query: q }) {
    const district = fundDistrictFor('listFundApprovals', principal);
    const start = decodeCursor(q.cursor);
    // a cursor is only ever a position among this district's approvals: anything else is refused
    if (
      q.cursor !== undefined &&
      (!start ||
        start.PK !== `FUND#${district}` ||
        typeof start.SK !== 'string' ||
        !start.SK.startsWith('APPROVAL#'))
    ) {
      throw new ValidationFailed('the cursor is not valid', [
        { path: 'query.cursor', message: 'unknown cursor', messageZh: '无效的翻页标记' },
      ]);
    }
    const page = await listApprovals(district, {
      ...(q.status ? { status: q.status } : {}),
      limit: q.limit,
      ...(start ? { start } : {}),
    });
    return {
      status: 200,
      body: { items: page.items.map(approvalView), nextCursor: encodeCursor(page.nextCursor) ?? null },
    };
  },
};

export const handler = lambdaHandler(route);
