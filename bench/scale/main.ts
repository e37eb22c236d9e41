import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Runtime, startRuntime } from '../../local/runtime/runtime.js';
import { startDynamoLocal } from '../../local/services/dynamoLocal.js';
import { allCases } from '../../shared/adapters/table/caseRepository.js';
import { DISTRICT_CODES } from '../../shared/domain/model/common.js';
import { instrument } from '../instrument.js';
import { commitDescription, javaVersion, machineDescription } from '../machine.js';
import { dropMetricsNoise } from '../metricsNoise.js';
import { f, table } from '../table.js';
import { BatchWriter } from './batchWriter.js';
import { probeCapacity } from './capacity.js';
import { GENERATED_FAILURE } from './cases.js';
import { emptyCensus, fill, writeVillages } from './fill.js';
import { measureRoute, type RouteFigures } from './measure.js';
import { CaseProjectionTotals, ProjectionTotals } from './projectionFill.js';
import { readRoutes } from './routes.js';
import { growthTable, type SizeResult, sizeTable } from './tables.js';
import { LARGE_DISTRICT, scaleVillages } from './world.js';

/**
 * `npm run bench:scale` (issue 17): grows the table through the project's own item builders with
 * BatchWriteItem (no HTTP) to each size of SCALE_SIZES in turn (cumulative: 1 000, then 9 000 more,
 * then 90 000 more), and after each size measures every read route over HTTP (p50/p99 latency,
 * DynamoDB requests and read units per call) and the local runtime's start-up on the filled data
 * (stopped and started again on the same directory, its re-drive of open cases included). Prints a
 * table per size and the growth from the first size to the last. See /work/helpers/h17-scale.md.
 *
 * Environment (all optional):
 *   SCALE_SIZES   cumulative case counts, default "1000,10000,100000"
 *   SCALE_CALLS   timed calls per route, default 30 (the quarterly report: 10, or fewer within the budget)
 *   SCALE_ROUTE_BUDGET_S  time per route after 3 calls, default 60
 *   SCALE_FILL_IN_FLIGHT  BatchWriteItem requests in flight while filling, default 16
 *   SCALE_KEEP    keep the data directory (its path is printed; the table is in memory and is not kept)
 */
const SIZES = (process.env.SCALE_SIZES ?? '1000,10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const CALLS = Number(process.env.SCALE_CALLS ?? 30);
const ROUTE_BUDGET_MS = Number(process.env.SCALE_ROUTE_BUDGET_S ?? 60) * 1000;
const WARM_UP = 3;
/** BatchWriteItem requests in flight while filling (DynamoDB Local in memory takes them side by side) */
const FILL_IN_FLIGHT = Number(process.env.SCALE_FILL_IN_FLIGHT ?? 16);

process.env.LOCAL_LOG_LEVEL ??= 'ERROR';
dropMetricsNoise();
dropMetricLines();

/**
 * The handlers' Powertools metrics (one EMF line per request) and the event handlers' INFO lines (the
 * restart's re-drive publishes events) would bury the tables: such lines are dropped from stdout.
 */
const NOISY_LINES = ['{"_aws":', '{"level":"INFO"'];
function dropMetricLines() {
  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && NOISY_LINES.some((p) => chunk.startsWith(p))) {
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}

const started = Date.now();
const log = (m: string) =>
  console.log(`[scale ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);

/**
 * Cases the restart's re-drive sent to `failed` (the generated failed cases carry GENERATED_FAILURE):
 * how many, and the first causes, so a re-drive that breaks on the data shows in the output.
 */
async function reportWorkflowFailures(log: (m: string) => void): Promise<void> {
  const failed = (
    await Promise.all(
      DISTRICT_CODES.map((d) => allCases({ index: 'ByDistrict', districtCode: d, status: 'failed' })),
    )
  )
    .flat()
    .filter((c) => c.failure?.cause !== GENERATED_FAILURE);
  if (failed.length === 0) return;
  const causes = [...new Set(failed.map((c) => `${c.statusBeforeFailure}: ${c.failure?.cause ?? '?'}`))];
  log(
    `${failed.length} re-driven cases failed since the last restart; causes: ${causes.slice(0, 5).join(' | ')}`,
  );
}

async function start(
  dataDir: string,
  dynamoEndpoint: string,
): Promise<{ runtime: Runtime; seconds: number }> {
  const t = performance.now();
  // real waits: the re-driven cases wait at their human steps instead of escalating every second
  const runtime = await startRuntime({ port: 0, dataDir, fastWaits: false, dynamoEndpoint });
  return { runtime, seconds: (performance.now() - t) / 1000 };
}

export async function runScale(opts: {
  sizes: readonly number[];
  calls: number;
  routeBudgetMs: number;
  log: (m: string) => void;
}): Promise<SizeResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hx-scale-'));
  const results: SizeResult[] = [];
  // DynamoDB Local in memory, started here and kept across the runtime's restarts: on disk it writes
  // ≈ 520 items/s, too slow for 100 000 cases (1.2 million items); the start-up times below are the
  // runtime's on a running DynamoDB Local (its re-drive included, the JVM's start not)
  const dynamo = await startDynamoLocal({});
  opts.log(`DynamoDB Local in memory at ${dynamo.endpoint}`);
  const first = await start(dataDir, dynamo.endpoint);
  let runtime = first.runtime;
  // the start on an empty directory: what every start pays before any case is re-driven
  opts.log(`runtime up on an empty data directory in ${f(first.seconds)} s`);
  try {
    const census = emptyCensus();
    const projection = new ProjectionTotals();
    // the report's rows, figures now and quarter sums, written with the cases (the rebuild's items)
    const caseProjection = new CaseProjectionTotals();
    const villages = scaleVillages();
    const now = new Date().toISOString();
    const writerFor = (r: Runtime) => {
      const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
      if (!endpoint) throw new Error('the runtime set no DynamoDB endpoint');
      return new BatchWriter(endpoint, r.topology.table.name, FILL_IN_FLIGHT);
    };
    await writeVillages(writerFor(runtime), villages, now);
    opts.log(`runtime up on ${first.runtime.url}, ${villages.length} villages written (data in ${dataDir})`);
    let have = 0;
    for (const size of opts.sizes) {
      if (size <= have) continue;
      opts.log(`filling ${have} → ${size} cases`);
      const t = performance.now();
      const writer = writerFor(runtime);
      await fill({
        writer,
        villages,
        from: have,
        to: size,
        census,
        projection,
        caseProjection,
        now,
        log: opts.log,
      });
      const fillSeconds = (performance.now() - t) / 1000;
      have = size;
      await reportWorkflowFailures(opts.log);
      const probe = instrument(runtime);
      const capacity = probeCapacity(runtime);
      const setup = await readRoutes(runtime, census, now);
      opts.log(
        `measuring ${setup.routes.length} routes (village ${setup.village}, town ${setup.town}, household ${setup.household}, report ${setup.quarter.year} Q${setup.quarter.quarter})`,
      );
      const routes: RouteFigures[] = [];
      for (const route of setup.routes) {
        const r = await measureRoute(runtime.url, probe, capacity, route, {
          warmUp: WARM_UP,
          calls: opts.calls,
          budgetMs: opts.routeBudgetMs,
        });
        opts.log(
          `  ${route.name}: ${r.calls} calls, p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms, ${f(r.requestsPerCall, 2)} requests, ${f(r.readUnitsPerCall, 1)} RCU${r.errors ? `, ${r.errors} errors: ${r.firstError}` : ''}`,
        );
        routes.push(r);
      }

      opts.log('restarting the runtime on the filled data directory');
      await runtime.stop();
      const again = await start(dataDir, dynamo.endpoint);
      runtime = again.runtime;
      opts.log(`runtime up again in ${f(again.seconds)} s, ${runtime.redriven.length} open cases re-driven`);
      results.push({
        cases: size,
        routes,
        startupSeconds: again.seconds,
        redriven: runtime.redriven.length,
        fillSeconds,
        items: `${writer.written} items, ${writer.requests} BatchWriteItem`,
      });
    }
    const byStatus = [...census.byStatus].sort((a, b) => b[1] - a[1]);
    opts.log(`statuses: ${byStatus.map(([s, n]) => `${s} ${n}`).join(', ')}`);
    opts.log(
      `ledger entries written: ${DISTRICT_CODES.map((d) => `${d} ${census.ledgerEntries.get(d) ?? 0}`).join(', ')}; projection: ${projection.quarters} quarter items from ${projection.events} events`,
    );
  } finally {
    await runtime.stop();
    await dynamo.stop();
    if (process.env.SCALE_KEEP) opts.log(`data kept in ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function main(): Promise<number> {
  log(`sizes ${SIZES.join(', ')}; ${CALLS} calls per route after ${WARM_UP} warm-up calls`);
  const results = await runScale({ sizes: SIZES, calls: CALLS, routeBudgetMs: ROUTE_BUDGET_MS, log });
  console.log(`\ncommit ${commitDescription()}, ${new Date().toISOString()}`);
  console.log(`machine: ${machineDescription()}; ${javaVersion()}`);
  console.log(`large district ${LARGE_DISTRICT} holds 40 % of the cases; every route is measured there.`);
  console.log('Timings share a 2-core machine with other work: noisy.\n');
  for (const r of results) {
    console.log(`### ${r.cases} cases\n`);
    console.log(
      `fill ${f(r.fillSeconds)} s (${r.items}); runtime start-up on this data ${f(r.startupSeconds)} s with ${r.redriven} open cases re-driven\n`,
    );
    console.log(`${sizeTable(r)}\n`);
  }
  const first = results[0];
  const last = results.at(-1);
  if (first && last && last !== first) {
    const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
    console.log(`### growth ${k(first.cases)} → ${k(last.cases)}\n`);
    console.log(`${growthTable(first, last)}\n`);
  }
  console.log(
    table(
      ['size', 'start-up s', 're-driven'],
      results.map((r) => [r.cases, f(r.startupSeconds), r.redriven]),
    ),
  );
  log('done');
  const errors = results.flatMap((r) => r.routes).reduce((a, r) => a + r.errors, 0);
  return errors > 0 ? 1 : 0;
}

if (process.argv[1]?.endsWith('main.ts')) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('[scale] failed:', error);
      process.exit(1);
    },
  );
}
