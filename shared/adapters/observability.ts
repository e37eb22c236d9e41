import { Console } from 'node:console';
import type { Context } from 'aws-lambda';

/**
 * Every function's logger and metrics: the Powertools Logger's and Metrics' output (one JSON line a log
 * entry with the same keys; CloudWatch embedded metric format with the same namespace and `service`
 * dimension), written by the little of them the functions use. The Powertools pair and middy were
 * ≈ 38 KiB of every bundle (issue 17: every bundle ≤ 200 KiB): first the API functions dropped them
 * (session 10), then the workflow steps, the event consumers, the upload verifier and the import worker
 * (session 11: assessCase was 3 KiB over). They live in shared/ because the commands log too (a workflow
 * step's lost race), and shared/ never imports from functions/. Settings from the same environment:
 * POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL (AWS_LAMBDA_LOG_LEVEL first, as Powertools),
 * POWERTOOLS_LOGGER_LOG_EVENT, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_METRICS_DISABLED.
 */

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;

const env = process.env;
const serviceName = env.POWERTOOLS_SERVICE_NAME ?? 'homestead-exit';
// Lambda patches the global console (a prefix on every line); Powertools writes past it, as here
const out = new Console({ stdout: process.stdout, stderr: process.stderr });

function errorFields(error: Error): Record<string, unknown> {
  const location = error.stack?.split('\n')[1]?.match(/\(?([^\s(]+:\d+:\d+)\)?$/)?.[1] ?? '';
  return {
    name: error.name,
    location,
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** JSON that never throws: bigints as strings (money is bigint fen), errors as fields, cycles cut. */
function stringify(item: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(item, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return errorFields(value);
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  });
}

export class EdgeLogger {
  private readonly threshold: number =
    LEVELS[(env.AWS_LAMBDA_LOG_LEVEL ?? env.POWERTOOLS_LOG_LEVEL ?? 'INFO').toUpperCase() as Level] ??
    LEVELS.INFO;
  private context: Context | undefined;
  private coldStart = true;
  private keys: Record<string, unknown> = {};

  /** The invocation's context, on every entry until the next (the first invocation is the cold start). */
  addContext(context: Context): void {
    if (this.context) this.coldStart = false;
    this.context = context;
  }

  /** Keys on every entry until resetKeys (the case a request is about). */
  appendKeys(keys: Record<string, unknown>): void {
    this.keys = { ...this.keys, ...keys };
  }

  resetKeys(): void {
    this.keys = {};
  }

  /** The event, when POWERTOOLS_LOGGER_LOG_EVENT=true (as Powertools' injectLambdaContext). */
  logEventIfEnabled(event: unknown): void {
    if (env.POWERTOOLS_LOGGER_LOG_EVENT?.toLowerCase() === 'true')
      this.info('Lambda invocation event', { event });
  }

  debug(message: string, ...extra: unknown[]): void {
    this.print('DEBUG', message, extra);
  }

  info(message: string, ...extra: unknown[]): void {
    this.print('INFO', message, extra);
  }

  warn(message: string, ...extra: unknown[]): void {
    this.print('WARN', message, extra);
  }

  error(message: string, ...extra: unknown[]): void {
    this.print('ERROR', message, extra);
  }

  private print(level: Level, message: string, extra: unknown[]): void {
    if (LEVELS[level] < this.threshold) return;
    const context = this.context;
    const item: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: serviceName,
      cold_start: context ? this.coldStart : undefined,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1],
      ...this.keys,
    };
    // as Powertools: an error under `error`, an object's keys merged, anything else under `extra`
    for (const x of extra) {
      if (x instanceof Error) item.error = x;
      else if (typeof x === 'object' && x !== null) Object.assign(item, x);
      else if (x !== undefined) item.extra = x;
    }
    const line = stringify(item);
    if (level === 'ERROR' || level === 'CRITICAL') out.error(line);
    else if (level === 'WARN') out.warn(line);
    else out.log(line);
  }
}

/** CloudWatch's metric units the functions use (Powertools' MetricUnit names). */
export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'Bytes';

export class EdgeMetrics {
  private readonly namespace = env.POWERTOOLS_METRICS_NAMESPACE ?? 'HomesteadExit';
  private readonly stored = new Map<string, { unit: MetricUnit; values: number[] }>();

  addMetric(name: string, unit: MetricUnit, value: number): void {
    const metric = this.stored.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    this.stored.set(name, metric);
  }

  /**
   * One embedded-metric-format line with the invocation's metrics (none: nothing), then forgets them.
   * (CloudWatch takes up to 100 metrics a line; an invocation adds one or two.)
   */
  publishStoredMetrics(): void {
    const metrics = [...this.stored];
    this.stored.clear();
    if (metrics.length === 0 || env.POWERTOOLS_METRICS_DISABLED?.toLowerCase() === 'true') return;
    const values = metrics.map(([name, { values }]) => [name, values.length === 1 ? values[0] : values]);
    out.log(
      JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            {
              Namespace: this.namespace,
              Dimensions: [['service']],
              Metrics: metrics.map(([name, { unit }]) => ({ Name: name, Unit: unit })),
            },
          ],
        },
        service: serviceName,
        ...Object.fromEntries(values),
      }),
    );
  }
}

export const logger = new EdgeLogger();
export const metrics = new EdgeMetrics();

/**
 * A Lambda handler with the invocation's context on the logger (as Powertools' injectLambdaContext): the
 * event logged when POWERTOOLS_LOGGER_LOG_EVENT is on, and with `resetKeys` the keys a run appended
 * forgotten after it, so one invocation's case id never shows on the next one's lines.
 */
export function withLambdaContext<E, R>(
  run: (event: E, context: Context) => Promise<R>,
  options: { resetKeys?: boolean } = {},
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    logger.logEventIfEnabled(event);
    try {
      return await run(event, context);
    } finally {
      if (options.resetKeys) logger.resetKeys();
    }
  };
}
