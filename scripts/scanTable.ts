import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/adapters/clients.js';
import { tableName } from '../shared/adapters/table/dynamo.js';

/**
 * The operators' one-off read of the one-off scripts (backfills): a consistent Scan of the whole table
 * with a filter, page after page, handing each item to `visit` in turn. No Lambda scans (their roles
 * have no Scan); a script run by an operator may, once.
 */
export async function forEachScanned(
  filter: {
    FilterExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
    ExpressionAttributeNames?: Record<string, string>;
  },
  visit: (item: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new ScanCommand({ TableName: tableName(), ...filter, ConsistentRead: true, ExclusiveStartKey }),
    );
    for (const item of page.Items ?? []) await visit(item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** What a backfill did: items it found, wrote, found written meanwhile, and could not read. */
export interface BackfillReport {
  scanned: number;
  updated: number;
  /** written meanwhile by the application (which wrote what the backfill would have): nothing to do */
  changedMeanwhile: number;
  failures: { key: string; message: string }[];
}

export const emptyReport = (): BackfillReport => ({
  scanned: 0,
  updated: 0,
  changedMeanwhile: 0,
  failures: [],
});
