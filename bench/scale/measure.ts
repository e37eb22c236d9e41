import type { Instrumentation } from '../instrument.js';
import { percentile } from '../latency.js';
import type { CapacityProbe } from './capacity.js';

/**
 * Calls each read route of API.md as the user it is for, one call at a time: `warmUp` calls first (the
 * handler's module loaded, its container warm), then up to `calls` timed ones within `budgetMs`, and
 * divides the DynamoDB requests (bench/instrument.ts) and read units (./capacity.ts) its handler sent by
 * the calls. Every answer must be 200; anything else is counted and shown.
 */
export interface ReadRoute {
  name: string;
  /** the handler's entry file name (functions/api/*.ts), whose requests count */
  fn: string;
  token: string;
  /** the path after /api, one per call (e.g. another case each time) */
  path: (i: number) => string;
  calls?: number;
}

export interface RouteFigures {
  name: string;
  calls: number;
  p50: number;
  p99: number;
  requestsPerCall: number;
  readUnitsPerCall: number;
  errors: number;
  firstError?: string;
  bytes: number;
}

const TIMEOUT_MS = 600_000;

async function get(baseUrl: string, path: string, token: string) {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, ms: performance.now() - started, body };
}

export async function measureRoute(
  baseUrl: string,
  probe: Instrumentation,
  capacity: CapacityProbe,
  route: ReadRoute,
  opts: { warmUp: number; calls: number; budgetMs: number },
): Promise<RouteFigures> {
  let errors = 0;
  let firstError: string | undefined;
  const call = async (i: number) => {
    const a = await get(baseUrl, route.path(i), route.token);
    if (a.status !== 200) {
      errors += 1;
      firstError ??= `${a.status} ${a.body.toString('utf8').slice(0, 300)}`;
    }
    return a;
  };
  for (let i = 0; i < opts.warmUp; i += 1) await call(i);
  errors = 0;
  probe.reset();
  capacity.reset();
  const samples: number[] = [];
  let bytes = 0;
  const until = performance.now() + opts.budgetMs;
  const calls = route.calls ?? opts.calls;
  for (let i = 0; i < calls; i += 1) {
    if (i >= 3 && performance.now() > until) break;
    const a = await call(opts.warmUp + i);
    samples.push(a.ms);
    bytes += a.body.length;
  }
  const requests = [...(probe.counters.dynamo.get(route.fn)?.values() ?? [])].reduce((x, y) => x + y, 0);
  const n = samples.length;
  return {
    name: route.name,
    calls: n,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    requestsPerCall: n > 0 ? requests / n : Number.NaN,
    readUnitsPerCall: n > 0 ? capacity.readUnits(route.fn) / n : Number.NaN,
    errors,
    ...(firstError ? { firstError } : {}),
    bytes: n > 0 ? bytes / n : 0,
  };
}
