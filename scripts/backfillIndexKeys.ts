import { resolve } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, dynamoClient } from '../shared/adapters/clients.js';
import { caseIndexKeys } from '../shared/adapters/keys.js';
import { isConditionFailure, tableName } from '../shared/adapters/table/dynamo.js';
import { TABLE_INDEXES } from '../shared/adapters/tableDesign.js';
import { caseSchema } from '../shared/domain/model/case.js';
import { approvalListKeys } from '../shared/fund/approvalIndex.js';
import { approvalStatusSchema } from '../shared/fund/approvals.js';
import { type BackfillReport, emptyReport, forEachScanned } from './scanTable.js';

/**
 * The one-off backfill of issue 17's list keys (docs/data-model.md "Keys added later"):
 * - a case item written before `ByTown` existed has no `GSI5PK`/`GSI5SK`, so the town reviewer's queue
 *   (which reads only that index) does not list it until its next write — or until this gives it its
 *   keys, derived by the same `caseIndexKeys` every case write uses;
 * - a fund approval written before its status lists has no `GSI4PK`/`GSI4SK`, so
 *   `GET /fund/approvals?status=` does not list it until it is decided — or until this gives it the keys
 *   of its status (shared/fund/approvalIndex.ts).
 *
 *   TABLE_NAME=… [AWS_REGION=… AWS_ENDPOINT_URL_DYNAMODB=…] npx tsx scripts/backfillIndexKeys.ts [--create-index]
 *
 * On AWS the index itself comes with the stack's deployment (CloudFormation adds one GSI per table
 * update, so ByTown is deployed alone, and it must be ACTIVE before this runs); a local runtime adds it to
 * a table kept from an earlier start (local/runtime/addMissingIndexes.ts). `--create-index` adds it to
 * any other table that lacks it and waits until it is active.
 *
 * Idempotent: it touches only items without the keys, each with a condition that the item is still as
 * read (a case: the version; an approval: the status) and still without them, so an item written
 * meanwhile (which writes its own keys) is left alone; a second run finds nothing to do (run it again
 * while `changedMeanwhile` is not 0: an old writer still running during the deployment). Exit code 1 if
 * an item could not be read.
 */

export type { BackfillReport } from './scanTable.js';

const TOWN_INDEX = TABLE_INDEXES.find((i) => i.indexName === 'ByTown');

/** Adds the ByTown index to the table if it lacks it, and waits until it is active. */
export async function ensureTownIndex(client: DynamoDBClient = dynamoClient()): Promise<boolean> {
  if (!TOWN_INDEX) throw new Error('tableDesign.ts declares no ByTown index');
  const TableName = tableName();
  const described = await client.send(new DescribeTableCommand({ TableName }));
  if (described.Table?.GlobalSecondaryIndexes?.some((g) => g.IndexName === TOWN_INDEX.indexName))
    return false;
  await client.send(
    new UpdateTableCommand({
      TableName,
      AttributeDefinitions: [
        { AttributeName: TOWN_INDEX.partitionKey, AttributeType: 'S' },
        { AttributeName: TOWN_INDEX.sortKey, AttributeType: 'S' },
      ],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: TOWN_INDEX.indexName,
            KeySchema: [
              { AttributeName: TOWN_INDEX.partitionKey, KeyType: 'HASH' },
              { AttributeName: TOWN_INDEX.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        },
      ],
    }),
  );
  for (let i = 0; i < 600; i += 1) {
    const t = await client.send(new DescribeTableCommand({ TableName }));
    const g = t.Table?.GlobalSecondaryIndexes?.find((x) => x.IndexName === TOWN_INDEX.indexName);
    if (g?.IndexStatus === 'ACTIVE' && t.Table?.TableStatus === 'ACTIVE') return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${TOWN_INDEX.indexName} was not active after 10 minutes`);
}

/**
 * Every case item lacking the town keys. The operator's one-off read is a Scan with a filter (the case
 * items have no index that lists them all); no Lambda scans (their roles have no Scan).
 */
export async function backfillTownIndex(): Promise<BackfillReport> {
  const report = emptyReport();
  await forEachScanned(
    {
      FilterExpression: 'SK = :sk AND begins_with(PK, :pk) AND attribute_not_exists(GSI5PK)',
      ExpressionAttributeValues: { ':sk': 'CASE', ':pk': 'CASE#' },
    },
    async (item) => {
      report.scanned += 1;
      const key = { PK: String(item.PK), SK: String(item.SK) };
      const parsed = caseSchema.safeParse(item.data);
      if (!parsed.success) {
        report.failures.push({ key: key.PK, message: parsed.error.message.slice(0, 200) });
        return;
      }
      const { GSI5PK, GSI5SK } = caseIndexKeys(parsed.data);
      try {
        await documentClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: 'SET GSI5PK = :pk, GSI5SK = :sk',
            ConditionExpression: 'attribute_not_exists(GSI5PK) AND #version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':pk': GSI5PK, ':sk': GSI5SK, ':version': item.version },
          }),
        );
        report.updated += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        report.changedMeanwhile += 1;
      }
    },
  );
  return report;
}

/**
 * Every fund approval item lacking its list keys (a Scan with a filter, as above: the operator's one-off).
 */
export async function backfillApprovalListKeys(): Promise<BackfillReport> {
  const report = emptyReport();
  await forEachScanned(
    {
      FilterExpression: 'begins_with(PK, :pk) AND begins_with(SK, :sk) AND attribute_not_exists(GSI4PK)',
      ExpressionAttributeValues: { ':pk': 'FUND#', ':sk': 'APPROVAL#' },
    },
    async (item) => {
      report.scanned += 1;
      const key = { PK: String(item.PK), SK: String(item.SK) };
      const status = approvalStatusSchema.safeParse(item.status);
      if (!status.success || typeof item.districtCode !== 'string' || typeof item.approvalId !== 'string') {
        report.failures.push({ key: `${key.PK}/${key.SK}`, message: 'not an approval item' });
        return;
      }
      const list = approvalListKeys(item.districtCode, status.data, item.approvalId);
      try {
        await documentClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: 'SET GSI4PK = :pk, GSI4SK = :sk',
            ConditionExpression: 'attribute_not_exists(GSI4PK) AND #status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pk': list.GSI4PK, ':sk': list.GSI4SK, ':status': status.data },
          }),
        );
        report.updated += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        report.changedMeanwhile += 1;
      }
    },
  );
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  if (process.argv.includes('--create-index') && (await ensureTownIndex())) {
    console.log('ByTown index created');
  }
  const cases = await backfillTownIndex();
  const approvals = await backfillApprovalListKeys();
  console.log(JSON.stringify({ cases, approvals }));
  process.exitCode = cases.failures.length + approvals.failures.length > 0 ? 1 : 0;
}
