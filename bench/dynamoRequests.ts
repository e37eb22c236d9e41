import type { Counters } from './instrument.js';

/** Reads the bench itself issues (driver and latency sampler), kept out of the per-case request count. */
export const BENCH_READ_FUNCTIONS = new Set(['getCase', 'listCases']);

export interface DynamoFigures {
  /** every request of the level's cases, per closed case, the bench's own reads left out */
  perCase: number;
  byFunction: Record<string, number>;
  byCommand: Record<string, number>;
  /** per function, per command (BENCH_JSON only: where a function's requests go) */
  byFunctionCommand: Record<string, Record<string, number>>;
  /** requests of one `GET /cases/{id}` (the bench's own reads) */
  perCaseRead: number;
  /** conditional writes refused (lost races, duplicate deliveries) per closed case */
  conflictsPerCase: number;
  conflictsByFunction: Record<string, number>;
}

/**
 * The DynamoDB requests the counters saw during a level (a transaction counts once), per closed case
 * (`perCase` divides by the cases closed): in total, by function and by command, with the cost of the
 * bench's own case reads apart.
 */
export function dynamoFigures(c: Counters, perCase: (n: number) => number): DynamoFigures {
  const byFunction: Record<string, number> = {};
  const byCommand: Record<string, number> = {};
  const byFunctionCommand: Record<string, Record<string, number>> = {};
  let caseRequests = 0;
  for (const [fn, commands] of c.dynamo) {
    const total = [...commands.values()].reduce((a, b) => a + b, 0);
    if (BENCH_READ_FUNCTIONS.has(fn)) continue;
    byFunction[fn] = perCase(total);
    byFunctionCommand[fn] = Object.fromEntries([...commands].map(([command, n]) => [command, perCase(n)]));
    caseRequests += total;
    for (const [command, n] of commands) byCommand[command] = (byCommand[command] ?? 0) + n;
  }
  for (const k of Object.keys(byCommand)) byCommand[k] = perCase(byCommand[k] ?? 0);
  const getCaseRequests = [...(c.dynamo.get('getCase')?.values() ?? [])].reduce((a, b) => a + b, 0);
  const getCaseCalls = c.invocations.get('getCase') ?? 0;
  return {
    perCase: perCase(caseRequests),
    byFunction,
    byCommand,
    byFunctionCommand,
    perCaseRead: getCaseCalls > 0 ? getCaseRequests / getCaseCalls : Number.NaN,
    conflictsPerCase: perCase([...c.dynamoConflicts.values()].reduce((a, b) => a + b, 0)),
    conflictsByFunction: Object.fromEntries([...c.dynamoConflicts].map(([fn, n]) => [fn, perCase(n)])),
  };
}
