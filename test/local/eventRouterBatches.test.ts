import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PutEventsEntry } from '../../local/aws/eventsEndpoint.js';
import { EventRouter } from '../../local/runtime/eventRouter.js';
import type { LambdaHost } from '../../local/runtime/lambdaHost.js';
import type { LocalTopology } from '../../local/runtime/topology.js';

/**
 * The local stand-in for an SQS event source mapping: messages reach the queue's consumer in batches of
 * the mapping's size, after its batching window, and only the messages a consumer reports as failed
 * come again. The consumer here is a recording function standing in for a handler (the router's
 * batching is under test, not a handler's work).
 */
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:Projection';

function routerWith(
  batch: { batchSize: number; batchingWindowSeconds: number },
  consume: (records: { messageId: string; body: string }[]) => { itemIdentifier: string }[],
  deadLetters: string,
  opts: { maxBatchingWindowSeconds?: number } = {},
) {
  const batches: string[][] = [];
  const host = {
    invoke: async (_fn: string, event: { Records: { messageId: string; body: string }[] }) => {
      batches.push(
        event.Records.map((r) => (JSON.parse(r.body) as { detail: { n: number } }).detail.n.toString()),
      );
      return { batchItemFailures: consume(event.Records) };
    },
  } as unknown as LambdaHost;
  const topology = {
    rules: [
      {
        busName: 'bus',
        pattern: { source: ['homestead-exit'] },
        targets: [{ kind: 'queue', queueArn: QUEUE, functionId: 'Projection', ...batch }],
      },
    ],
  } as unknown as LocalTopology;
  return { router: new EventRouter(topology, host, deadLetters, opts), batches };
}

const entries = (from: number, count: number): PutEventsEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    EventId: `e${from + i}`,
    EventBusName: 'bus',
    Source: 'homestead-exit',
    DetailType: 'CaseSubmitted',
    Detail: JSON.stringify({ n: from + i }),
    Time: new Date(),
    Resources: [] as string[],
  }));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'router-batches-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('queue targets are delivered as their event source mapping polls', () => {
  it('waits for the batching window, then delivers what came in one batch', async () => {
    const { router, batches } = routerWith(
      { batchSize: 10, batchingWindowSeconds: 0.2 },
      () => [],
      join(dir, 'a'),
    );
    await router.accept(entries(1, 3));
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect(batches).toEqual([['1', '2', '3']]);
    expect(router.delivered).toBe(3);
  });

  it('delivers a full batch at once and the rest when drained', async () => {
    const { router, batches } = routerWith(
      { batchSize: 4, batchingWindowSeconds: 60 },
      () => [],
      join(dir, 'b'),
    );
    await router.accept(entries(1, 6));
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toEqual([['1', '2', '3', '4']]);
    await router.drain();
    expect(batches).toEqual([
      ['1', '2', '3', '4'],
      ['5', '6'],
    ]);
  });

  it('caps the window when asked (fast waits) and delivers at once without one', async () => {
    const capped = routerWith({ batchSize: 10, batchingWindowSeconds: 60 }, () => [], join(dir, 'c'), {
      maxBatchingWindowSeconds: 0.1,
    });
    await capped.router.accept(entries(1, 2));
    await new Promise((r) => setTimeout(r, 300));
    expect(capped.batches).toEqual([['1', '2']]);
    const none = routerWith({ batchSize: 10, batchingWindowSeconds: 0 }, () => [], join(dir, 'd'));
    await none.router.accept(entries(1, 2));
    await none.router.drain();
    expect(none.batches).toEqual([['1'], ['2']]);
  });

  it('delivers again only what the consumer reported failed, and dead-letters what keeps failing', async () => {
    const deadLetters = join(dir, 'e');
    const { router, batches } = routerWith(
      { batchSize: 10, batchingWindowSeconds: 0.05 },
      (records) =>
        records
          .filter((r) => (JSON.parse(r.body) as { detail: { n: number } }).detail.n === 2)
          .map((r) => ({ itemIdentifier: r.messageId })),
      deadLetters,
    );
    await router.accept(entries(1, 3));
    await router.drain();
    // three attempts in all, as the router gives any delivery
    expect(batches).toEqual([['1', '2', '3'], ['2'], ['2']]);
    expect(router.delivered).toBe(2);
    expect(router.undeliverable).toBe(1);
    const lines = (await readFile(deadLetters, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { event: { detail: { n: number } } }).event.detail.n)).toEqual([
      2,
    ]);
  });
});
