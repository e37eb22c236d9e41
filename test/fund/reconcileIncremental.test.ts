import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLedger } from '../../scripts/auditLedger.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { fundKeys } from '../../shared/fund/keys.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries, type Reconciliation, reconcile } from '../../shared/fund/reconcile.js';
import { checkpointKey, readCheckpoint } from '../../shared/fund/reconcileCheckpoint.js';
import { ENTRY_TIME_MARGIN_MS, reconcileIncremental } from '../../shared/fund/reconcileIncremental.js';
import { invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { dynamoCommandsDuring } from '../support/dynamoRequests.js';
import { type Doubles, installDoubles } from '../support/seed.js';
import { DISTRICT, freshTable, fundAdmin, seedFundReview } from './harness.js';

/**
 * Issue 17: `GET /fund` reconciles from a checkpoint and reads only the entries written since. Against
 * DynamoDB Local, through the real ledger writes: the incremental answer equals the full recomputation
 * round after round; a change to a new entry, to the balance item, or a second advance of an agreement
 * is still found (and alarmed) by it; a change to an entry the checkpoint already covers is found by the
 * full audit; and its number of requests does not grow with the old entries.
 */
const env = useApiEnvironment();
const { getFund, decideAdvance } = await loadRoutes('getFund', 'decideAdvance');
const AUDITOR: TestPrincipal = { sub: 'auditor-1', groups: ['auditor'], district: DISTRICT };

let doubles: Doubles;
beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  doubles = installDoubles();
});

let refs = 0;
async function money(amountFen: number, at = new Date().toISOString()): Promise<void> {
  await replenish(
    DISTRICT,
    { source: 'appropriation', amountFen, reference: `R-${++refs}-${amountFen}` },
    'fund-admin-seed',
    at,
  );
}

async function advance(caseId: string, amountFen: number): Promise<void> {
  await seedFundReview({ caseId, amountFen });
  const res = await invoke(decideAdvance, {
    principal: fundAdmin('a'),
    pathParameters: { caseId },
    body: { decision: 'approve', note: '资料齐全' },
  });
  expect(res.status, res.text).toBe(200);
}

/** What the two reconciliations must agree on (the balance item as read aside). */
function figures(r: Reconciliation) {
  return {
    entriesSumFen: r.entriesSumFen,
    entryCount: r.entryCount,
    matches: r.matches,
    differences: r.differences,
    chainIntact: r.chainIntact,
    duplicateAdvances: r.duplicateAdvances,
  };
}

const alarms = () => doubles.events.published.filter((e) => e.type === 'LedgerReconciliationFailed');

async function entryItem(seq: number): Promise<{ PK: string; SK: string }> {
  const e = (await ledgerEntries(DISTRICT)).find((x) => x.seq === seq);
  if (!e) throw new Error(`no entry ${seq}`);
  return fundKeys.entry(DISTRICT, e.at, e.entryId);
}

async function update(key: { PK: string; SK: string }, set: string, values: Record<string, unknown>) {
  await documentClient().send(
    new UpdateCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: key,
      UpdateExpression: set,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * DynamoDB requests sent while `run` runs (a transaction or a batch counts once), and the items they
 * returned: on DynamoDB Local a ledger of a few hundred entries still fits one Query page, so the items
 * read are what tells a read of the new entries from a read of all of them.
 */
async function requestsOf(run: () => Promise<unknown>): Promise<{ requests: number; items: number }> {
  const { sent } = await dynamoCommandsDuring(run);
  return { requests: sent.length, items: sent.reduce((n, c) => n + c.items, 0) };
}

describe('incremental reconciliation (GET /fund)', () => {
  it('equals the full recomputation after every round of writes, and moves its checkpoint forward', async () => {
    let expectedSum = 0;
    for (let round = 1; round <= 5; round += 1) {
      for (let i = 0; i < 6; i += 1) {
        const amount = 1_000 * round + i;
        await money(amount);
        expectedSum += amount;
      }
      // an advance in most rounds, so the guard check of new advances runs on real entries
      if (round % 2 === 1) {
        await advance(`C-R${round}`, 700 + round);
        expectedSum -= 700 + round;
      }
      const incremental = await reconcileIncremental(DISTRICT);
      const full = await reconcile(DISTRICT);
      expect(figures(incremental)).toEqual(figures(full));
      expect(incremental).toMatchObject({ matches: true, entriesSumFen: expectedSum });
      const fund = await readFund(DISTRICT);
      expect(await readCheckpoint(DISTRICT)).toMatchObject({ seq: fund.seq, balanceFen: fund.balanceFen });
      const answer = await invoke(getFund, { principal: AUDITOR });
      expect(answer.status, answer.text).toBe(200);
      // the contract's shape, exactly: no differences when it matches
      expect(answer.json.reconciled).toEqual({ entriesSumFen: expectedSum, matches: true });
    }
    expect(alarms()).toHaveLength(0);
  });

  it('finds a changed new entry, alarms, and keeps its checkpoint where the ledger last agreed', async () => {
    await money(5_000);
    await money(6_000);
    await reconcileIncremental(DISTRICT);
    const before = await readCheckpoint(DISTRICT);
    expect(before?.seq).toBe(2);
    await money(7_000);
    await update(await entryItem(3), 'SET amountFen = :a', { ':a': 7_500 });
    const answer = await invoke(getFund, { principal: AUDITOR });
    expect(answer.json.reconciled).toMatchObject({ matches: false, entriesSumFen: 18_500 });
    expect(answer.json.reconciled.differences).toContainEqual({
      field: 'balanceFen',
      stored: 18_000,
      recomputed: 18_500,
    });
    expect(alarms()).toHaveLength(1);
    expect(await readCheckpoint(DISTRICT)).toEqual(before);
    // the same discrepancy looked at again is the same alarm (same event id), not a new one
    await invoke(getFund, { principal: AUDITOR });
    expect(new Set(alarms().map((e) => e.eventId)).size).toBe(1);
  });

  it('finds a changed balance item with no new entry at all', async () => {
    await money(1_000);
    expect((await reconcileIncremental(DISTRICT)).matches).toBe(true);
    await update(fundKeys.balance(DISTRICT), 'SET balanceFen = :b', { ':b': 1_500 });
    const r = await reconcileIncremental(DISTRICT);
    expect(r).toMatchObject({ matches: false, entriesSumFen: 1_000 });
    expect(r.differences).toContainEqual({ field: 'balanceFen', stored: 1_500, recomputed: 1_000 });
    expect(alarms()).toHaveLength(1);
  });

  it('finds a broken chain in a new entry (balance after it changed)', async () => {
    await money(2_000);
    await reconcileIncremental(DISTRICT);
    await money(3_000);
    await update(await entryItem(2), 'SET balanceAfterFen = :b', { ':b': 4_000 });
    const r = await reconcileIncremental(DISTRICT);
    expect(r).toMatchObject({ matches: false, chainIntact: false });
    expect(alarms()).toHaveLength(1);
  });

  it('finds a second advance of an agreement among the new entries', async () => {
    await money(100_000);
    await advance('C-DUP', 10_000);
    expect((await reconcileIncremental(DISTRICT)).matches).toBe(true);
    // a forged entry paying the same agreement again under another id, with the balance item moved to
    // agree with it: only the advance check can tell
    const fund = await readFund(DISTRICT);
    const first = (await ledgerEntries(DISTRICT)).find((e) => e.kind === 'advance');
    if (!first) throw new Error('no advance');
    const at = new Date().toISOString();
    const forged = { ...first, entryId: `${first.entryId}-X`, at, seq: fund.seq + 1 };
    await documentClient().send(
      new PutCommand({
        TableName: requireConfig('TABLE_NAME'),
        Item: {
          ...fundKeys.entry(DISTRICT, at, forged.entryId),
          ...forged,
          balanceAfterFen: fund.balanceFen - first.amountFen,
        },
      }),
    );
    await update(fundKeys.balance(DISTRICT), 'SET seq = :s, balanceFen = :b, advancedFen = :a', {
      ':s': fund.seq + 1,
      ':b': fund.balanceFen - first.amountFen,
      ':a': fund.advancedFen + first.amountFen,
    });
    const incremental = await reconcileIncremental(DISTRICT);
    expect(incremental.matches).toBe(false);
    expect(incremental.duplicateAdvances).toEqual([`${first.agreementId}#1`]);
    expect(incremental.differences).toEqual([]);
    expect((await reconcile(DISTRICT)).duplicateAdvances).toEqual([`${first.agreementId}#1`]);
  });

  it('does not see a change to an entry its checkpoint covers; the full audit does', async () => {
    for (const a of [1_000, 2_000, 3_000]) await money(a);
    await reconcileIncremental(DISTRICT);
    await update(await entryItem(2), 'SET balanceAfterFen = :b', { ':b': 9_999 });
    await money(4_000);
    // by design: entries 1…3 were checked when they were new (docs/fund.md, invariant 7)
    expect((await reconcileIncremental(DISTRICT)).matches).toBe(true);
    const audit = await auditLedger(DISTRICT);
    expect(audit).toMatchObject({ matches: false, chainIntact: false });
    expect(audit.checkpoint?.matches).toBe(false);
  });

  it('the audit compares the checkpoint with the entries it covers', async () => {
    await money(1_000);
    await reconcileIncremental(DISTRICT);
    expect(await auditLedger(DISTRICT)).toMatchObject({
      matches: true,
      checkpoint: { seq: 1, matches: true },
    });
    await update(checkpointKey(DISTRICT), 'SET balanceFen = :b', { ':b': 5 });
    const audit = await auditLedger(DISTRICT);
    expect(audit.matches).toBe(false);
    expect(audit.checkpoint?.differences).toContainEqual({
      field: 'checkpoint.balanceFen',
      stored: 5,
      recomputed: 1_000,
    });
  });

  it('an entry timed before the read margin is not lost: the gap sends it to the full read', async () => {
    await money(1_000);
    await reconcileIncremental(DISTRICT);
    // a writer that took its time long before the checkpoint's latest entry (beyond the margin)
    await money(2_000, new Date(Date.now() - 2 * ENTRY_TIME_MARGIN_MS).toISOString());
    const r = await reconcileIncremental(DISTRICT);
    expect(figures(r)).toEqual(figures(await reconcile(DISTRICT)));
    expect(r).toMatchObject({ matches: true, entryCount: 2, entriesSumFen: 3_000 });
    expect((await readCheckpoint(DISTRICT))?.seq).toBe(2);
  });

  it("GET /fund's requests do not grow with the number of old entries", async () => {
    const costWith = async (old: number) => {
      await freshTable(env.services.dynamo.endpoint);
      // old entries, as the ledger keys them by time: written hours ago, then one an hour ago (beyond
      // the read margin of the checkpoint's latest entry), then reconciled
      const start = Date.now() - 3 * 60 * 60 * 1000;
      for (let i = 0; i < old; i += 1) await money(100 + i, new Date(start + i).toISOString());
      await money(99, new Date(Date.now() - 2 * ENTRY_TIME_MARGIN_MS).toISOString());
      await invoke(getFund, { principal: AUDITOR });
      await money(50);
      await advance('C-COST', 25);
      return requestsOf(() => invoke(getFund, { principal: AUDITOR }));
    };
    const few = await costWith(3);
    const withMany = await costWith(150);
    // both read the same: checkpoint, balance item, one page of the new entries, the new advance's
    // guards, the checkpoint's write, the quota (and the route's own reads)
    expect(withMany).toEqual(few);
    expect((await ledgerEntries(DISTRICT)).length).toBeGreaterThan(150);
  });
});
