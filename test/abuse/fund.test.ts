import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../shared/adapters/clients.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { IDEMPOTENCY_PK_PREFIX } from '../../shared/adapters/tableDesign.js';
import { fundAdmin, seedFundReview } from '../fund/harness.js';
import {
  httpEvent,
  type InvokeResult,
  invoke,
  lambdaContext,
  loadRoutes,
  problemPaths,
  TABLE_NAME,
  useApiEnvironment,
} from '../support/api.js';
import { installDoubles, seedRegistry } from '../support/seed.js';
import { captureUnhandledErrors, expectNoItemOver350KB, expectSound } from './support.js';

/**
 * Issue 16's abuse of the fund: amounts near and past 2^53, forty replenishments at once in one
 * district, twenty administrators deciding one advance at once, and an Idempotency-Key retried after
 * the first request crashed half-way.
 */
const env = useApiEnvironment();
const { createReplenishment, decideAdvance, getFund } = await loadRoutes(
  'createReplenishment',
  'decideAdvance',
  'getFund',
);

beforeAll(async () => {
  await captureUnhandledErrors();
  installDoubles();
  await seedRegistry();
});

// each test in a district of its own: a 2^53 − 1 accepted by the first (today) makes every later
// replenishment of its district overflow, which is that test's finding, not the others'
const PARALLEL_DISTRICT = '370303';
const CRASH_DISTRICT = '370304';
const RACE_DISTRICT = '370305';
let references = 0;
const reference = (what: string) => `ABUSE-${what}-${++references}`;

function replenish(rawBody: string, admin = fundAdmin('abuse'), headers?: Record<string, string>) {
  return invoke(createReplenishment, { principal: admin, body: rawBody, ...(headers ? { headers } : {}) });
}

describe('the fund under abuse (issue 16)', () => {
  // 2^53 − 1 is a safe integer but no real amount (¥90 万亿); past it JSON numbers lose their last digits
  it.each([
    ['2^53 − 1', '9007199254740991'],
    ['2^53', '9007199254740992'],
    ['2^53 + 1', '9007199254740993'],
    ['2^53 + 2', '9007199254740994'],
    ['1e21', '1e21'],
    ['1e309', '1e309'],
  ])('amountFen %s in POST /fund/replenishments is 400 or 422, never a 500', async (_, amount) => {
    const body = `{"source":"appropriation","amountFen":${amount},"reference":"${reference('big')}"}`;
    const res = await replenish(body);
    expectSound('createReplenishment', res, `amountFen ${amount}`);
    expect([400, 422], res.text).toContain(res.status);
    if (res.status === 400) expect(problemPaths(res)).toContain('body.amountFen');
  });

  it('40 parallel replenishments in one district all succeed', async () => {
    const before = await invoke(getFund, { principal: fundAdmin('reader', PARALLEL_DISTRICT) });
    expect(before.status, before.text).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        replenish(
          JSON.stringify({ source: 'appropriation', amountFen: 100_000, reference: reference('parallel') }),
          fundAdmin(n, PARALLEL_DISTRICT),
        ),
      ),
    );
    for (const res of answers) expectSound('createReplenishment', res, 'one of forty replenishments at once');
    const codes = answers.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.json?.code}`));
    expect(codes, JSON.stringify(codes)).toEqual(Array(40).fill(201));
    const after = await invoke(getFund, { principal: fundAdmin('reader', PARALLEL_DISTRICT) });
    expect(after.json.replenishedFen - before.json.replenishedFen).toBe(40 * 100_000);
  });

  // the advance's own rule (functions/api/decideAdvance.ts): racing a decision the same way answers
  // with the stored result, so "one winner" is one decision recorded, one approval, every 200 alike;
  // the other way round is refused with a problem
  it('a 20-way race on one advance decision gives exactly one winner and no 5xx', async () => {
    const { caseId } = await seedFundReview({
      caseId: 'C-20250601-abuse020',
      amountFen: 1_000_000,
      district: RACE_DISTRICT,
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        invoke(decideAdvance, {
          principal: fundAdmin(`race-${n}`, RACE_DISTRICT),
          pathParameters: { caseId },
          body:
            n % 2 === 0
              ? { decision: 'approve', note: '资料齐全' }
              : { decision: 'reject', note: '资料不全' },
        }),
      ),
    );
    for (const res of answers) expectSound('decideAdvance', res, 'one of twenty advance decisions at once');
    const outcomes = new Set(
      answers.filter((r) => r.status === 200).map((r) => JSON.stringify(r.json.advance)),
    );
    expect(outcomes.size, [...outcomes].join('\n')).toBe(1);
    const stored = await getCase(caseId);
    const advance = stored?.case.advance;
    // a rejection is recorded among the approvals too (with decision "reject"): one entry, one decision
    expect(advance?.approvals, JSON.stringify(advance)).toHaveLength(1);
  });

  describe('a retry after a crash mid-request', () => {
    /** While set, every DynamoDB call but the idempotency record's hangs: the function is stuck, as if killed. */
    const stuck = { active: false, caught: 0, release: [] as ((e: Error) => void)[] };
    afterAll(() => {
      for (const release of stuck.release) release(new Error('the crashed invocation is let go'));
    });

    it('a retry with the same Idempotency-Key succeeds once the function’s time is up', async () => {
      dynamoClient().middlewareStack.add(
        (next) => async (args) => {
          if (stuck.active && !JSON.stringify(args.input).includes(IDEMPOTENCY_PK_PREFIX)) {
            stuck.caught += 1;
            await new Promise((_, reject) => stuck.release.push(reject));
          }
          return next(args);
        },
        { step: 'initialize', name: 'abuseCrashMidRequest' },
      );
      const FUNCTION_TIMEOUT_MS = 3_000;
      const body = JSON.stringify({
        source: 'appropriation',
        amountFen: 50_000,
        reference: reference('crash'),
      });
      const headers = { 'Idempotency-Key': `crash-${Date.now()}` };
      const admin = fundAdmin('crash', CRASH_DISTRICT);
      const event = httpEvent('POST', '/fund/replenishments', { principal: admin, body, headers });
      const handler = createReplenishment.handler as (e: unknown, c: Context) => Promise<unknown>;

      // the first request takes the key, then hangs on its first read of the fund (never answers)
      stuck.active = true;
      const startedAt = Date.now();
      void handler(event, lambdaContext('createReplenishment', FUNCTION_TIMEOUT_MS)).catch(() => undefined);
      const deadline = Date.now() + 10_000;
      while (stuck.caught === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(stuck.caught, 'the first request reached the fund').toBeGreaterThan(0);
      stuck.active = false;

      // Lambda ends the stuck invocation when its time is up; the client retries a moment later
      await new Promise((r) =>
        setTimeout(r, Math.max(0, startedAt + FUNCTION_TIMEOUT_MS + 500 - Date.now())),
      );
      const retry: InvokeResult = await replenish(body, admin, headers);
      expectSound('createReplenishment', retry, 'the retry after the crash');
      expect(retry.status, retry.text).toBe(201);
      const again = await replenish(body, admin, headers);
      expect(again.status, again.text).toBe(201);
      expect(again.json).toEqual(retry.json);
    }, 30_000);
  });

  it('after all of the above, no item in the table is over 350 KB', async () => {
    await expectNoItemOver350KB(env.services.dynamo.endpoint, TABLE_NAME);
  });
});
