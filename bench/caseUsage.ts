import { basename } from 'node:path';
import type { Runtime } from '../local/runtime/runtime.js';
import type { CaseUsage } from './cost.js';
import { BENCH_READ_FUNCTIONS } from './dynamoRequests.js';
import type { Counters } from './instrument.js';

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/**
 * A level's counters as one closed case's use of each billed service (bench/cost.ts). The bench's own
 * reads (its latency sampler) are left out; the drivers' reads of the case view stand for the people
 * reading it, at the read units one `GET /cases/{id}` cost. Every API invocation is one request through
 * CloudFront, the web ACL and the HTTP API; every event put reaches the projection's queue.
 */
export function caseUsage(
  runtime: Runtime,
  c: Counters,
  perCase: (n: number) => number,
  invocationsPerCase: Record<string, number>,
  measured: { driverReads: number; statesPerCase: number },
): CaseUsage {
  const fns = Object.values(runtime.topology.functions).map((fn) => ({
    name: basename(fn.entry, '.ts'),
    api: fn.entry.startsWith('functions/api/'),
    memoryMb: fn.memoryMb,
  }));
  const memoryMb = Object.fromEntries(fns.map((f) => [f.name, f.memoryMb]));
  const apiNames = new Set(fns.filter((f) => f.api).map((f) => f.name));
  const handlerMs = Object.fromEntries(
    [...c.invocationMs].map(([fn, ms]) => [fn, ms.length > 0 ? sum(ms) / ms.length : 0]),
  );
  const own = (m: Map<string, number>) =>
    sum([...m].filter(([fn]) => !BENCH_READ_FUNCTIONS.has(fn)).map(([, n]) => n));
  const getCaseCalls = c.invocations.get('getCase') ?? 0;
  const unitsPerRead = getCaseCalls > 0 ? (c.readUnits.get('getCase') ?? 0) / getCaseCalls : 0;
  const s3 = (prefix: string) =>
    perCase(sum([...c.s3].filter(([command]) => command.startsWith(prefix)).map(([, n]) => n)));
  return {
    writeUnits: perCase(own(c.writeUnits)),
    readUnits: perCase(own(c.readUnits)),
    peopleReadUnits: measured.driverReads * unitsPerRead,
    stateTransitions: measured.statesPerCase,
    invocations: { ...invocationsPerCase, getCase: measured.driverReads },
    handlerMs,
    memoryMb,
    apiRequests:
      sum(
        Object.entries(invocationsPerCase)
          .filter(([fn]) => apiNames.has(fn))
          .map(([, n]) => n),
      ) + measured.driverReads,
    s3Puts: s3('PutObject'),
    s3Gets: s3('GetObject') + s3('HeadObject'),
    eventsPut: perCase(c.eventsPut),
    queuedEvents: perCase(c.eventsPut),
  };
}
