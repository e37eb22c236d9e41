import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/services/awsClientConfig.js';
import { backfillTownIndex, ensureTownIndex } from '../../scripts/backfillIndexKeys.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig, resetAppConfig } from '../../shared/adapters/config.js';
import { caseItem, queryCases } from '../../shared/adapters/table/caseRepository.js';
import { KEY_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS } from '../../shared/adapters/tableDesign.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { freshTable, fundReviewCase } from '../fund/harness.js';
import { invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { countOf, dynamoCommandsDuring } from '../support/dynamoRequests.js';

/**
 * Issue 17: the town reviewer's queue reads the town's own index (ByTown), one key-condition Query per
 * page, so every page but the last is full and holds only the town's cases whatever else the district
 * holds; case items written before the index are listed once scripts/backfillIndexKeys.ts gave them
 * their keys (and a table without the index gets it with `--create-index`).
 */
const env = useApiEnvironment();
const { listCases } = await loadRoutes('listCases');

const TOWN = '370302101';
const OTHER_TOWN = '370302102';
const reviewer: TestPrincipal = { sub: 'town-reviewer-1', groups: ['town_reviewer'], town: TOWN };

function aCase(n: number, village: string, status: CaseStatus): Case {
  const at = new Date(Date.UTC(2025, 5, 1, 0, 0, n)).toISOString();
  return {
    ...fundReviewCase({ caseId: `C-T-${String(n).padStart(4, '0')}`, amountFen: 1_000 }),
    village,
    status,
    updatedAt: at,
  };
}

async function putAll(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await documentClient().send(
      new BatchWriteCommand({
        RequestItems: {
          [requireConfig('TABLE_NAME')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}

/** Query commands sent while `run` runs. */
async function queriesOf<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const { result, sent } = await dynamoCommandsDuring(run);
  return { result, queries: countOf(sent, 'QueryCommand') };
}

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
});

describe('town reviewer queue (ByTown)', () => {
  it('pages through only the town’s cases of the status asked, one Query per page, every page full', async () => {
    const cases: Case[] = [];
    // the town's 9 waiting cases lie among 80 of the other town and 5 of its own in another status,
    // in the district's order (ByDistrict sorts by status, then time)
    for (let n = 0; n < 94; n += 1) {
      if (n % 11 === 5) cases.push(aCase(n, `${TOWN}201`, 'town_review'));
      else if (n % 15 === 7) cases.push(aCase(n, `${TOWN}202`, 'public_notice'));
      else cases.push(aCase(n, `${OTHER_TOWN}201`, 'town_review'));
    }
    await putAll(cases.map((c) => caseItem(c, undefined)));
    const expected = cases.filter((c) => c.village.startsWith(TOWN) && c.status === 'town_review');
    expect(expected).toHaveLength(9);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { result: res, queries } = await queriesOf(() =>
        invoke(listCases, {
          principal: reviewer,
          query: { status: 'town_review', limit: '4', ...(cursor ? { cursor } : {}) },
        }),
      );
      expect(res.status, res.text).toBe(200);
      expect(queries).toBe(1);
      pages += 1;
      const items = res.json.items as { caseId: string; status: string }[];
      cursor = res.json.nextCursor ?? undefined;
      // a page short of the limit only at the end (a filtered read could return fewer, even none)
      if (cursor && items.length > 0) expect(items).toHaveLength(4);
      for (const i of items) expect(i.status).toBe('town_review');
      seen.push(...items.map((i) => i.caseId));
    } while (cursor && pages < 20);
    expect(seen.sort()).toEqual(expected.map((c) => c.caseId).sort());
    expect(pages).toBeLessThanOrEqual(4);

    const all = await queryCases({ index: 'ByTown', townCode: TOWN }, 100);
    expect(all.items.map((c) => c.caseId).sort()).toEqual(
      cases
        .filter((c) => c.village.startsWith(TOWN))
        .map((c) => c.caseId)
        .sort(),
    );
  });

  it('lists a case item written before the index once the backfill gave it its keys; a second run does nothing', async () => {
    const legacy = aCase(1, `${TOWN}201`, 'town_review');
    const { GSI5PK: _pk, GSI5SK: _sk, ...before } = caseItem(legacy, undefined);
    await documentClient().send(new PutCommand({ TableName: requireConfig('TABLE_NAME'), Item: before }));
    await putAll([caseItem(aCase(2, `${TOWN}201`, 'town_review'), undefined)]);
    const list = async () =>
      (await invoke(listCases, { principal: reviewer, query: { status: 'town_review' } })).json.items.map(
        (i: { caseId: string }) => i.caseId,
      );
    expect(await list()).toEqual(['C-T-0002']);

    expect(await backfillTownIndex()).toMatchObject({ scanned: 1, updated: 1, failures: [] });
    expect((await list()).sort()).toEqual(['C-T-0001', 'C-T-0002']);
    expect(await backfillTownIndex()).toEqual({ scanned: 0, updated: 0, changedMeanwhile: 0, failures: [] });
  });
});

describe('a table from before the index', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TABLE_NAME;
  });
  afterEach(() => {
    process.env.TABLE_NAME = saved;
    resetAppConfig();
  });

  it('gets the ByTown index with --create-index, then its cases are listed by town', async () => {
    const name = `before-town-${process.pid}-${Date.now()}`;
    const client = new DynamoDBClient(localClientConfig(env.services.dynamo.endpoint));
    const older = TABLE_INDEXES.filter((i) => i.indexName !== 'ByTown');
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: KEY_ATTRIBUTES.filter((a) => !a.startsWith('GSI5')).map((a) => ({
            AttributeName: a,
            AttributeType: 'S',
          })),
          KeySchema: [
            { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: older.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        }),
      );
      await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
      process.env.TABLE_NAME = name;
      resetAppConfig();
      const {
        GSI5PK: _pk,
        GSI5SK: _sk,
        ...before
      } = caseItem(aCase(3, `${TOWN}201`, 'town_review'), undefined);
      await documentClient().send(new PutCommand({ TableName: name, Item: before }));

      expect(await ensureTownIndex(client)).toBe(true);
      expect(await backfillTownIndex()).toMatchObject({ updated: 1 });
      const page = await queryCases({ index: 'ByTown', townCode: TOWN, status: 'town_review' }, 10);
      expect(page.items.map((c) => c.caseId)).toEqual(['C-T-0003']);
      expect(await ensureTownIndex(client)).toBe(false);
    } finally {
      client.destroy();
    }
  });
});
