import { execFileSync } from 'node:child_process';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoLocal } from '../local/services/dynamoLocal.js';
import { documentClient, dynamoClient, resetClients } from '../shared/adapters/clients.js';
import { resetAppConfig } from '../shared/adapters/config.js';
import { type CaseQuery, caseItem, queryCases } from '../shared/adapters/table/caseRepository.js';
import { replenish } from '../shared/cases/commands/advance/replenish.js';
import type { Case } from '../shared/domain/model/case.js';
import type { CaseStatus } from '../shared/domain/model/status.js';
import { fundKeys } from '../shared/fund/keys.js';
import { reconcile } from '../shared/fund/reconcile.js';
import { reconcileIncremental } from '../shared/fund/reconcileIncremental.js';
import { setEventPort } from '../shared/ports/events.js';
import { fundReviewCase } from '../test/fund/harness.js';
import { createTable } from '../test/support/createTable.js';
import { machineDescription } from './machine.js';
import { f, table } from './table.js';

/**
 * Issue 17: the read routes' DynamoDB requests and latency at two sizes of one district, on DynamoDB
 * Local — the town, village and district queues (one page of 20, `queryCases`, what `GET /cases` sends),
 * and the reconciliation `GET /fund` runs (incremental, from a checkpoint, after one new entry) beside
 * the full audit. Cases and ledger entries are written straight into the table (BatchWriteItem), the
 * ledger as a consistent chain of replenishments, one a minute, up to an hour ago.
 *
 *   npx tsx bench/readScale.ts [cases…]      (default: 1000 10000)
 *
 * Prints a Markdown table per size. The machine is shared: latencies are noisy; the request and item
 * counts are exact.
 */

const DISTRICT = '370302';
const TOWNS = 10;
const STATUSES: CaseStatus[] = ['closed', 'closed', 'closed', 'town_review', 'village_review', 'disbursed'];
const CALLS = 40;

async function putAll(tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let b = batches.shift(); b; b = batches.shift()) {
      await documentClient().send(
        new BatchWriteCommand({ RequestItems: { [tableName]: b.map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

function seedCase(n: number): Case {
  const town = `${DISTRICT}${String(101 + (Math.floor(n / STATUSES.length) % TOWNS)).padStart(3, '0')}`;
  const c = fundReviewCase({ caseId: `C-B-${String(n).padStart(6, '0')}`, amountFen: 1_000 });
  const at = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  return { ...c, village: `${town}201`, status: STATUSES[n % STATUSES.length] as CaseStatus, updatedAt: at };
}

function ledgerItems(count: number): Record<string, unknown>[] {
  // one a minute, up to an hour ago (a district writes a few hundred a year: this is dense)
  const start = Date.now() - (count + 60) * 60_000;
  let balance = 0;
  const items: Record<string, unknown>[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const at = new Date(start + seq * 60_000).toISOString();
    const entryId = `REP-bench-${seq}`;
    balance += 100;
    items.push({
      ...fundKeys.entry(DISTRICT, at, entryId),
      itemType: 'ledger_entry',
      entryId,
      districtCode: DISTRICT,
      kind: 'replenishment',
      amountFen: 100,
      debit: 'fund_cash',
      credit: 'appropriations',
      source: 'appropriation',
      reference: `B-${seq}`,
      actor: 'bench',
      at,
      seq,
      balanceAfterFen: balance,
    });
  }
  return items;
}

/** Requests and items of one call, and its time. */
async function measure(run: () => Promise<unknown>) {
  const seen = { requests: 0, items: 0 };
  const name = `bench-${Math.random()}`;
  dynamoClient().middlewareStack.add(
    (next) => async (args) => {
      seen.requests += 1;
      const result = await next(args);
      seen.items += (result.output as { Count?: number }).Count ?? 0;
      return result;
    },
    { step: 'initialize', name },
  );
  const started = performance.now();
  try {
    await run();
  } finally {
    dynamoClient().middlewareStack.remove(name);
  }
  return { ...seen, ms: performance.now() - started };
}

async function series(run: () => Promise<unknown>) {
  const first = await measure(run);
  const ms: number[] = [first.ms];
  for (let i = 1; i < CALLS; i += 1) ms.push((await measure(run)).ms);
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)] ?? Number.NaN;
  return { requests: first.requests, items: first.items, p50: at(0.5), p99: at(0.99) };
}

async function level(endpoint: string, cases: number) {
  const tableName = `bench-scale-${cases}-${Date.now()}`;
  await createTable(endpoint, tableName);
  process.env.TABLE_NAME = tableName;
  resetAppConfig();
  const t0 = performance.now();
  await putAll(
    tableName,
    Array.from({ length: cases }, (_, n) => caseItem(seedCase(n), undefined)),
  );
  const entries = ledgerItems(cases);
  await putAll(tableName, entries);
  await documentClient().send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...fundKeys.balance(DISTRICT),
        itemType: 'fund_balance',
        districtCode: DISTRICT,
        seq: cases,
        balanceFen: 100 * cases,
        replenishedFen: 100 * cases,
      },
    }),
  );
  const seeded = (performance.now() - t0) / 1000;
  const page = (q: CaseQuery) => () => queryCases(q, 20);
  const rows: (string | number)[][] = [];
  const add = async (what: string, run: () => Promise<unknown>) => {
    const s = await series(run);
    rows.push([what, s.requests, s.items, f(s.p50), f(s.p99)]);
  };
  await add(
    'town queue, status=town_review',
    page({ index: 'ByTown', townCode: `${DISTRICT}101`, status: 'town_review' }),
  );
  await add('town queue, all statuses', page({ index: 'ByTown', townCode: `${DISTRICT}101` }));
  await add(
    'village queue, status=village_review',
    page({ index: 'ByVillage', villageCode: `${DISTRICT}101201`, status: 'village_review' }),
  );
  await add(
    'district (auditor), status=town_review',
    page({ index: 'ByDistrict', districtCode: DISTRICT, status: 'town_review' }),
  );
  // the first GET /fund builds the checkpoint (a full read, once); then one new entry per call
  await reconcileIncremental(DISTRICT);
  let refs = 0;
  const incremental = async () => {
    await replenish(
      DISTRICT,
      { source: 'appropriation', amountFen: 1, reference: `N-${++refs}` },
      'bench',
      new Date().toISOString(),
    );
    return measure(() => reconcileIncremental(DISTRICT));
  };
  const inc: number[] = [];
  let incFirst: { requests: number; items: number } | undefined;
  for (let i = 0; i < CALLS; i += 1) {
    const m = await incremental();
    incFirst ??= m;
    inc.push(m.ms);
  }
  inc.sort((a, b) => a - b);
  rows.push([
    'GET /fund reconciliation (incremental, 1 new entry)',
    incFirst?.requests ?? 0,
    incFirst?.items ?? 0,
    f(inc[Math.floor(inc.length / 2)] ?? Number.NaN),
    f(inc[inc.length - 1] ?? Number.NaN),
  ]);
  const full = await measure(() => reconcile(DISTRICT));
  rows.push(['full audit (reconcile), once', full.requests, full.items, f(full.ms), '–']);
  return { seeded, rows };
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
setEventPort({ publish: async () => {} });
const dynamo = await startDynamoLocal({});
try {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
  resetClients();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  console.log(`commit ${commit}, ${new Date().toISOString()}, ${machineDescription()}`);
  for (const cases of sizes.length > 0 ? sizes : [1000, 10000]) {
    const { seeded, rows } = await level(dynamo.endpoint, cases);
    console.log(
      `\n${cases} cases in district ${DISTRICT} (${TOWNS} towns) and ${cases} ledger entries; seeded in ${f(seeded)} s; ${CALLS} calls each\n`,
    );
    console.log(table(['read', 'requests', 'items read', 'p50 ms', 'p99 ms'], rows));
  }
} finally {
  await dynamo.stop();
}
