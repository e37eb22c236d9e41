import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Runtime, startRuntime } from '../local/runtime/runtime.js';
import { type BundleSize, bundleSizes } from './bundles.js';
import { BENCH_DISTRICT, BENCH_VILLAGE, registerHouseholds } from './households.js';
import { Api } from './http.js';
import { instrument } from './instrument.js';
import { type LevelSetup, runLevel } from './level.js';
import type { LevelResult } from './levelResult.js';
import { parseLevels } from './levels.js';
import { commitDescription, javaVersion, machineDescription, systemCpu } from './machine.js';
import { dropMetricsNoise } from './metricsNoise.js';
import { report } from './report.js';
import { f } from './table.js';

/**
 * `npm run bench`: starts the local runtime in this process (fast waits, a fresh data directory, a free
 * port on 127.0.0.1), runs cases from draft to closed with automatic decisions at several concurrency
 * levels, and prints throughput, DynamoDB requests and state transitions per case, read latency under
 * load and the size of every Lambda bundle. docs/performance.md explains the figures.
 *
 * Environment (all optional):
 *   BENCH_LEVELS      concurrency:cases pairs, default "1:6,8:32,32:128"
 *   BENCH_BUDGET_S    hard limit for the whole run, default 480
 *   BENCH_BUNDLES     "0" skips the bundle sizes
 *   BENCH_JSON        also write every figure as JSON to this file
 *   LOCAL_LOG_LEVEL   the handlers' Powertools log level, default ERROR here
 */

const LEVELS = parseLevels(process.env.BENCH_LEVELS ?? '1:6,8:32,32:128');
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 480) * 1000;
const WITH_BUNDLES = process.env.BENCH_BUNDLES !== '0';
/** the longest a driver waits without a wake-up before reading its case again */
const FALLBACK_POLL_MS = 1_000;

process.env.LOCAL_LOG_LEVEL ??= 'ERROR';
const droppedWarnings = dropMetricsNoise();

/**
 * An unhandled rejection anywhere in the runtime would end the process and lose every figure; it is
 * recorded instead, and fails the run.
 */
const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
});

const started = Date.now();
const hardDeadline = started + BUDGET_MS;
const log = (message: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

/** How busy the machine is before the benchmark starts anything: others' work skews every figure. */
async function otherLoad(): Promise<string> {
  const a = systemCpu();
  await new Promise((r) => setTimeout(r, 3_000));
  const b = systemCpu();
  if (!a || !b || b.total <= a.total) return 'unknown';
  return `${f((100 * (b.busy - a.busy)) / (b.total - a.total), 0)}% of all cores over 3 s`;
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hx-bench-'));
  let runtime: Runtime | undefined;
  const results: LevelResult[] = [];
  let bundles: BundleSize[] = [];
  let startup = '';
  let baseline = '';
  /** the Lambda functions of the synthesized template, as the runtime read them */
  let functions: Runtime['topology']['functions'] = {};
  try {
    baseline = await otherLoad();
    log(`machine busy before the start: ${baseline}`);
    log(`starting the runtime (data in ${dataDir})`);
    const t = performance.now();
    runtime = await startRuntime({ port: 0, dataDir, fastWaits: true });
    log(`listening on ${runtime.url}`);
    startup = `${f((performance.now() - t) / 1000)} s (synth, DynamoDB Local, s3rver, seed)`;
    log(`runtime up in ${startup}`);
    functions = runtime.topology.functions;
    const probe = instrument(runtime);
    const api = new Api(runtime.url);

    const registrarToken = await api.login('registrar');
    const reviewerToken = await api.login(`reviewer-${BENCH_VILLAGE}`);
    // the review chain 村 → 镇 → 区: the village's town and its district decide after the notice
    const townToken = await api.login(`town-reviewer-${BENCH_VILLAGE.slice(0, 9)}`);
    const districtToken = await api.login(`district-approver-${BENCH_DISTRICT}`);
    // the land leg (wave 2): one person per duty, so the vacating is another village reviewer's
    const clerkToken = await api.login(`village-clerk-${BENCH_VILLAGE}`);
    const landOfficerToken = await api.login(`land-officer-${BENCH_DISTRICT}`);
    const fundAdmins = await Promise.all(
      ['a', 'b'].map(async (s) => {
        const userId = `fund-${BENCH_DISTRICT}-${s}`;
        return { userId, token: await api.login(userId) };
      }),
    );
    const warmUp = 2;
    const total = warmUp + LEVELS.reduce((a, l) => a + l.cases, 0);
    log(`registering ${total} households and their applicants`);
    const households = await registerHouseholds(api, total, {
      registrarToken,
      parallel: 4,
      deadline: hardDeadline,
    });
    // every case is paid in full from the district's fund: enough money that none waits for funds.
    // Above the district's four-eyes threshold (issue 16) the replenishment is a proposal (202) that the
    // district's other fund administrator approves
    const { body: replenishment } = await api.expect<{ approvalId?: string; status?: string }>(
      [201, 202],
      'POST',
      '/fund/replenishments',
      {
        token: fundAdmins[0]?.token,
        body: { source: 'appropriation', amountFen: total * 200_000_000, reference: `BENCH-${Date.now()}` },
      },
    );
    if (replenishment.status === 'pending' && replenishment.approvalId) {
      await api.expect([200, 201], 'POST', `/fund/approvals/${replenishment.approvalId}/decision`, {
        token: fundAdmins[1]?.token,
        body: { approve: true },
      });
    }

    const base = {
      api,
      probe,
      reviewerToken,
      townToken,
      districtToken,
      fundAdmins,
      clerkToken,
      landOfficerToken,
      registrarToken,
      fallbackPollMs: FALLBACK_POLL_MS,
    };
    const setup: LevelSetup = { runtime, probe, api, base, hardDeadline };
    // loads every handler module once (a warm container per function), so no level pays for imports
    log(`warm-up: ${warmUp} cases`);
    await runLevel(setup, { concurrency: warmUp, cases: warmUp }, households.slice(0, warmUp));

    let offset = warmUp;
    for (const level of LEVELS) {
      if (Date.now() > hardDeadline - 60_000) {
        log(`skipping ×${level.concurrency}: the time budget is nearly spent`);
        break;
      }
      log(`×${level.concurrency}: ${level.cases} cases`);
      const result = await runLevel(setup, level, households.slice(offset, offset + level.cases));
      offset += level.cases;
      results.push(result);
      log(
        `×${level.concurrency}: ${result.completed}/${level.cases} closed in ${f(result.wallSeconds)} s, ${f(result.casesPerSecond, 2)} cases/s`,
      );
    }
  } finally {
    if (runtime) {
      log('stopping the runtime');
      await runtime.stop();
    }
  }

  if (WITH_BUNDLES && Date.now() < hardDeadline - 20_000) {
    log('bundling every Lambda entry');
    bundles = await bundleSizes(functions, join(dataDir, 'bundles'));
  }
  await rm(dataDir, { recursive: true, force: true });

  const meta = {
    commit: commitDescription(),
    machine: machineDescription(),
    java: javaVersion(),
    date: new Date().toISOString(),
    startup,
    baseline,
    droppedWarnings: String(droppedWarnings()),
  };
  console.log(`\n${report(results, bundles, meta)}`);
  if (process.env.BENCH_JSON) {
    await writeFile(
      process.env.BENCH_JSON,
      `${JSON.stringify({ meta, levels: LEVELS, results, bundles }, null, 2)}\n`,
    );
    log(`figures written to ${process.env.BENCH_JSON}`);
  }
  log(`done in ${f((Date.now() - started) / 1000)} s`);
  if (unhandled.length > 0) console.log(`unhandled rejections:\n  ${unhandled.slice(0, 10).join('\n  ')}`);
  const failed =
    results.some((r) => r.failures.length > 0) || results.length < LEVELS.length || unhandled.length > 0;
  return failed ? 1 : 0;
}

const watchdog = setTimeout(() => {
  console.error(`[bench] over the budget of ${BUDGET_MS / 1000} s: giving up`);
  process.exit(2);
}, BUDGET_MS + 30_000);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  },
);
