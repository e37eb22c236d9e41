import { AsyncLocalStorage } from 'node:async_hooks';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/clients.js';
import { delay, getItem, isConditionFailure, tableName } from '../adapters/table/dynamo.js';
import { writeDeadline } from './contention.js';
import { fundKeys } from './keys.js';

/**
 * Turns at a district's fund: a FIFO line for writers, kept in one item (`FUND#{d}` / `TURN`).
 *
 * Every write of a district's fund is one transaction pinned to the balance item's `seq` (ledger.ts):
 * that pin is what keeps the ledger gapless and exactly-once, and it stays the only thing correctness
 * rests on. But n writers at once made n − 1 transactions fail per entry written, each retrying (40
 * parallel replenishments: ~300 failed transactions, seconds of DynamoDB time, 13 × 409 under the old
 * 12-attempt limit). A write first tries once without a turn (nothing extra when nobody else writes);
 * one that lost the balance item to another writer joins the line: it draws a ticket (one atomic ADD, which never conflicts), waits
 * until its number is served (consistent reads, which never conflict), does its read and transaction
 * alone, and hands the turn on. Throughput is then one write per transaction time instead of a
 * collision storm, and nobody is starved.
 *
 * The line is an optimisation, never a lock that correctness depends on: a writer whose turn does not
 * come (a holder that died, a deadline near) goes ahead anyway, and its pinned transaction is as safe
 * as before. A turn held longer than TURN_LEASE_MS (a Lambda that died while holding it) is skipped by
 * the next in line.
 */
export const TURN_LEASE_MS = 2_000;
/** what a writer reckons one turn takes, to pace its polling by its place in the line */
const TURN_ESTIMATE_MS = 15;

const held = new AsyncLocalStorage<Set<string>>();

function turnKey(district: string) {
  return { ...fundKeys.balance(district), SK: 'TURN' };
}

async function update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
  return documentClient().send(new UpdateCommand({ TableName: tableName(), ...input }));
}

function figure(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : fallback;
}

async function drawTicket(district: string, now: number): Promise<number> {
  const out = await update({
    Key: turnKey(district),
    UpdateExpression:
      'SET #serving = if_not_exists(#serving, :one), #since = if_not_exists(#since, :now), #type = :type, #d = :d ADD #next :one',
    ExpressionAttributeNames: {
      '#serving': 'serving',
      '#since': 'servingSince',
      '#next': 'nextTicket',
      '#type': 'itemType',
      '#d': 'districtCode',
    },
    ExpressionAttributeValues: { ':one': 1, ':now': now, ':type': 'fund_turn', ':d': district },
    ReturnValues: 'UPDATED_NEW',
  });
  return figure(out.Attributes?.nextTicket, 1);
}

/** Moves the line from `from` to `from + 1`, if it is still at `from` (and, to skip, still since `since`). */
async function advance(district: string, from: number, since?: number): Promise<void> {
  try {
    await update({
      Key: turnKey(district),
      UpdateExpression: 'SET #serving = :to, #since = :now',
      ConditionExpression: since === undefined ? '#serving = :from' : '#serving = :from AND #since = :since',
      ExpressionAttributeNames: { '#serving': 'serving', '#since': 'servingSince' },
      ExpressionAttributeValues: {
        ':from': from,
        ':to': from + 1,
        ':now': Date.now(),
        ...(since === undefined ? {} : { ':since': since }),
      },
    });
  } catch (error) {
    // someone else moved the line already (skipped this turn, or handed theirs on): nothing to do
    if (!isConditionFailure(error)) throw error;
  }
}

async function restartClock(district: string, ticket: number, since: number): Promise<void> {
  try {
    await update({
      Key: turnKey(district),
      UpdateExpression: 'SET #since = :now',
      ConditionExpression: '#serving = :ticket AND #since = :since',
      ExpressionAttributeNames: { '#serving': 'serving', '#since': 'servingSince' },
      ExpressionAttributeValues: { ':ticket': ticket, ':since': since, ':now': Date.now() },
    });
  } catch (error) {
    // skipped meanwhile: this writer goes ahead without its turn, safe under the seq pin
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Waits until `ticket` is served, a turn before it is stale (skips it), or the deadline is near. The
 * polls are paced by the writer's place in the line and by how fast the line has been moving (measured
 * between its own polls), so that 60 writers in line do not flood the table with reads while the one
 * at the front works: the next in line polls often, the last rarely.
 */
async function awaitTurn(district: string, ticket: number, deadline: number): Promise<void> {
  let perTurnMs = TURN_ESTIMATE_MS;
  let last: { serving: number; at: number } | undefined;
  for (;;) {
    const item = (await getItem(turnKey(district))) ?? {};
    const serving = figure(item.serving, 1);
    const since = figure(item.servingSince, 0);
    const now = Date.now();
    if (serving >= ticket) {
      // served at once after a quiet spell: the turn's clock still shows when the line last moved, so
      // restart it, or the next writer would take this live turn for a stale one and skip it
      if (serving === ticket && now - since > TURN_LEASE_MS / 2) await restartClock(district, ticket, since);
      return;
    }
    if (now - since > TURN_LEASE_MS) {
      await advance(district, serving, since);
      continue;
    }
    if (last && serving > last.serving) perTurnMs = (now - last.at) / (serving - last.serving);
    else if (last) perTurnMs = Math.max(perTurnMs, now - last.at);
    perTurnMs = Math.min(500, Math.max(5, perTurnMs));
    last = { serving, at: now };
    const ahead = ticket - serving;
    const pause = Math.min(1_000, Math.max(3, (ahead - 0.5) * perTurnMs * (0.6 + Math.random() * 0.3)));
    // close to the deadline, go ahead without the turn: the pinned transaction keeps it safe
    if (now + pause >= deadline - 500) return;
    await delay(pause);
  }
}

/** Whether this call chain holds the district's turn already. */
export function inTurn(district: string): boolean {
  return held.getStore()?.has(district) ?? false;
}

/**
 * Runs `fn` in the district's turn. Re-entrant: a write inside a turn already held (a replenishment's
 * quota read and its ledger write) does not draw a second ticket.
 */
export async function inFundTurn<T>(district: string, fn: () => Promise<T>): Promise<T> {
  const mine = held.getStore();
  if (mine?.has(district)) return fn();
  const ticket = await drawTicket(district, Date.now());
  try {
    await awaitTurn(district, ticket, writeDeadline());
    return await held.run(new Set([...(mine ?? []), district]), fn);
  } finally {
    await advance(district, ticket);
  }
}
