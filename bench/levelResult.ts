import type { CaseUsage } from './cost.js';
import { percentile } from './latency.js';

/** Everything one concurrency level measured; the report prints it, BENCH_JSON keeps it whole. */
export interface LevelResult {
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
  dynamoByFunctionCommand: Record<string, Record<string, number>>;
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
  /** what a closed case used of each billed service, for the cost model (bench/cost.ts) */
  usage: CaseUsage;
  /** capacity units per closed case by function (read and write request units as on-demand bills them) */
  unitsByFunction: Record<string, { read: number; write: number }>;
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

/** How a set of durations spread (ms): how many, median and 99th percentile. */
export interface Spread {
  n: number;
  p50: number;
  p99: number;
}

export function spread(samples: Map<string, number[]>): Record<string, Spread> {
  return Object.fromEntries(
    [...samples].map(([k, v]) => [k, { n: v.length, p50: percentile(v, 50), p99: percentile(v, 99) }]),
  );
}
