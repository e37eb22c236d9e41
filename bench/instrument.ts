import { AsyncLocalStorage } from 'node:async_hooks';
import { basename } from 'node:path';
import type { Runtime } from '../local/runtime/runtime.js';
import { dynamoClient, eventBridgeClient, s3Client } from '../shared/adapters/clients.js';

/**
 * Counters hooked into the running runtime (same process), so every figure is what the handlers really
 * did rather than an estimate:
 * - DynamoDB: a middleware on the handlers' own client (shared/adapters/clients.ts) counts each command
 *   sent, attributed to the Lambda whose invocation sent it (AsyncLocalStorage around LambdaHost.invoke);
 * - Step Functions: every StateEntered event of every execution (all state types, as AWS bills standard
 *   workflows), next to the runtime's own `sfn.transitions` (Task states only);
 * - invocations per function, and a wake-up signal per case whenever a handler that names the case
 *   that opens a step or ends the case finishes, so the case drivers read the case when there is
 *   something to act on instead of polling blind.
 */

type Invoke = Runtime['host']['invoke'];

export interface Counters {
  /** DynamoDB commands by function (entry file name) and command name */
  dynamo: Map<string, Map<string, number>>;
  /** round-trip ms of each DynamoDB command, by command name */
  dynamoMs: Map<string, number[]>;
  /** conditional-check / transaction-cancelled answers (lost optimistic-concurrency races), by function */
  dynamoConflicts: Map<string, number>;
  /**
   * Capacity units DynamoDB (Local) says each request consumed (`ReturnConsumedCapacity: TOTAL`, the
   * table's and its indexes'), by function: what on-demand mode bills as read and write request units
   * (transactions count double, an item is billed by the KB written or the 4 KB read).
   */
  readUnits: Map<string, number>;
  writeUnits: Map<string, number>;
  /** S3 requests by command (PutObject, GetObject, HeadObject …) and EventBridge entries put */
  s3: Map<string, number>;
  eventsPut: number;
  invocations: Map<string, number>;
  /** ms of each invocation, by function */
  invocationMs: Map<string, number[]>;
  /** StateEntered events by state type */
  statesEntered: Map<string, number>;
  /** StateEntered events by case id */
  statesByCase: Map<string, number>;
  /** runtime.sfn.transitions when the counters were reset */
  taskTransitionsAtReset: number;
}

export interface Instrumentation {
  counters: Counters;
  reset(): void;
  /** Task states entered since the last reset (the runtime's own counter). */
  taskTransitions(): number;
  /** The current wake generation of a case; `waitForWake` returns once it moves past `seen` or after `ms`. */
  generation(caseId: string): number;
  waitForWake(caseId: string, seen: number, ms: number): Promise<void>;
  /** false when the state machine could not be hooked (then only Task states are counted) */
  countsAllStates: boolean;
}

const OUTSIDE = '(outside any handler)';

function emptyCounters(taskTransitionsAtReset: number): Counters {
  return {
    dynamo: new Map(),
    dynamoMs: new Map(),
    dynamoConflicts: new Map(),
    readUnits: new Map(),
    writeUnits: new Map(),
    s3: new Map(),
    eventsPut: 0,
    invocations: new Map(),
    invocationMs: new Map(),
    statesEntered: new Map(),
    statesByCase: new Map(),
    taskTransitionsAtReset,
  };
}

const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** DynamoDB commands whose capacity is billed as reads; every other command's as writes. */
const READ_COMMANDS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** The capacity units in a DynamoDB answer (one object, or one per table for batches and transactions). */
function unitsOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce(
    (sum: number, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0),
    0,
  );
}
const record = (map: Map<string, number[]>, key: string, ms: number) => {
  const list = map.get(key);
  if (list) list.push(ms);
  else map.set(key, [ms]);
};

/** The case an invocation is about: workflow tasks carry it at the top, EventBridge events in `detail`. */
function caseIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as { caseId?: unknown; detail?: { caseId?: unknown }; Payload?: { caseId?: unknown } };
  const id = e.caseId ?? e.detail?.caseId ?? e.Payload?.caseId;
  return typeof id === 'string' ? id : undefined;
}

interface EventLog {
  type: string;
  state?: { type?: string };
}
interface Machine {
  run(input: unknown, options?: unknown): { eventLogs: AsyncGenerator<EventLog> };
}

/**
 * The handlers after which a driver has something to look at: a human step was opened (its token
 * stored), the case closed, or it failed. Waking on every handler (notifications included) would only
 * add reads.
 */
const WAKE_AFTER = new Set(['registerTask', 'closeCase', 'recordFailure']);

export function instrument(runtime: Runtime): Instrumentation {
  const names = new Map(
    Object.entries(runtime.topology.functions).map(([id, fn]) => [id, basename(fn.entry, '.ts')]),
  );
  const current = new AsyncLocalStorage<string>();
  let counters = emptyCounters(runtime.sfn.transitions);

  // after startRuntime: it resets the clients, so this is the instance every handler now shares
  // (the document client wraps it and shares its middleware stack)
  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const fn = current.getStore() ?? OUTSIDE;
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      let perFn = counters.dynamo.get(fn);
      if (!perFn) {
        perFn = new Map();
        counters.dynamo.set(fn, perFn);
      }
      bump(perFn, command);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const started = performance.now();
      try {
        const result = await next(args);
        bump(
          READ_COMMANDS.has(command) ? counters.readUnits : counters.writeUnits,
          fn,
          unitsOf(result.output),
        );
        return result;
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException')
          bump(counters.dynamoConflicts, fn);
        throw error;
      } finally {
        record(counters.dynamoMs, command, performance.now() - started);
      }
    },
    { step: 'initialize', name: 'benchCountRequests' },
  );

  s3Client().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      // a presigned URL runs through a copy of this stack and answers without a request; the browser
      // (or the driver) then sends that PUT or GET to S3 itself, once per URL it uses
      const presigned = (result.output as { presigned?: unknown }).presigned !== undefined;
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      bump(counters.s3, presigned ? `${command} (presigned)` : command);
      return result;
    },
    { step: 'initialize', name: 'benchCountS3' },
  );
  eventBridgeClient().middlewareStack.add(
    (next) => async (args) => {
      const entries = (args.input as { Entries?: unknown[] }).Entries;
      counters.eventsPut += Array.isArray(entries) ? entries.length : 0;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountEvents' },
  );

  const generations = new Map<string, number>();
  const waiters = new Map<string, Set<() => void>>();
  const wake = (caseId: string) => {
    bump(generations, caseId);
    const set = waiters.get(caseId);
    if (!set) return;
    waiters.delete(caseId);
    for (const resolve of set) resolve();
  };

  const host = runtime.host;
  const invoke: Invoke = host.invoke.bind(host);
  host.invoke = (functionId, event) => {
    const name = names.get(functionId) ?? functionId;
    bump(counters.invocations, name);
    return current.run(name, async () => {
      const started = performance.now();
      try {
        return await invoke(functionId, event);
      } finally {
        record(counters.invocationMs, name, performance.now() - started);
        const caseId = WAKE_AFTER.has(name) ? caseIdOf(event) : undefined;
        if (caseId) wake(caseId);
      }
    });
  };

  // LocalStepFunctions keeps its aws-local-stepfunctions machine private; its event log is the only
  // place every state entered (Choice, Wait, Pass included) is visible
  const machine = (runtime.sfn as unknown as { machine?: Machine }).machine;
  const countsAllStates = typeof machine?.run === 'function';
  if (machine && countsAllStates) {
    const run = machine.run.bind(machine);
    machine.run = (input, options) => {
      const execution = run(input, options);
      const caseId = caseIdOf(input) ?? '(unknown)';
      void (async () => {
        for await (const e of execution.eventLogs) {
          if (e.type !== 'StateEntered') continue;
          bump(counters.statesEntered, e.state?.type ?? 'unknown');
          bump(counters.statesByCase, caseId);
        }
      })().catch(() => undefined);
      return execution;
    };
  }

  return {
    get counters() {
      return counters;
    },
    reset() {
      counters = emptyCounters(runtime.sfn.transitions);
    },
    taskTransitions: () => runtime.sfn.transitions - counters.taskTransitionsAtReset,
    generation: (caseId) => generations.get(caseId) ?? 0,
    waitForWake(caseId, seen, ms) {
      if ((generations.get(caseId) ?? 0) !== seen) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        let set = waiters.get(caseId);
        if (!set) {
          set = new Set();
          waiters.set(caseId, set);
        }
        set.add(done);
        function done() {
          clearTimeout(timer);
          waiters.get(caseId)?.delete(done);
          resolve();
        }
      });
    },
    countsAllStates,
  };
}
