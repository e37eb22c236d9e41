import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Runtime, startRuntime } from '../local/runtime/runtime.js';
import { findFreePort } from '../local/services/dynamoLocal.js';
import { type BundleSize, bundleSizes } from './bundles.js';
import { type CaseRun, type DriverContext, driveCase } from './driver.js';
import { BENCH_DISTRICT, BENCH_VILLAGE, type BenchHousehold, registerHouseholds } from './households.js';
import { Api } from './http.js';
import { type Instrumentation, instrument } from './instrument.js';
import { percentile, sampleLatency } from './latency.js';
import {
  javaChildCpuSeconds,
  javaVersion,
  machineDescription,
  nodeCpuSeconds,
  systemCpu,
} from './machine.js';

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

interface Level {
  concurrency: number;
  cases: number;
}

function parseLevels(text: string): Level[] {
  const levels = text.split(',').map((pair) => {
    const [c, n] = pair.split(':').map((x) => Number(x.trim()));
    if (!Number.isInteger(c) || !Number.isInteger(n) || !c || !n || c < 1 || n < c || n > 500) {
      throw new Error(`BENCH_LEVELS: "${pair}" is not concurrency:cases with 1 ≤ concurrency ≤ cases ≤ 500`);
    }
    return { concurrency: c, cases: n };
  });
  if (levels.length === 0 || levels.length > 6) throw new Error('BENCH_LEVELS: 1 to 6 levels');
  return levels;
}

const LEVELS = parseLevels(process.env.BENCH_LEVELS ?? '1:6,8:32,32:128');
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 480) * 1000;
const WITH_BUNDLES = process.env.BENCH_BUNDLES !== '0';
/** the longest a driver waits without a wake-up before reading its case again */
const FALLBACK_POLL_MS = 1_000;
const SAMPLER_PAUSE_MS = 20;
/** per level: no case may take longer than this from creation to closed */
const CASE_TIMEOUT_MS = 90_000;

process.env.LOCAL_LOG_LEVEL ??= 'ERROR';
/**
 * The API handlers share one module-level Powertools Metrics instance, and here concurrent invocations
 * share the module, so one invocation's flush empties another's metrics: "No application metrics to
 * publish" and "Dimension \"route\" has already been added", thousands of times per run, written
 * through Powertools' own Console. They would bury the tables; exactly these two are dropped and counted.
 */
const NOISE = ['No application metrics to publish', 'Dimension "route" has already been added'];
let droppedWarnings = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (NOISE.some((n) => text.startsWith(n))) {
      droppedWarnings += 1;
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

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

interface LevelResult {
  concurrency: number;
  cases: number;
  completed: number;
  failures: string[];
  /** 5xx answers to decisions (the driver carried on) */
  serverErrors: string[];
  /** registerTask invocations that took longer than the fast (1 s) deadline of their step */
  slowRegistrations: number;
  wallSeconds: number;
  casesPerSecond: number;
  caseSeconds: { p50: number; p99: number; max: number };
  dynamoPerCase: number;
  dynamoByFunction: Record<string, number>;
  dynamoByCommand: Record<string, number>;
  dynamoPerCaseRead: number;
  driverReadsPerCase: number;
  conflictsPerCase: number;
  conflictsByFunction: Record<string, number>;
  /** round trip of each DynamoDB command (ms) */
  dynamoMs: Record<string, Spread>;
  /** duration of each handler invocation (ms) */
  handlerMs: Record<string, Spread>;
  decisionConflictsPerCase: number;
  statesPerCase: { mean: number; min: number; max: number } | undefined;
  statesByType: Record<string, number>;
  taskStatesPerCase: number;
  invocationsPerCase: Record<string, number>;
  escalations: number;
  latency: {
    getCase: { n: number; p50: number; p99: number };
    reviewerQueue: { n: number; p50: number; p99: number };
    errors: number;
  };
  cpu: {
    nodeSeconds: number;
    javaSeconds: number | undefined;
    /** all processes on the machine, % of all cores */
    machine: { busyPercent: number; iowaitPercent: number } | undefined;
  };
}

interface Spread {
  n: number;
  p50: number;
  p99: number;
}

function spread(samples: Map<string, number[]>): Record<string, Spread> {
  return Object.fromEntries(
    [...samples].map(([k, v]) => [k, { n: v.length, p50: percentile(v, 50), p99: percentile(v, 99) }]),
  );
}

/** Reads the bench itself issues (driver and latency sampler), kept out of the per-case request count. */
const BENCH_READ_FUNCTIONS = new Set(['getCase', 'listCases']);

async function runLevel(
  runtime: Runtime,
  probe: Instrumentation,
  api: Api,
  level: Level,
  households: BenchHousehold[],
  base: Omit<DriverContext, 'deadline' | 'onCreated'>,
): Promise<LevelResult> {
  probe.reset();
  const cpu0 = { node: nodeCpuSeconds(), java: javaChildCpuSeconds(), system: systemCpu() };
  const levelDeadline = Math.min(hardDeadline - 30_000, Date.now() + CASE_TIMEOUT_MS * 3);
  const runs: CaseRun[] = [];
  const failures: string[] = [];
  const inFlight = new Set<string>();
  const seenCases: string[] = [];
  let next = 0;
  let done = false;

  const t0 = performance.now();
  const worker = async () => {
    while (next < households.length && Date.now() < levelDeadline) {
      const household = households[next];
      next += 1;
      if (!household) break;
      const ctx: DriverContext = { ...base, deadline: Math.min(levelDeadline, Date.now() + CASE_TIMEOUT_MS) };
      try {
        const run = await driveCase(
          {
            ...ctx,
            onCreated: (caseId) => {
              inFlight.add(caseId);
              seenCases.push(caseId);
            },
          },
          household,
        );
        runs.push(run);
        inFlight.delete(run.caseId);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const sampler = sampleLatency(api, {
    reviewerToken: base.reviewerToken,
    caseIds: () => (inFlight.size > 0 ? [...inFlight] : seenCases),
    stop: () => done,
    pauseMs: SAMPLER_PAUSE_MS,
    maxSamples: 20_000,
    deadline: levelDeadline,
  });
  await Promise.all(Array.from({ length: level.concurrency }, worker));
  const wallSeconds = (performance.now() - t0) / 1000;
  done = true;
  const latency = await sampler;

  // everything the cases caused is counted: notifications delivered, executions finished, logs read
  await runtime.events.drain();
  for (let i = 0; i < 50 && runtime.sfn.running() > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 200));

  const c = probe.counters;
  const completed = runs.length;
  const perCase = (n: number) => (completed > 0 ? n / completed : Number.NaN);
  const byFunction: Record<string, number> = {};
  const byCommand: Record<string, number> = {};
  let caseRequests = 0;
  for (const [fn, commands] of c.dynamo) {
    const total = [...commands.values()].reduce((a, b) => a + b, 0);
    if (BENCH_READ_FUNCTIONS.has(fn)) continue;
    byFunction[fn] = perCase(total);
    caseRequests += total;
    for (const [command, n] of commands) byCommand[command] = (byCommand[command] ?? 0) + n;
  }
  for (const k of Object.keys(byCommand)) byCommand[k] = perCase(byCommand[k] ?? 0);
  const getCaseRequests = [...(c.dynamo.get('getCase')?.values() ?? [])].reduce((a, b) => a + b, 0);
  const getCaseCalls = c.invocations.get('getCase') ?? 0;

  const closedIds = new Set(runs.map((r) => r.caseId));
  const states = [...c.statesByCase].filter(([id]) => closedIds.has(id)).map(([, n]) => n);
  const statesByType: Record<string, number> = {};
  for (const [type, n] of c.statesEntered) statesByType[type] = perCase(n);
  const invocationsPerCase: Record<string, number> = {};
  for (const [fn, n] of c.invocations) if (!BENCH_READ_FUNCTIONS.has(fn)) invocationsPerCase[fn] = perCase(n);
  const caseSeconds = runs.map((r) => (r.finishedAt - r.startedAt) / 1000);
  const javaAfter = javaChildCpuSeconds();
  const systemAfter = systemCpu();
  const sys =
    systemAfter && cpu0.system && systemAfter.total > cpu0.system.total
      ? {
          busyPercent:
            (100 * (systemAfter.busy - cpu0.system.busy)) / (systemAfter.total - cpu0.system.total),
          iowaitPercent:
            (100 * (systemAfter.iowait - cpu0.system.iowait)) / (systemAfter.total - cpu0.system.total),
        }
      : undefined;

  return {
    concurrency: level.concurrency,
    cases: households.length,
    completed,
    failures,
    serverErrors: runs.flatMap((r) => r.serverErrors),
    slowRegistrations: (c.invocationMs.get('registerTask') ?? []).filter((ms) => ms > 1_000).length,
    wallSeconds,
    casesPerSecond: completed / wallSeconds,
    caseSeconds: {
      p50: percentile(caseSeconds, 50),
      p99: percentile(caseSeconds, 99),
      max: Math.max(...caseSeconds),
    },
    dynamoPerCase: perCase(caseRequests),
    dynamoByFunction: byFunction,
    dynamoByCommand: byCommand,
    dynamoPerCaseRead: getCaseCalls > 0 ? getCaseRequests / getCaseCalls : Number.NaN,
    driverReadsPerCase: perCase(runs.reduce((a, r) => a + r.reads, 0)),
    conflictsPerCase: perCase([...c.dynamoConflicts.values()].reduce((a, b) => a + b, 0)),
    conflictsByFunction: Object.fromEntries([...c.dynamoConflicts].map(([fn, n]) => [fn, perCase(n)])),
    dynamoMs: spread(c.dynamoMs),
    handlerMs: spread(c.invocationMs),
    decisionConflictsPerCase: perCase(runs.reduce((a, r) => a + r.conflicts, 0)),
    statesPerCase:
      probe.countsAllStates && states.length > 0
        ? {
            mean: states.reduce((a, b) => a + b, 0) / states.length,
            min: Math.min(...states),
            max: Math.max(...states),
          }
        : undefined,
    statesByType,
    taskStatesPerCase: perCase(probe.taskTransitions()),
    invocationsPerCase,
    escalations: c.invocations.get('escalate') ?? 0,
    latency: {
      getCase: {
        n: latency.getCase.length,
        p50: percentile(latency.getCase, 50),
        p99: percentile(latency.getCase, 99),
      },
      reviewerQueue: {
        n: latency.reviewerQueue.length,
        p50: percentile(latency.reviewerQueue, 50),
        p99: percentile(latency.reviewerQueue, 99),
      },
      errors: latency.errors,
    },
    cpu: {
      nodeSeconds: nodeCpuSeconds() - cpu0.node,
      javaSeconds: javaAfter !== undefined && cpu0.java !== undefined ? javaAfter - cpu0.java : undefined,
      machine: sys,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// output

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(headers),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

function report(results: LevelResult[], bundles: BundleSize[], meta: Record<string, string>): string {
  const out: string[] = [];
  out.push(
    `machine: ${meta.machine}`,
    `java: ${meta.java}`,
    `date: ${meta.date}`,
    `startup: ${meta.startup}`,
    `machine busy before the start (other processes): ${meta.baseline}`,
    `Powertools metrics warnings dropped from the output: ${meta.droppedWarnings}`,
    '',
  );
  out.push('Throughput (cases from draft to closed, LOCAL_FAST_WAITS=1, automatic decisions)', '');
  out.push(
    table(
      [
        'concurrent',
        'cases',
        'closed',
        'failed',
        'wall s',
        'cases/s',
        'case p50 s',
        'case p99 s',
        'escalations',
        'registrations > 1 s',
        '5xx',
        'node % of a core',
        'java % of a core',
        'machine busy % (all cores)',
        'rest of machine % of a core',
        'iowait %',
      ],
      results.map((r) => [
        r.concurrency,
        r.cases,
        r.completed,
        r.failures.length,
        f(r.wallSeconds),
        f(r.casesPerSecond, 2),
        f(r.caseSeconds.p50, 2),
        f(r.caseSeconds.p99, 2),
        r.escalations,
        r.slowRegistrations,
        r.serverErrors.length,
        f((100 * r.cpu.nodeSeconds) / r.wallSeconds, 0),
        r.cpu.javaSeconds === undefined ? '–' : f((100 * r.cpu.javaSeconds) / r.wallSeconds, 0),
        r.cpu.machine ? f(r.cpu.machine.busyPercent, 0) : '–',
        r.cpu.machine && r.cpu.javaSeconds !== undefined
          ? f(
              Math.max(
                0,
                r.cpu.machine.busyPercent * CORES -
                  (100 * (r.cpu.nodeSeconds + r.cpu.javaSeconds)) / r.wallSeconds,
              ),
              0,
            )
          : '–',
        r.cpu.machine ? f(r.cpu.machine.iowaitPercent, 0) : '–',
      ]),
    ),
    '',
  );
  out.push('Per closed case', '');
  out.push(
    table(
      [
        'concurrent',
        'DynamoDB requests',
        'conditional writes refused',
        'states entered (min–max)',
        'Task states',
        'driver GETs',
        'DynamoDB per GET /cases/{id}',
      ],
      results.map((r) => [
        r.concurrency,
        f(r.dynamoPerCase),
        f(r.conflictsPerCase, 2),
        r.statesPerCase ? `${f(r.statesPerCase.mean)} (${r.statesPerCase.min}–${r.statesPerCase.max})` : '–',
        f(r.taskStatesPerCase),
        f(r.driverReadsPerCase),
        f(r.dynamoPerCaseRead, 1),
      ]),
    ),
    '',
  );
  const fns = [...new Set(results.flatMap((r) => Object.keys(r.dynamoByFunction)))].sort();
  out.push('DynamoDB requests per closed case, by function', '');
  out.push(
    table(
      ['function', ...results.map((r) => `×${r.concurrency}`)],
      fns.map((fn) => [fn, ...results.map((r) => f(r.dynamoByFunction[fn] ?? 0, 2))]),
    ),
    '',
  );
  const commands = [...new Set(results.flatMap((r) => Object.keys(r.dynamoByCommand)))].sort();
  out.push('DynamoDB requests per closed case, by command', '');
  out.push(
    table(
      ['command', ...results.map((r) => `×${r.concurrency}`)],
      commands.map((cmd) => [cmd, ...results.map((r) => f(r.dynamoByCommand[cmd] ?? 0, 2))]),
    ),
    '',
  );
  const types = [...new Set(results.flatMap((r) => Object.keys(r.statesByType)))].sort();
  if (types.length > 0) {
    out.push('States entered per closed case, by state type', '');
    out.push(
      table(
        ['type', ...results.map((r) => `×${r.concurrency}`)],
        types.map((t) => [t, ...results.map((r) => f(r.statesByType[t] ?? 0, 2))]),
      ),
      '',
    );
  }
  const spreadTable = (title: string, pick: (r: LevelResult) => Record<string, Spread>) => {
    const keys = [...new Set(results.flatMap((r) => Object.keys(pick(r))))].sort();
    out.push(title, '');
    out.push(
      table(
        ['', ...results.flatMap((r) => [`×${r.concurrency} n`, 'p50', 'p99'])],
        keys.map((k) => [
          k,
          ...results.flatMap((r) => {
            const x = pick(r)[k];
            return x ? [x.n, f(x.p50), f(x.p99)] : ['0', '–', '–'];
          }),
        ]),
      ),
      '',
    );
  };
  spreadTable('Handler duration (ms; routes and workflow tasks, in this process)', (r) => r.handlerMs);
  spreadTable('DynamoDB round trip per command (ms; DynamoDB Local)', (r) => r.dynamoMs);
  const conflictFns = [...new Set(results.flatMap((r) => Object.keys(r.conflictsByFunction)))].sort();
  if (conflictFns.length > 0) {
    out.push(
      'Conditional writes refused (lost races, duplicate deliveries) per closed case, by function',
      '',
    );
    out.push(
      table(
        ['function', ...results.map((r) => `×${r.concurrency}`)],
        conflictFns.map((fn) => [fn, ...results.map((r) => f(r.conflictsByFunction[fn] ?? 0, 2))]),
      ),
      '',
    );
  }
  out.push('Read latency while the cases run (ms)', '');
  out.push(
    table(
      ['concurrent', 'GET /cases/{id} n', 'p50', 'p99', 'reviewer queue n', 'p50', 'p99', 'errors'],
      results.map((r) => [
        r.concurrency,
        r.latency.getCase.n,
        f(r.latency.getCase.p50),
        f(r.latency.getCase.p99),
        r.latency.reviewerQueue.n,
        f(r.latency.reviewerQueue.p50),
        f(r.latency.reviewerQueue.p99),
        r.latency.errors,
      ]),
    ),
    '',
  );
  if (bundles.length > 0) {
    const kb = (n: number) => (n / 1024).toFixed(1);
    out.push('Lambda bundles (esbuild as infra/constructs/appFunction.ts; KiB)', '');
    out.push(
      table(
        ['function', 'entry', 'index.mjs', 'gzip -9', 'source map'],
        [...bundles]
          .sort((a, b) => b.codeBytes - a.codeBytes)
          .map((b) => [b.functionId, b.entry, kb(b.codeBytes), kb(b.gzipBytes), kb(b.mapBytes)]),
      ),
      '',
    );
    const total = bundles.reduce((a, b) => a + b.codeBytes, 0);
    out.push(`${bundles.length} functions, ${kb(total)} KiB of code in total`, '');
    const largest = [...bundles].sort((a, b) => b.codeBytes - a.codeBytes)[0];
    const smallest = [...bundles].sort((a, b) => a.codeBytes - b.codeBytes)[0];
    for (const b of [largest, smallest]) {
      if (!b) continue;
      out.push(`What ${b.entry} is made of (KiB):`, '');
      out.push(
        table(
          ['package', 'KiB', '%'],
          b.packages.slice(0, 10).map((p) => [p.name, kb(p.bytes), f((100 * p.bytes) / b.codeBytes, 1)]),
        ),
        '',
      );
    }
  }
  for (const r of results) {
    if (r.serverErrors.length > 0) {
      out.push(`5xx answers at ×${r.concurrency}:`, ...r.serverErrors.slice(0, 5).map((m) => `  ${m}`));
    }
    if (r.failures.length > 0)
      out.push(`failures at ×${r.concurrency}:`, ...r.failures.slice(0, 5).map((m) => `  ${m}`));
  }
  return out.join('\n');
}

const CORES = cpus().length;

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
  const port = await findFreePort();
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
    log(`starting the runtime on 127.0.0.1:${port} (data in ${dataDir})`);
    const t = performance.now();
    runtime = await startRuntime({ port, dataDir, fastWaits: true });
    startup = `${f((performance.now() - t) / 1000)} s (synth, DynamoDB Local, s3rver, seed)`;
    log(`runtime up in ${startup}`);
    functions = runtime.topology.functions;
    const probe = instrument(runtime);
    const api = new Api(runtime.url);

    const registrarToken = await api.login('registrar');
    const reviewerToken = await api.login(`reviewer-${BENCH_VILLAGE}`);
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
    // every case is paid in full from the district's fund: enough money that none waits for funds
    await api.expect([201], 'POST', '/fund/replenishments', {
      token: fundAdmins[0]?.token,
      body: { source: 'appropriation', amountFen: total * 200_000_000, reference: `BENCH-${Date.now()}` },
    });

    const base = { api, probe, reviewerToken, fundAdmins, fallbackPollMs: FALLBACK_POLL_MS };
    // loads every handler module once (a warm container per function), so no level pays for imports
    log(`warm-up: ${warmUp} cases`);
    await runLevel(
      runtime,
      probe,
      api,
      { concurrency: warmUp, cases: warmUp },
      households.slice(0, warmUp),
      base,
    );

    let offset = warmUp;
    for (const level of LEVELS) {
      if (Date.now() > hardDeadline - 60_000) {
        log(`skipping ×${level.concurrency}: the time budget is nearly spent`);
        break;
      }
      log(`×${level.concurrency}: ${level.cases} cases`);
      const result = await runLevel(
        runtime,
        probe,
        api,
        level,
        households.slice(offset, offset + level.cases),
        base,
      );
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
    machine: machineDescription(),
    java: javaVersion(),
    date: new Date().toISOString(),
    startup,
    baseline,
    droppedWarnings: String(droppedWarnings),
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
