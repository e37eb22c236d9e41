import { NumberValue, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { putParameterVersion } from '../../shared/adapters/table/policyRepository.js';
import { MAX_AMOUNT_FEN } from '../../shared/contract/common.js';
import { REPLENISHMENT_FOUR_EYES_DEFAULT_FEN } from '../../shared/domain/model/policy.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { CorruptFundFigure, readFund } from '../../shared/fund/ledger.js';
import { MAX_FUND_FEN } from '../../shared/fund/limits.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import { expectProblem, invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { installDoubles } from '../support/seed.js';
import { DISTRICT, freshTable, fundAdmin, seedFundReview } from './harness.js';

/**
 * Issue 16 on DynamoDB Local through the real handlers: the caps on amounts and on the fund's figures,
 * four eyes on replenishments above the district's threshold, and reversals by proposal and approval.
 */
const env = useApiEnvironment();
const {
  createReplenishment,
  decideFundApproval,
  listFundApprovals,
  proposeReversal,
  getFund,
  decideAdvance,
} = await loadRoutes(
  'createReplenishment',
  'decideFundApproval',
  'listFundApprovals',
  'proposeReversal',
  'getFund',
  'decideAdvance',
);

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  installDoubles();
});

const PROPOSER = fundAdmin('p');
const APPROVER = fundAdmin('q');
const THIRD = fundAdmin('r');
const ELSEWHERE = fundAdmin('x', '370303');
const AUDITOR: TestPrincipal = { sub: 'auditor-1', groups: ['auditor'], district: DISTRICT };
const BIG = REPLENISHMENT_FOUR_EYES_DEFAULT_FEN + 1;

const replenish = (body: unknown, principal: TestPrincipal = PROPOSER) =>
  invoke(createReplenishment, { principal, body });
const decide = (approvalId: string, body: unknown, principal: TestPrincipal = APPROVER) =>
  invoke(decideFundApproval, { principal, pathParameters: { approvalId }, body });
const reverse = (entryId: string, reason: string, principal: TestPrincipal = PROPOSER) =>
  invoke(proposeReversal, { principal, pathParameters: { entryId }, body: { reason } });
const pending = (principal: TestPrincipal = APPROVER) =>
  invoke(listFundApprovals, { principal, query: { status: 'pending' } });

async function putBalance(item: Record<string, unknown>) {
  await documentClient().send(
    new PutCommand({
      TableName: requireConfig('TABLE_NAME'),
      Item: {
        PK: `FUND#${DISTRICT}`,
        SK: 'BALANCE',
        itemType: 'fund_balance',
        districtCode: DISTRICT,
        ...item,
      },
    }),
  );
}

async function fundAudit(): Promise<string[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: requireConfig('TABLE_NAME'),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#fund#${DISTRICT}` },
    }),
  );
  return (out.Items ?? []).map((i) => `${i.action} by ${i.actor}`);
}

describe('caps on amounts and on the fund', () => {
  it('amountFen above MAX_AMOUNT_FEN, near 2^53 or not an integer is 400 naming it, never 500', async () => {
    for (const amountFen of [MAX_AMOUNT_FEN + 1, 2 ** 53 - 1, 2 ** 53 + 2, 1e300, 10.5]) {
      expectProblem(await replenish({ source: 'appropriation', amountFen, reference: 'CAP' }), 400, [
        'body.amountFen',
      ]);
    }
    expect(await ledgerEntries(DISTRICT)).toEqual([]);
  });

  it('the balance may reach MAX_FUND_FEN and not pass it: 422 FUND_LIMIT_EXCEEDED with the figures', async () => {
    await putBalance({ seq: 0, balanceFen: MAX_FUND_FEN - 10, replenishedFen: MAX_FUND_FEN - 10 });
    const over = await replenish({ source: 'appropriation', amountFen: 11, reference: 'OVER' });
    expectProblem(over, 422, ['body.amountFen']);
    expect(over.json).toMatchObject({
      code: 'FUND_LIMIT_EXCEEDED',
      field: 'balanceFen',
      resultingFen: MAX_FUND_FEN + 1,
      maxFen: MAX_FUND_FEN,
    });
    const exact = await replenish({ source: 'appropriation', amountFen: 10, reference: 'EXACT' });
    expect(exact.status, exact.text).toBe(201);
    expect((await readFund(DISTRICT)).balanceFen).toBe(MAX_FUND_FEN);
    // a proposal above the threshold that could never be written is refused now, not at approval
    expect(
      (await replenish({ source: 'appropriation', amountFen: BIG, reference: 'BIG-OVER' })).json.code,
    ).toBe('FUND_LIMIT_EXCEEDED');
  });

  it('a corrupt stored balance fails loudly (500, CorruptFundFigure), never reads as 0', async () => {
    // 2^53 + 2 as DynamoDB stores it exactly (the client answers it as a BigInt), a negative, a fraction
    for (const balanceFen of [NumberValue.from('9007199254740994'), -5, 1.5, 'lots']) {
      await putBalance({ seq: 1, balanceFen });
      await expect(readFund(DISTRICT)).rejects.toBeInstanceOf(CorruptFundFigure);
      expect((await invoke(getFund, { principal: AUDITOR })).status).toBe(500);
      const res = await replenish({ source: 'appropriation', amountFen: 100, reference: `C-${balanceFen}` });
      expect(res.status, res.text).toBe(500);
    }
    expect(await ledgerEntries(DISTRICT)).toEqual([]);
  });
});

describe('four eyes on replenishments above the threshold', () => {
  it('at the threshold nothing changes: 201 and the entry', async () => {
    const res = await replenish({
      source: 'appropriation',
      amountFen: REPLENISHMENT_FOUR_EYES_DEFAULT_FEN,
      reference: 'AT',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ kind: 'replenishment', seq: 1, paidAdvances: [] });
  });

  it('above it: 202 pending, listed, approved once by another administrator of the district', async () => {
    const body = { source: 'appropriation', amountFen: BIG, reference: '淄财农〔2026〕1号' };
    const proposed = await replenish(body);
    expect(proposed.status, proposed.text).toBe(202);
    expect(proposed.json).toMatchObject({
      status: 'pending',
      kind: 'replenishment',
      amountFen: BIG,
      proposedBy: PROPOSER.sub,
      replenishmentId: proposed.json.approvalId,
    });
    const id: string = proposed.json.approvalId;
    expect((await readFund(DISTRICT)).seq).toBe(0);
    // the same request again is the same proposal; other figures under the same reference are 409
    expect((await replenish(body)).json.approvalId).toBe(id);
    expectProblem(await replenish({ ...body, amountFen: BIG + 1 }), 409);
    // a direct one below the threshold cannot write the entry the proposal waits for
    expectProblem(await replenish({ ...body, amountFen: 5 }), 409);

    expect((await pending()).json.items.map((a: { approvalId: string }) => a.approvalId)).toEqual([id]);
    expect((await pending(AUDITOR)).json.items).toHaveLength(1);
    expect((await pending(ELSEWHERE)).json.items).toEqual([]);

    // four eyes: not the proposer (403, says why), not another district's administrator (404)
    const own = await decide(id, { approve: true }, PROPOSER);
    expectProblem(own, 403);
    expect(own.json).toMatchObject({ conflict: 'own_proposal' });
    expectProblem(await decide(id, { approve: true }, ELSEWHERE), 404);
    expect((await readFund(DISTRICT)).seq).toBe(0);

    // two approvers at once, and a repeat: one entry
    const [a, b] = await Promise.all([decide(id, { approve: true }), decide(id, { approve: true }, THIRD)]);
    expect([a.status, b.status].sort()).toEqual([200, 200]);
    const again = await decide(id, { approve: true });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: 'approved', entry: { amountFen: BIG, approvalId: id } });
    const entries = await ledgerEntries(DISTRICT);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: PROPOSER.sub, approvalId: id, amountFen: BIG });
    expect([APPROVER.sub, THIRD.sub]).toContain(entries[0]?.approvedBy);
    expect((await readFund(DISTRICT)).balanceFen).toBe(BIG);
    expectProblem(await decide(id, { approve: false, reason: '金额有误' }), 409);
    expect((await pending()).json.items).toEqual([]);
    // the same request after approval answers the entry as any replayed replenishment does (201)
    const replay = await replenish(body);
    expect(replay.status, replay.text).toBe(201);
    expect(replay.json.entryId).toBe(entries[0]?.entryId);
    expect(await fundAudit()).toEqual(
      expect.arrayContaining([
        `fund.replenishment.proposed by ${PROPOSER.sub}`,
        `fund.replenishment.approved by ${entries[0]?.approvedBy}`,
      ]),
    );
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('a refusal needs a reason, writes nothing to the ledger, and frees the reference', async () => {
    const body = { source: 'appropriation', amountFen: BIG, reference: 'REF-1' };
    const id: string = (await replenish(body)).json.approvalId;
    expectProblem(await decide(id, { approve: false }), 400, ['body.reason']);
    const refused = await decide(id, { approve: false, reason: '文号有误' });
    expect(refused.json).toMatchObject({
      status: 'refused',
      refusalReason: '文号有误',
      decidedBy: APPROVER.sub,
    });
    expectProblem(await decide(id, { approve: true }, THIRD), 409);
    expect(await ledgerEntries(DISTRICT)).toEqual([]);
    const anew = await replenish({ ...body, amountFen: BIG + 7 });
    expect(anew.status).toBe(202);
    expect(anew.json.approvalId).not.toBe(id);
    expect(await fundAudit()).toContain(`fund.replenishment.refused by ${APPROVER.sub}`);
  });

  it('the threshold is the district parameter in force when it has one', async () => {
    await putParameterVersion({
      ...illustrativeParameters(DISTRICT),
      replenishmentFourEyesThresholdFen: 1_000,
    });
    expect((await replenish({ source: 'appropriation', amountFen: 1_000, reference: 'P-1' })).status).toBe(
      201,
    );
    expect((await replenish({ source: 'appropriation', amountFen: 1_001, reference: 'P-2' })).status).toBe(
      202,
    );
  });
});

describe('reversal: proposed, approved by another, a new entry', () => {
  it('reverses a mistaken appropriation once; the old entry stays as it was', async () => {
    const rep = await replenish({ source: 'appropriation', amountFen: 7_000, reference: 'WRONG' });
    const entryId: string = rep.json.entryId;
    expectProblem(await reverse(entryId, 'x'.repeat(501)), 400, ['body.reason']);
    const proposed = await reverse(entryId, '重复录入 / entered twice');
    expect(proposed.status, proposed.text).toBe(202);
    expect(proposed.json).toMatchObject({ kind: 'reversal', status: 'pending', reversesEntryId: entryId });
    expect((await reverse(entryId, 'again')).json.approvalId).toBe(proposed.json.approvalId);
    expectProblem(await decide(proposed.json.approvalId, { approve: true }, PROPOSER), 403);
    // two approvers at once: one reversing entry, both answer the one approval as stored
    const [approved, other] = await Promise.all([
      decide(proposed.json.approvalId, { approve: true }),
      decide(proposed.json.approvalId, { approve: true }, THIRD),
    ]);
    expect(approved.status, approved.text).toBe(200);
    expect(other.status, other.text).toBe(200);
    expect(other.json.decidedBy).toBe(approved.json.decidedBy);
    expect(other.json.entry.entryId).toBe(approved.json.entry.entryId);
    expect(approved.json.entry).toMatchObject({
      kind: 'reversal',
      reversesEntryId: entryId,
      debit: 'appropriations',
      credit: 'fund_cash',
      amountFen: 7_000,
      approvedBy: approved.json.decidedBy,
    });
    const entries = await ledgerEntries(DISTRICT);
    expect(entries.map((e) => [e.seq, e.kind, e.balanceAfterFen])).toEqual([
      [1, 'replenishment', 7_000],
      [2, 'reversal', 0],
    ]);
    expect(entries[0]).toMatchObject({ entryId, amountFen: 7_000, kind: 'replenishment' });
    expectProblem(await reverse(entryId, 'once more'), 409);
    expect(await fundAudit()).toEqual(
      expect.arrayContaining([
        `fund.reversal.proposed by ${PROPOSER.sub}`,
        `fund.reversal.approved by ${approved.json.decidedBy}`,
      ]),
    );
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('refuses what the balance and the queued advances cannot spare (422 with figures), and advances', async () => {
    const rep = await replenish({ source: 'appropriation', amountFen: 1_000, reference: 'SMALL' });
    const { caseId } = await seedFundReview({ caseId: 'C-Q', amountFen: 4_000 });
    const queued = await invoke(decideAdvance, {
      principal: APPROVER,
      pathParameters: { caseId },
      body: { decision: 'approve', note: '' },
    });
    expect(queued.json.status).toBe('awaiting_funds');
    const refused = await reverse(rep.json.entryId, '误录');
    expectProblem(refused, 422);
    expect(refused.json).toMatchObject({
      code: 'FUND_INSUFFICIENT',
      amountFen: 1_000,
      queuedFen: 4_000,
      neededFen: 5_000,
      balanceFen: 1_000,
    });
    const advance = (await ledgerEntries(DISTRICT)).find((e) => e.kind === 'advance');
    expect(advance).toBeUndefined();
    expectProblem(await reverse('REP-none', '误录'), 404);
  });

  it('a proposal made while the money was there is refused at approval once it is spent', async () => {
    const rep = await replenish({ source: 'appropriation', amountFen: 5_000, reference: 'SPENT' });
    const proposed = await reverse(rep.json.entryId, '误录');
    expect(proposed.status).toBe(202);
    const { caseId } = await seedFundReview({ caseId: 'C-SPEND', amountFen: 4_000 });
    const paid = await invoke(decideAdvance, {
      principal: THIRD,
      pathParameters: { caseId },
      body: { decision: 'approve', note: '' },
    });
    expect(paid.json.status).toBe('disbursed');
    const late = await decide(proposed.json.approvalId, { approve: true });
    expectProblem(late, 422);
    expect(late.json).toMatchObject({ code: 'FUND_INSUFFICIENT', balanceFen: 1_000 });
    // still pending: the approver may refuse it with a reason
    expect((await decide(proposed.json.approvalId, { approve: false, reason: '已支出' })).json.status).toBe(
      'refused',
    );
    const advance = (await ledgerEntries(DISTRICT)).find((e) => e.kind === 'advance');
    expectProblem(await reverse(advance?.entryId ?? '', '误录'), 422);
  });
});
