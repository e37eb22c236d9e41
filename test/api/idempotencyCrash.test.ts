import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpResult } from '../../functions/api/http/problem.js';
import type { HttpEvent } from '../../functions/api/http/request.js';
import { documentClient } from '../../shared/adapters/clients.js';
import {
  expectProblem,
  httpEvent,
  invoke,
  lambdaContext,
  loadRoutes,
  TABLE_NAME,
  useApiEnvironment,
} from '../support/api.js';
import { applicationBody, installDoubles, principals, seedRegistry } from '../support/seed.js';

/**
 * Issue 16: a request whose function dies after its Idempotency-Key was taken (a timeout, a crash, a
 * restart) leaves the key "in progress". A repeat is then 409 IDEMPOTENCY_IN_PROGRESS with Retry-After,
 * and once the function would have timed out the key is free and the repeat does the work, once. The
 * key is never held longer than the API functions' timeout, whatever deadline the runtime's context
 * claims (the local runtime's says 60 s).
 */
useApiEnvironment();
const { createCase } = await loadRoutes('createCase');
const { routeCore } = await import('../../functions/api/http/idempotentRoute.js');
const { route: createCaseRoute } = await import('../../functions/api/createCase.js');
const { resetIdempotency, API_FUNCTION_TIMEOUT_MS } = await import('../../functions/api/http/idempotency.js');

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * createCase as a process that dies mid-way: the pipeline takes the key (the in-progress record is
 * written), then the work never returns, as when Lambda stops the function at its timeout.
 */
function crashingCreateCase(): {
  call: (event: HttpEvent, context: Context) => Promise<HttpResult>;
  started: Promise<void>;
} {
  let signal: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    signal = resolve;
  });
  const call = routeCore({
    ...createCaseRoute,
    handle: () => {
      signal();
      return new Promise(() => undefined);
    },
  });
  return { call, started };
}

async function inProgressExpiries(): Promise<number[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'IDEMPOTENCY#createCase' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? [])
    .filter((i) => i.status === 'INPROGRESS')
    .map((i) => Number(i.in_progress_expiration));
}

describe('a retry after the first attempt died', () => {
  it('is 409 with Retry-After while the first could still be running, then goes through once', async () => {
    const headers = { 'Idempotency-Key': `crash-${Math.random().toString(36).slice(2)}` };
    const body = applicationBody('H-370302-0001');
    const crashing = crashingCreateCase();
    // the first attempt's function has 2 s left when it takes the key, and dies
    void crashing.call(
      httpEvent('POST', '/cases', { principal: principals.applicant, body, headers }),
      lambdaContext('createCase', 2_000),
    );
    await crashing.started;
    resetIdempotency(); // a fresh container, as after a restart

    const early = await invoke(createCase, { principal: principals.applicant, body, headers });
    expectProblem(early, 409);
    expect(early.json.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    const retryAfter = Number(early.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(early.json.retryAfterSeconds).toBe(retryAfter);
    expect(early.json.detailZh).toContain(`${retryAfter} 秒后`);
    expect(early.headers['x-content-type-options']).toBe('nosniff');

    // what API.md asks of a client: send the same request again after Retry-After seconds
    await sleep(retryAfter * 1000 + 100);
    const retried = await invoke(createCase, { principal: principals.applicant, body, headers });
    expect(retried.status, retried.text).toBe(201);
    // and again: the first answer, not a second case
    const again = await invoke(createCase, { principal: principals.applicant, body, headers });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(retried.json);
  });

  it('a context claiming a minute (the local runtime) holds the key no longer than the function timeout', async () => {
    const headers = { 'Idempotency-Key': `long-${Math.random().toString(36).slice(2)}` };
    const body = applicationBody('H-370302-0001');
    const before = new Set(await inProgressExpiries());
    const crashing = crashingCreateCase();
    const takenAt = Date.now();
    void crashing.call(
      httpEvent('POST', '/cases', { principal: principals.applicant, body, headers }),
      lambdaContext('createCase', 60_000),
    );
    await crashing.started;
    const expiry = (await inProgressExpiries()).find((e) => !before.has(e));
    expect(expiry).toBeDefined();
    expect(expiry ?? 0).toBeLessThanOrEqual(Date.now() + API_FUNCTION_TIMEOUT_MS);
    expect(expiry ?? 0).toBeGreaterThanOrEqual(takenAt + API_FUNCTION_TIMEOUT_MS - 1_000);

    const early = await invoke(createCase, { principal: principals.applicant, body, headers });
    expectProblem(early, 409);
    expect(Number(early.headers['retry-after'])).toBeLessThanOrEqual(API_FUNCTION_TIMEOUT_MS / 1000);
  });
});
