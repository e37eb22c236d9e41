import type { Runtime } from '../local/runtime/runtime.js';
import { caseUsage } from './caseUsage.js';
import { type CaseRun, type DriverContext, driveCase } from './driver.js';
import { BENCH_READ_FUNCTIONS, dynamoFigures } from './dynamoRequests.js';
import type { BenchHousehold } from './households.js';
import type { Api } from './http.js';
import type { Instrumentation } from './instrument.js';
import { percentile, sampleLatency } from './latency.js';
import { type LevelResult, spread } from './levelResult.js';
import type { Level } from './levels.js';
import { javaChildCpuSeconds, nodeCpuSeconds, systemCpu } from './machine.js';

const SAMPLER_PAUSE_MS = 20;
/** per level: no case may take longer than this from creation to closed */
const CASE_TIMEOUT_MS = 90_000;

/** What every level runs against: the runtime, its counters, the HTTP client and the deciding users. */
export interface LevelSetup {
  runtime: Runtime;
  probe: Instrumentation;
  api: Api;
  base: Omit<DriverContext, 'deadline' | 'onCreated'>;
  /** when the whole run must be over (BENCH_BUDGET_S); a level stops taking cases 30 s before */
  hardDeadline: number;
}

/**
 * One level: `level.concurrency` drivers take the households in turn until none is left (a closed
 * loop) while a sampler reads as the village reviewer; then everything the cases caused is drained
 * and counted, per closed case.
 */
export async function runLevel(
  setup: LevelSetup,
  level: Level,
  households: BenchHousehold[],
): Promise<LevelResult> {
  const { runtime, probe, api, base, hardDeadline } = setup;
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
  const dynamo = dynamoFigures(c, perCase);

  const closedIds = new Set(runs.map((r) => r.caseId));
  const states = [...c.statesByCase].filter(([id]) => closedIds.has(id)).map(([, n]) => n);
  const statesByType: Record<string, number> = {};
  for (const [type, n] of c.statesEntered) statesByType[type] = perCase(n);
  const invocationsPerCase: Record<string, number> = {};
  for (const [fn, n] of c.invocations) if (!BENCH_READ_FUNCTIONS.has(fn)) invocationsPerCase[fn] = perCase(n);
  const caseSeconds = runs.map((r) => (r.finishedAt - r.startedAt) / 1000);
  const usage = caseUsage(runtime, c, perCase, invocationsPerCase, {
    driverReads: perCase(runs.reduce((a, r) => a + r.reads, 0)),
    statesPerCase: states.length > 0 ? states.reduce((a, b) => a + b, 0) / states.length : Number.NaN,
  });
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
    dynamoPerCase: dynamo.perCase,
    dynamoByFunction: dynamo.byFunction,
    dynamoByCommand: dynamo.byCommand,
    dynamoByFunctionCommand: dynamo.byFunctionCommand,
    dynamoPerCaseRead: dynamo.perCaseRead,
    driverReadsPerCase: perCase(runs.reduce((a, r) => a + r.reads, 0)),
    conflictsPerCase: dynamo.conflictsPerCase,
    conflictsByFunction: dynamo.conflictsByFunction,
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
    usage,
    unitsByFunction: Object.fromEntries(
      [...new Set([...c.readUnits.keys(), ...c.writeUnits.keys()])]
        .filter((fn) => !BENCH_READ_FUNCTIONS.has(fn))
        .map((fn) => [
          fn,
          { read: perCase(c.readUnits.get(fn) ?? 0), write: perCase(c.writeUnits.get(fn) ?? 0) },
        ]),
    ),
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
