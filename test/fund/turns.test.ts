import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { Contention, withWriteDeadline, writeDeadline } from '../../shared/fund/contention.js';
import { readFund } from '../../shared/fund/ledger.js';
import { recordReplenishment } from '../../shared/fund/replenish.js';
import { inFundTurn, TURN_LEASE_MS } from '../../shared/fund/turns.js';
import { useApiEnvironment } from '../support/api.js';
import { installDoubles } from '../support/seed.js';
import { DISTRICT, freshTable } from './harness.js';

/**
 * The line at a district's fund (shared/fund/turns.ts) is an optimisation, never a lock correctness
 * rests on: a writer that died holding its turn delays the others by about TURN_LEASE_MS, no more, and
 * the retry budget follows the request's deadline (shared/fund/contention.ts).
 */
const env = useApiEnvironment();

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  installDoubles();
});

const at = '2026-01-05T00:00:00.000Z';

async function turnItem() {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: { PK: `FUND#${DISTRICT}`, SK: 'TURN' },
      ConsistentRead: true,
    }),
  );
  return out.Item ?? {};
}

describe('turns at the fund', () => {
  it('a holder that never hands its turn on is skipped after the lease; the write still happens once', async () => {
    // a writer that draws a ticket and dies inside its turn: inFundTurn never returns for it
    let release: (() => void) | undefined;
    const started = Date.now();
    const dead = inFundTurn(DISTRICT, () => new Promise<void>((done) => (release = done)));
    while (!release) await new Promise((r) => setTimeout(r, 10));
    // another writer's chain queues behind it, and is let through once the lease has passed
    const waited = await inFundTurn(DISTRICT, () =>
      recordReplenishment(
        DISTRICT,
        { source: 'appropriation', amountFen: 100, reference: 'AFTER-DEAD' },
        'a',
        at,
      ),
    );
    const took = Date.now() - started;
    expect(waited.entry.seq).toBe(1);
    expect(took).toBeGreaterThanOrEqual(TURN_LEASE_MS);
    expect(took).toBeLessThan(TURN_LEASE_MS + 3_000);
    release?.();
    await dead;
    expect((await readFund(DISTRICT)).balanceFen).toBe(100);
    // the line is not stuck: serving moved past both tickets
    const t = await turnItem();
    expect(t.serving).toBeGreaterThan(t.nextTicket as number);
  });

  it('one writer at a time, and re-entrant', async () => {
    let inside = 0;
    let most = 0;
    let ran = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map(() =>
        inFundTurn(DISTRICT, async () => {
          // re-entrant: the same chain does not draw a second ticket (it would wait for itself)
          await inFundTurn(DISTRICT, async () => undefined);
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 40));
          inside--;
          ran++;
        }),
      ),
    );
    expect({ ran, most }).toEqual({ ran: 5, most: 1 });
  });
});

describe('the retry budget', () => {
  it('follows the deadline it is given, not a count of attempts', async () => {
    const c = new Contention(Date.now() + 300);
    const started = Date.now();
    while (await c.next()) {
      /* losing on purpose */
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(c.attempts).toBeGreaterThan(1);
  });

  it('is the Lambda’s remaining time less the margin inside a request, 8 s outside', async () => {
    const outside = writeDeadline() - Date.now();
    expect(outside).toBeGreaterThan(7_000);
    const inside = await withWriteDeadline(20_000, async () => writeDeadline() - Date.now());
    expect(inside).toBeGreaterThan(17_000);
    expect(inside).toBeLessThanOrEqual(18_000);
  });
});
