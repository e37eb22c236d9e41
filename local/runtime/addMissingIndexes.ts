import {
  type AttributeDefinition,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * A local table kept from an earlier start (the runtime's data directory) has the indexes of the stack it
 * was created from. When the stack declares one more (issue 17's ByTown), CloudFormation adds it to the
 * deployed table; this does the same here, one index at a time as CloudFormation does, waiting until each
 * is active. Returns the names of the indexes it added. (Items written before get the new index's keys
 * from scripts/backfillIndexKeys.ts, on AWS and here alike.)
 */
export async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  declared: { AttributeDefinitions?: AttributeDefinition[]; GlobalSecondaryIndexes?: GlobalSecondaryIndex[] },
  waitMs = 120_000,
): Promise<string[]> {
  const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  const present = new Set((table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const added: string[] = [];
  for (const index of declared.GlobalSecondaryIndexes ?? []) {
    if (!index.IndexName || present.has(index.IndexName)) continue;
    const keyNames = new Set((index.KeySchema ?? []).map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: (declared.AttributeDefinitions ?? []).filter((a) =>
          keyNames.has(a.AttributeName),
        ),
        GlobalSecondaryIndexUpdates: [
          {
            Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection },
          },
        ],
      }),
    );
    const until = Date.now() + waitMs;
    for (;;) {
      const t = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
      const g = t?.GlobalSecondaryIndexes?.find((x) => x.IndexName === index.IndexName);
      if (g?.IndexStatus === 'ACTIVE' && t?.TableStatus === 'ACTIVE') break;
      if (Date.now() > until) throw new Error(`index ${index.IndexName} of ${tableName} is not active`);
      await new Promise((r) => setTimeout(r, 200));
    }
    added.push(index.IndexName);
  }
  return added;
}
