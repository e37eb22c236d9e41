import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import { setWorkflowPort } from '../../shared/ports/workflow.js';
import { expectProblem, type InvokeResult, invoke, loadRoutes, useApiEnvironment } from '../support/api.js';
import { type Doubles, installDoubles, RecordingWorkflow } from '../support/seed.js';
import {
  DISTRICT,
  freshTable,
  fundAdmin,
  seedFundReview,
  storeToken,
  THRESHOLD_FEN,
  tokenOf,
} from './harness.js';

/**
 * POST /cases/{caseId}/advance against DynamoDB Local: four eyes, rejection, the shortfall queue, an
 * injected crash between the commit and the answer, and 50 simultaneous approvals. The workflow and
 * event ports are recording doubles (seed.ts): Step Functions and EventBridge have no local
 * implementation in these tests, and what the fund owes them is a call, which the doubles count.
 */
const env = useApiEnvironment();
const { decideAdvance } = await loadRoutes('decideAdvance');

let doubles: Doubles;
beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  doubles = installDoubles();
});

const ABOVE = THRESHOLD_FEN + 1;

function decide(
  caseId: string,
  admin: number | string,
  decision: 'approve' | 'reject',
  note = '资料齐全',
  headers: Record<string, string> = {},
): Promise<InvokeResult> {
  return invoke(decideAdvance, {
    principal: fundAdmin(admin),
    pathParameters: { caseId },
    body: { decision, note },
    headers,
  });
}

async function fundMoney(amountFen: number, reference = `R-${amountFen}-${Math.random()}`): Promise<void> {
  await replenish(
    DISTRICT,
    { source: 'appropriation', amountFen, reference },
    'fund-admin-seed',
    new Date().toISOString(),
  );
}

async function advancesOf(caseId: string) {
  return (await ledgerEntries(DISTRICT)).filter((e) => e.kind === 'advance' && e.caseId === caseId);
}

async function allItems(): Promise<Record<string, unknown>[]> {
  const out = await documentClient().send(new ScanCommand({ TableName: requireConfig('TABLE_NAME') }));
  return (out.Items ?? []).sort((a, b) => `${a.PK}${a.SK}`.localeCompare(`${b.PK}${b.SK}`));
}

describe('four eyes', () => {
  it('above the threshold: one approval pays nothing, the same admin twice pays nothing, two pay once', async () => {
    await fundMoney(3 * ABOVE);
    const { caseId, token } = await seedFundReview({ caseId: 'C-FOUR-1', amountFen: ABOVE });

    const first = await decide(caseId, 'a', 'approve');
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ status: 'fund_review', advance: { status: 'pending_approval' } });
    expect(await advancesOf(caseId)).toHaveLength(0);
    expect((await readFund(DISTRICT)).balanceFen).toBe(3 * ABOVE);
    // the waiting step is kept for the second pair of eyes
    expect((await getCase(caseId))?.pendingToken?.token).toBe(token);

    const again = await decide(caseId, 'a', 'approve', 'approving again');
    expect(again.status).toBe(200);
    expect(again.json.advance.approvals).toHaveLength(1);
    expect(await advancesOf(caseId)).toHaveLength(0);
    expect(doubles.workflow.resumed).toHaveLength(0);

    const second = await decide(caseId, 'b', 'approve');
    expect(second.status, second.text).toBe(200);
    expect(second.json).toMatchObject({
      status: 'disbursed',
      advance: { status: 'paid', entryId: `ADV-AG-${caseId}`, amountFen: ABOVE },
    });
    expect(await advancesOf(caseId)).toHaveLength(1);
    expect((await readFund(DISTRICT)).balanceFen).toBe(2 * ABOVE);
    expect(doubles.workflow.resumed).toEqual([{ token, output: { outcome: 'paid' } }]);
    expect(doubles.events.ofCase(caseId, 'AdvanceDisbursed')).toHaveLength(1);
    const stored = await getCase(caseId);
    expect(stored?.pendingToken).toBeUndefined();

    // a third administrator afterwards: the same answer, nothing paid
    const third = await decide(caseId, 'c', 'approve');
    expect(third.status).toBe(200);
    expect(third.json).toEqual(second.json);
    expect(await advancesOf(caseId)).toHaveLength(1);
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('up to the threshold one approval pays', async () => {
    await fundMoney(THRESHOLD_FEN);
    const { caseId } = await seedFundReview({ caseId: 'C-ONE-1', amountFen: THRESHOLD_FEN });
    const res = await decide(caseId, 'a', 'approve');
    expect(res.json).toMatchObject({
      status: 'disbursed',
      advance: { status: 'paid', requiredApprovals: 1 },
    });
    expect((await readFund(DISTRICT)).balanceFen).toBe(0);
  });

  it('a rejection by either administrator ends it, with the reason the household sees', async () => {
    await fundMoney(2 * ABOVE);
    const { caseId, token } = await seedFundReview({ caseId: 'C-REJ-1', amountFen: ABOVE });
    expect((await decide(caseId, 'a', 'approve')).status).toBe(200);
    const noReason = await decide(caseId, 'b', 'reject', '');
    expectProblem(noReason, 400, ['body.note']);

    const rejected = await decide(
      caseId,
      'b',
      'reject',
      '房屋权属存在争议 / ownership of the house is disputed',
    );
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json).toMatchObject({
      status: 'rejected',
      advance: {
        status: 'rejected',
        rejectionReason: '房屋权属存在争议 / ownership of the house is disputed',
      },
    });
    const c = (await getCase(caseId))?.case;
    expect(c?.rejectedAt).toBe('fund_review');
    expect(doubles.workflow.resumed).toEqual([{ token, output: { outcome: 'rejected' } }]);
    expect(doubles.events.ofCase(caseId, 'AdvanceRejected')).toHaveLength(1);

    expectProblem(await decide(caseId, 'a', 'approve'), 409);
    expect((await decide(caseId, 'b', 'reject', 'again')).status).toBe(200);
    expect(await advancesOf(caseId)).toHaveLength(0);
    expect((await readFund(DISTRICT)).balanceFen).toBe(2 * ABOVE);
  });

  it('the final decision waits until the workflow has stored its token (409, try again)', async () => {
    const { createCase } = await import('../support/caseStore.js');
    const { fundReviewCase } = await import('./harness.js');
    const c = fundReviewCase({ caseId: 'C-NOTOKEN', amountFen: 100 });
    await createCase(c, { actor: 'seed', action: 'case.seeded' });
    expectProblem(await decide(c.caseId, 'a', 'approve'), 409);
    await storeToken(c.caseId, { token: tokenOf(c.caseId), status: 'fund_review' });
    await fundMoney(100);
    expect((await decide(c.caseId, 'a', 'approve')).json.status).toBe('disbursed');
  });
});

describe('amounts the fund does not advance', () => {
  it('an agreement with nothing payable (housing dearer than the compensation) is disbursed with no entry', async () => {
    const { caseId, token } = await seedFundReview({ caseId: 'C-ZERO', amountFen: 0 });
    const res = await decide(caseId, 'a', 'approve');
    expect(res.json).toMatchObject({ status: 'disbursed', advance: { status: 'paid', amountFen: 0 } });
    expect(await ledgerEntries(DISTRICT)).toHaveLength(0);
    expect(doubles.workflow.resumed).toEqual([{ token, output: { outcome: 'paid' } }]);
  });
});

describe('shortfall queue', () => {
  it('queues what the balance cannot cover and pays it in approval order when money comes', async () => {
    const a = await seedFundReview({ caseId: 'C-Q-A', amountFen: 5_000 });
    const b = await seedFundReview({ caseId: 'C-Q-B', amountFen: 3_000 });
    const c = await seedFundReview({ caseId: 'C-Q-C', amountFen: 1_000 });
    await fundMoney(2_000);

    const qa = await decide(a.caseId, 'x', 'approve');
    expect(qa.json).toMatchObject({ status: 'awaiting_funds', advance: { status: 'queued' } });
    expect(doubles.workflow.resumed).toEqual([{ token: a.token, output: { outcome: 'queued' } }]);
    expect((await decide(b.caseId, 'x', 'approve')).json.status).toBe('awaiting_funds');
    // C alone would fit the balance, but A and B were approved first: nobody overtakes the queue
    expect((await decide(c.caseId, 'x', 'approve')).json.status).toBe('awaiting_funds');
    expect(await readFund(DISTRICT)).toMatchObject({ balanceFen: 2_000, queuedCount: 3, queuedFen: 9_000 });

    // the workflow reaches its awaiting_funds step for A (stores a token); B and C not yet
    await storeToken(a.caseId, { token: tokenOf(a.caseId, 'awaiting_funds'), status: 'awaiting_funds' });
    doubles.workflow.reset();

    // 2 000 + 5 000 pays A (5 000); B (3 000) does not fit 2 000, so C waits behind it
    await fundMoney(5_000);
    expect((await getCase(a.caseId))?.case.status).toBe('disbursed');
    expect((await getCase(a.caseId))?.pendingToken).toBeUndefined();
    expect(doubles.workflow.resumed).toEqual([
      { token: tokenOf(a.caseId, 'awaiting_funds'), output: { outcome: 'paid' } },
    ]);
    expect((await getCase(b.caseId))?.case.status).toBe('awaiting_funds');
    expect((await getCase(c.caseId))?.case.status).toBe('awaiting_funds');
    expect(await readFund(DISTRICT)).toMatchObject({ balanceFen: 2_000, queuedCount: 2, queuedFen: 4_000 });

    // 2 000 + 2 000 pays B (3 000), then C (1 000): no token stored for them, paid all the same
    await fundMoney(2_000);
    for (const id of [b.caseId, c.caseId]) {
      const s = await getCase(id);
      expect(s?.case.status).toBe('disbursed');
      expect(s?.case.advance?.status).toBe('paid');
    }
    const order = (await ledgerEntries(DISTRICT)).filter((e) => e.kind === 'advance').map((e) => e.caseId);
    expect(order).toEqual([a.caseId, b.caseId, c.caseId]);
    expect(await readFund(DISTRICT)).toMatchObject({ balanceFen: 0, queuedCount: 0, queuedFen: 0 });
    expect((await reconcile(DISTRICT)).matches).toBe(true);
    const trail = await caseAuditTrail(c.caseId);
    expect(trail.map((t) => t.action)).toContain('advance.paid_from_queue');
  });
});

/** A workflow port that fails once after the decision has been committed, as a crashed Lambda would. */
class CrashOnceWorkflow extends RecordingWorkflow {
  crashes = 1;
  override async resumeTask(token: string, output: unknown): Promise<void> {
    if (this.crashes > 0) {
      this.crashes--;
      throw new Error('injected crash: after the commit, before the answer');
    }
    await super.resumeTask(token, output);
  }
}

describe('a crash after the commit', () => {
  it('the retry answers the same and writes nothing; the workflow is resumed by the retry', async () => {
    await fundMoney(10_000);
    const { caseId, token } = await seedFundReview({ caseId: 'C-CRASH', amountFen: 4_000 });
    const crashing = new CrashOnceWorkflow();
    setWorkflowPort(crashing);

    const crashed = await decide(caseId, 'a', 'approve');
    expect(crashed.status).toBe(500);
    expect(crashing.resumed).toHaveLength(0);
    const afterCrash = await allItems();
    expect(await advancesOf(caseId)).toHaveLength(1);

    const retry = await decide(caseId, 'a', 'approve');
    expect(retry.status, retry.text).toBe(200);
    expect(retry.json).toMatchObject({
      status: 'disbursed',
      advance: { status: 'paid', entryId: `ADV-AG-${caseId}` },
    });
    expect(await allItems()).toEqual(afterCrash);
    expect(crashing.resumed).toEqual([{ token, output: { outcome: 'paid' } }]);
    // an event the crash may have lost is sent again under the same id
    const ids = doubles.events.ofCase(caseId, 'AdvanceDisbursed').map((e) => e.eventId);
    expect(new Set(ids).size).toBe(1);

    const again = await decide(caseId, 'b', 'approve');
    expect(again.json).toEqual(retry.json);
    expect(await allItems()).toEqual(afterCrash);
    expect((await readFund(DISTRICT)).balanceFen).toBe(6_000);
  });

  it('with an Idempotency-Key, a repeat answers the first answer', async () => {
    await fundMoney(10_000);
    const { caseId } = await seedFundReview({ caseId: 'C-IDEM', amountFen: 4_000 });
    const key = { 'Idempotency-Key': 'click-1' };
    const one = await decide(caseId, 'a', 'approve', 'ok', key);
    const two = await decide(caseId, 'a', 'approve', 'ok', key);
    expect(two.status).toBe(200);
    expect(two.json).toEqual(one.json);
    expectProblem(await decide(caseId, 'a', 'reject', 'changed my mind', key), 409);
    expect(await advancesOf(caseId)).toHaveLength(1);
  });
});

describe('simultaneous approvals', () => {
  it('50 concurrent approvals of the same advance produce one entry', async () => {
    await fundMoney(1_000_000);
    const { caseId } = await seedFundReview({ caseId: 'C-RACE-1', amountFen: 7_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => decide(caseId, i, 'approve')));
    for (const a of answers) expect([200, 409], a.text).toContain(a.status);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(await advancesOf(caseId)).toHaveLength(1);
    expect((await readFund(DISTRICT)).balanceFen).toBe(1_000_000 - 7_000);
    // losers re-send the stored outcome (a crashed winner may not have): one token, one outcome, and
    // Step Functions accepts a token once
    expect(new Set(doubles.workflow.resumed.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ token: tokenOf(caseId), output: { outcome: 'paid' } })]),
    );
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('50 concurrent approvals by two administrators of a four-eyes advance pay it once', async () => {
    await fundMoney(3 * ABOVE);
    const { caseId } = await seedFundReview({ caseId: 'C-RACE-2', amountFen: ABOVE });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => decide(caseId, i % 2 === 0 ? 'a' : 'b', 'approve')),
    );
    for (const a of answers) expect([200, 409], a.text).toContain(a.status);
    expect(await advancesOf(caseId)).toHaveLength(1);
    const c = (await getCase(caseId))?.case;
    expect(c?.status).toBe('disbursed');
    expect(new Set(c?.advance?.approvals.map((x) => x.adminId))).toEqual(
      new Set(['fund-admin-a', 'fund-admin-b']),
    );
    expect((await readFund(DISTRICT)).balanceFen).toBe(2 * ABOVE);
  });
});

describe('reconciliation alarm', () => {
  it('a balance item that disagrees with the entries raises LedgerReconciliationFailed', async () => {
    await fundMoney(1_000);
    expect((await reconcile(DISTRICT)).matches).toBe(true);
    await documentClient().send(
      new UpdateCommand({
        TableName: requireConfig('TABLE_NAME'),
        Key: { PK: `FUND#${DISTRICT}`, SK: 'BALANCE' },
        UpdateExpression: 'SET balanceFen = :b',
        ExpressionAttributeValues: { ':b': 1_500 },
      }),
    );
    const r = await reconcile(DISTRICT);
    expect(r).toMatchObject({ matches: false, entriesSumFen: 1_000 });
    expect(r.differences).toContainEqual({ field: 'balanceFen', stored: 1_500, recomputed: 1_000 });
    const alarms = doubles.events.published.filter((e) => e.type === 'LedgerReconciliationFailed');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.detail).toMatchObject({ balanceFen: 1_500, entriesSumFen: 1_000 });
  });
});
