import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { decodeCursor, encodeCursor } from '../../shared/adapters/table/caseRepository.js';
import { ledgerPageSchema } from '../../shared/contract/fund.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { entryView, parseStoredEntry } from '../../shared/fund/storedEntry.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/** GET /fund/ledger?cursor=&limit= (fund administrators and auditors of the district): entries, newest first. */
const query = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'getLedger',
  method: 'GET',
  path: '/fund/ledger',
  responses: { 200: ledgerPageSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ principal, query: q }) {
    const district = fundDistrictFor('getLedger', principal);
    const pk = `FUND#${district}`;
    const start = decodeCursor(q.cursor);
    // a cursor is only ever a position in this district's ledger: anything else is refused, not followed
    if (
      q.cursor !== undefined &&
      (!start || start.PK !== pk || typeof start.SK !== 'string' || !start.SK.startsWith('ENTRY#'))
    ) {
      throw new ValidationFailed('the cursor is not valid', [
        { path: 'query.cursor', message: 'unknown cursor' },
      ]);
    }
    const out = await documentClient().send(
      new QueryCommand({
        TableName: requireConfig('TABLE_NAME'),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'ENTRY#' },
        ScanIndexForward: false,
        Limit: q.limit,
        ExclusiveStartKey: start,
      }),
    );
    return {
      status: 200,
      body: {
        items: (out.Items ?? []).map((i) => entryView(parseStoredEntry(i))),
        // null on the last page, as the other paged lists answer (API.md lists nextCursor)
        nextCursor:
          encodeCursor(
            out.LastEvaluatedKey ? { PK: out.LastEvaluatedKey.PK, SK: out.LastEvaluatedKey.SK } : undefined,
          ) ?? null,
      },
    };
  },
};

export const handler = lambdaHandler(route);
