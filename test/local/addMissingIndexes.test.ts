import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMissingIndexes } from '../../local/runtime/addMissingIndexes.js';
import { localClientConfig } from '../../local/services/awsClientConfig.js';
import { KEY_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS } from '../../shared/adapters/tableDesign.js';
import { type LocalServices, withLocalServices } from '../support/localServices.js';

/**
 * Issue 17: a local runtime's table kept from an earlier start (its data directory) lacks an index the
 * stack declared since (ByTown); the runtime adds it on start, as CloudFormation adds it to the deployed
 * table, and a table that has every index is left alone.
 */
let services: LocalServices;
let client: DynamoDBClient;
beforeAll(async () => {
  services = await withLocalServices();
  client = new DynamoDBClient(localClientConfig(services.dynamo.endpoint));
});
afterAll(async () => {
  client?.destroy();
  await services?.stop();
});

const gsi = (i: (typeof TABLE_INDEXES)[number]): GlobalSecondaryIndex => ({
  IndexName: i.indexName,
  KeySchema: [
    { AttributeName: i.partitionKey, KeyType: 'HASH' },
    { AttributeName: i.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
});
const declared = {
  AttributeDefinitions: KEY_ATTRIBUTES.map((a) => ({ AttributeName: a, AttributeType: 'S' as const })),
  GlobalSecondaryIndexes: TABLE_INDEXES.map(gsi),
};

describe('addMissingIndexes', () => {
  it('adds the index a kept table lacks, once', async () => {
    const name = `kept-${process.pid}-${Date.now()}`;
    const older = TABLE_INDEXES.filter((i) => i.indexName !== 'ByTown');
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: declared.AttributeDefinitions.filter(
          (a) => !a.AttributeName.startsWith('GSI5'),
        ),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: older.map(gsi),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
    expect(await addMissingIndexes(client, name, declared)).toEqual(['ByTown']);
    const table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
    expect(table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      TABLE_INDEXES.map((i) => i.indexName).sort(),
    );
    expect(await addMissingIndexes(client, name, declared)).toEqual([]);
  });
});
