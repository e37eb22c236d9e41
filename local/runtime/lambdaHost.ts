import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { projectPath } from '../../infra/paths.js';
import { fastWaitsEnvironment } from './localDefinition.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalFunction } from './topology.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Runs the real handler modules in this process, the way Lambda would call them: the module's exported
 * `handler` with the event and a Lambda context. Modules load once (a warm container per function).
 */
export class LambdaHost {
  private readonly loaded = new Map<string, Promise<Handler>>();
  /** invocations per function, for the benchmark */
  readonly invocations = new Map<string, number>();

  constructor(private readonly functions: Record<string, LocalFunction>) {}

  has(functionId: string): boolean {
    return functionId in this.functions;
  }

  private load(functionId: string): Promise<Handler> {
    let handler = this.loaded.get(functionId);
    if (!handler) {
      const fn = this.functions[functionId];
      if (!fn) throw new Error(`no function ${functionId} in the template`);
      handler = import(pathToFileURL(projectPath(fn.entry)).href).then((m: { handler?: Handler }) => {
        if (typeof m.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
        return m.handler;
      });
      this.loaded.set(functionId, handler);
    }
    return handler;
  }

  async invoke(functionId: string, event: unknown): Promise<unknown> {
    const handler = await this.load(functionId);
    this.invocations.set(functionId, (this.invocations.get(functionId) ?? 0) + 1);
    const fn = this.functions[functionId] as LocalFunction;
    // the function's own timeout from the template, as Lambda counts it: code that plans by the time left
    // (the idempotency record's in-progress expiry, the fund's retry budget) sees what it would see on AWS.
    // Nothing is killed at the deadline here; a handler that overruns is only slow.
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: functionId,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionId}`,
      memoryLimitInMB: String(fn.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionId}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    // a fresh copy, as Lambda deserializes every event: no handler can mutate the caller's object
    return handler(structuredClone(event), context);
  }
}

/**
 * The environment every function gets locally: the template's variables (the same values for every
 * function here: one table, one bucket, one bus), with the log level taken from LOCAL_LOG_LEVEL so a
 * terminal is not flooded, and the wait cap of fast waits.
 */
export function functionEnvironment(
  functions: Record<string, LocalFunction>,
  opts: { fastWaits: boolean },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const fn of Object.values(functions)) {
    for (const [k, v] of Object.entries(fn.environment)) {
      if (env[k] !== undefined && env[k] !== v)
        throw new Error(`functions disagree on ${k}: ${env[k]} vs ${v}`);
      env[k] = v;
    }
  }
  delete env.NODE_OPTIONS;
  env.POWERTOOLS_LOG_LEVEL = process.env.LOCAL_LOG_LEVEL ?? 'WARN';
  env.POWERTOOLS_METRICS_DISABLED = 'true';
  return { ...env, ...fastWaitsEnvironment(opts) };
}
