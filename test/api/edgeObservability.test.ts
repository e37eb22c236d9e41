import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The API functions' logger and metrics (functions/api/http/observability.ts) write what the Powertools
 * Logger and Metrics wrote before issue 17: one JSON line a log entry with Powertools' keys, and one
 * CloudWatch embedded-metric-format line per invocation, in the namespace and `service` dimension of the
 * environment. Log queries and metric alarms written against those keep working.
 */
const ENV = {
  POWERTOOLS_SERVICE_NAME: 'homestead-exit',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'HomesteadExit',
  POWERTOOLS_METRICS_DISABLED: 'false',
  _X_AMZN_TRACE_ID: 'Root=1-6752a1b0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
};

async function freshModule(env: Record<string, string>) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const mod = await import('../../functions/api/http/observability.js');
  return { ...mod, lines: () => lines.flatMap((l) => l.split('\n')).filter(Boolean) };
}

const context = (requestId: string) =>
  ({
    functionName: 'createCase',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:createCase',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
  }) as unknown as Context;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the API functions’ logger and metrics', () => {
  it('log lines carry the Powertools keys, the request’s keys until reset, and an error’s fields', async () => {
    const { logger, lines } = await freshModule(ENV);
    logger.addContext(context('req-1'));
    logger.appendKeys({ caseId: 'C-1' });
    logger.error('unhandled error', Object.assign(new Error('boom'), { amountFen: 5n }));
    logger.debug('not shown at INFO');
    logger.resetKeys();
    logger.addContext(context('req-2'));
    logger.warn('second', { amountFen: 12n });
    const [first, second, ...rest] = lines().map((l) => JSON.parse(l));
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      service: 'homestead-exit',
      cold_start: true,
      function_name: 'createCase',
      function_request_id: 'req-1',
      function_memory_size: '512',
      xray_trace_id: '1-6752a1b0-0123456789abcdef01234567',
      caseId: 'C-1',
      error: { name: 'Error', message: 'boom' },
    });
    expect(first.error.stack).toContain('boom');
    expect(new Date(first.timestamp).toISOString()).toBe(first.timestamp);
    expect(second).toMatchObject({ level: 'WARN', cold_start: false, function_request_id: 'req-2' });
    expect(second.amountFen).toBe('12');
    expect(second.caseId).toBeUndefined();
  });

  it('SILENT logs nothing', async () => {
    const { logger, lines } = await freshModule({ ...ENV, POWERTOOLS_LOG_LEVEL: 'SILENT' });
    logger.error('quiet');
    expect(lines()).toEqual([]);
  });

  it('metrics are one embedded-metric-format line per publish, then forgotten', async () => {
    const { metrics, lines } = await freshModule(ENV);
    metrics.addMetric('createCaseRequest', 'Count', 1);
    metrics.addMetric('UnhandledError', 'Count', 1);
    metrics.addMetric('UnhandledError', 'Count', 1);
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();
    const all = lines().map((l) => JSON.parse(l));
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'HomesteadExit',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'createCaseRequest', Unit: 'Count' },
              { Name: 'UnhandledError', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'homestead-exit',
      createCaseRequest: 1,
      UnhandledError: [1, 1],
    });
    expect(typeof all[0]._aws.Timestamp).toBe('number');
  });

  it('POWERTOOLS_METRICS_DISABLED publishes nothing (the tests and the local runtime)', async () => {
    const { metrics, lines } = await freshModule({ ...ENV, POWERTOOLS_METRICS_DISABLED: 'true' });
    metrics.addMetric('createCaseRequest', 'Count', 1);
    metrics.publishStoredMetrics();
    expect(lines()).toEqual([]);
  });
});
