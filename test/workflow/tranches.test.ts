import { describe, expect, it } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import type { Tranche } from '../../shared/domain/model/tranche.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import type { HumanStep } from '../../shared/workflow/contract.js';
import { invoke, loadRoutes } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { OWN_DISTRICT, principals } from '../support/seed.js';
import { caseOf, invokeTask, loadTasks, newHousehold, useWorkflowEnvironment } from './harness.js';

/**
 * The payment schedule in the land leg (分期支付, DOMAIN.md wave 2) against DynamoDB Local with the real
 * handlers: the `disposed` milestone pays the second tranche and the cancellation the last, each in the
 * milestone's own transaction, one ledger entry per (agreement, tranche) whatever the races; a tranche
 * the balance cannot cover waits in the FIFO queue (`awaiting_funds`) and the case goes on when it is
 * paid. The workflow and event ports are recording doubles (no local Step Functions in this test).
 * The tests share the district's fund and leave its queue empty and its balance at 0.
 */
const env = useWorkflowEnvironment();
const { register } = await loadTasks();
const { recordMilestone } = await loadRoutes('recordMilestone');

const DISPOSED = { kind: 'disposed', disposition: 'direct_use', planApprovalNo: '淄规批〔2026〕7号' };
const CANCELLED = { kind: 'certificate_cancelled', cancellationNo: 'ZX-2026-001' };

/** A homestead case in `status` whose first tranche is paid, with its step waiting for its milestone. */
async function afterApproval(status: CaseStatus, step: HumanStep) {
  const { caseId } = await caseOf(status, { household: await newHousehold() });
  const stored = await getCase(caseId);
  if (!stored?.case.agreement) throw new Error('seeded without an agreement');
  const [first, ...rest] = paymentSchedule('homestead_exit', stored.case.agreement.payableFen);
  if (!first) throw new Error('nothing payable');
  const schedule: Tranche[] = [{ ...first, status: 'paid', paidAt: stored.case.createdAt }, ...rest];
  await saveCase(
    stored,
    touchCase(stored.case, {
      actor: 'seed',
      at: stored.case.updatedAt,
      note: 'first tranche paid',
      patch: { paymentSchedule: schedule },
    }),
    {
      audit: { actor: 'seed', action: 'schedule.seeded' },
    },
  );
  await invokeTask(register.handler, { caseId, step, taskToken: `${step}-${caseId}` });
  return { caseId, schedule };
}

const post = (caseId: string, principal: typeof principals.registrar, body: Record<string, unknown>) =>
  invoke(recordMilestone, { principal, pathParameters: { caseId }, body });

const fund = (amountFen: number, reference: string) =>
  replenish(
    OWN_DISTRICT,
    { source: 'appropriation', amountFen, reference },
    'fund-admin-seed',
    new Date().toISOString(),
  );

const entriesOf = async (caseId: string) =>
  (await ledgerEntries(OWN_DISTRICT)).filter((e) => e.kind === 'advance' && e.caseId === caseId);

const resumed = (token: string) =>
  env.doubles.workflow.resumed.filter((r) => r.token === token).map((r) => r.output);

describe('the payment schedule in the land leg', () => {
  it('pays the second tranche with `disposed` and the last with the cancellation, in their own transactions', async () => {
    const { caseId, schedule } = await afterApproval('disposing', 'disposed');
    const [, second, last] = schedule as [Tranche, Tranche, Tranche];
    await fund(second.amountFen + last.amountFen, `R-${caseId}`);

    const disposed = await post(caseId, principals.landOfficer, DISPOSED);
    expect(disposed.status, disposed.text).toBe(200);
    expect(disposed.json.status).toBe('cancelling');
    expect(resumed(`disposed-${caseId}`)).toEqual([{ outcome: 'recorded' }]);
    let entries = await entriesOf(caseId);
    expect(entries.map((e) => [e.tranche, e.amountFen])).toEqual([[2, second.amountFen]]);

    await invokeTask(register.handler, {
      caseId,
      step: 'certificate_cancelled',
      taskToken: `cancel-${caseId}`,
    });
    const cancelled = await post(caseId, principals.registrar, CANCELLED);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json.status).toBe('closed');
    entries = await entriesOf(caseId);
    expect(entries.map((e) => [e.tranche, e.amountFen])).toEqual([
      [2, second.amountFen],
      [3, last.amountFen],
    ]);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(2);

    const c = (await getCase(caseId))?.case;
    expect(c?.paymentSchedule?.map((t) => [t.status, t.entryId])).toEqual([
      ['paid', undefined],
      ['paid', entries[0]?.entryId],
      ['paid', entries[1]?.entryId],
    ]);
    expect(c?.paymentSchedule?.reduce((s, t) => s + t.amountFen, 0)).toBe(c?.agreement?.payableFen);
    const paid = env.doubles.events.ofCase(caseId, 'AdvanceDisbursed');
    expect(paid.map((e) => [e.detail.tranche, e.detail.amountFen])).toEqual([
      [2, second.amountFen],
      [3, last.amountFen],
    ]);
    expect(env.doubles.events.ofCase(caseId, 'CaseClosed')).toHaveLength(1);
    expect((await readFund(OWN_DISTRICT)).balanceFen).toBe(0);
    expect((await reconcile(OWN_DISTRICT)).matches).toBe(true);
  });

  it('a tranche the balance cannot cover waits in the queue, and the case goes on when money comes', async () => {
    const { caseId, schedule } = await afterApproval('disposing', 'disposed');
    const [, second, last] = schedule as [Tranche, Tranche, Tranche];
    expect((await readFund(OWN_DISTRICT)).balanceFen).toBe(0);

    const disposed = await post(caseId, principals.landOfficer, DISPOSED);
    expect(disposed.status, disposed.text).toBe(200);
    expect(disposed.json.status).toBe('awaiting_funds');
    expect(resumed(`disposed-${caseId}`)).toEqual([{ outcome: 'queued' }]);
    let c = (await getCase(caseId))?.case;
    expect(c?.milestones?.map((m) => m.kind)).toEqual(['disposed']);
    expect(c?.paymentSchedule?.[1]).toMatchObject({ status: 'queued' });
    expect(await readFund(OWN_DISTRICT)).toMatchObject({ queuedCount: 1, queuedFen: second.amountFen });

    // the workflow's AwaitFunds step; then money: the queue pays the second tranche, the land leg goes on
    await invokeTask(register.handler, { caseId, step: 'awaiting_funds', taskToken: `funds-${caseId}` });
    const run = await fund(second.amountFen, `R2-${caseId}`);
    expect(run.queue.paid.map((p) => [p.caseId, p.amountFen])).toEqual([[caseId, second.amountFen]]);
    expect(resumed(`funds-${caseId}`)).toEqual([{ outcome: 'tranche_paid' }]);
    c = (await getCase(caseId))?.case;
    expect(c?.status).toBe('cancelling');
    expect(c?.paymentSchedule?.[1]).toMatchObject({ status: 'paid' });

    // the cancellation with nothing in the fund: recorded, the last tranche queued; paid, the case closes
    await invokeTask(register.handler, {
      caseId,
      step: 'certificate_cancelled',
      taskToken: `cancel-${caseId}`,
    });
    const cancelled = await post(caseId, principals.registrar, CANCELLED);
    expect(cancelled.json.status).toBe('awaiting_funds');
    await invokeTask(register.handler, { caseId, step: 'awaiting_funds', taskToken: `funds2-${caseId}` });
    await fund(last.amountFen, `R3-${caseId}`);
    expect(resumed(`funds2-${caseId}`)).toEqual([{ outcome: 'final_paid' }]);
    c = (await getCase(caseId))?.case;
    expect(c?.status).toBe('closed');
    expect(env.doubles.events.ofCase(caseId, 'CaseClosed')).toHaveLength(1);
    expect((await entriesOf(caseId)).map((e) => e.tranche)).toEqual([2, 3]);
    expect(await readFund(OWN_DISTRICT)).toMatchObject({ balanceFen: 0, queuedCount: 0, queuedFen: 0 });
  });

  it('ten land officers recording the same disposition at once pay its tranche once', async () => {
    const { caseId, schedule } = await afterApproval('disposing', 'disposed');
    const second = schedule[1] as Tranche;
    await fund(second.amountFen, `R-${caseId}`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(caseId, principals.landOfficer, DISPOSED)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expect([409, 403]).toContain(a.status);
    expect((await entriesOf(caseId)).map((e) => [e.tranche, e.amountFen])).toEqual([[2, second.amountFen]]);
    expect((await readFund(OWN_DISTRICT)).balanceFen).toBe(0);
    expect((await reconcile(OWN_DISTRICT)).matches).toBe(true);
  });

  it('the queue is first come, first served across tranches: a later tranche never overtakes an earlier one', async () => {
    const a = await afterApproval('disposing', 'disposed');
    const b = await afterApproval('disposing', 'disposed');
    const [aSecond, bSecond] = [a.schedule[1] as Tranche, b.schedule[1] as Tranche];
    expect((await post(a.caseId, principals.landOfficer, DISPOSED)).json.status).toBe('awaiting_funds');
    expect((await post(b.caseId, principals.landOfficer, DISPOSED)).json.status).toBe('awaiting_funds');
    // enough for b's tranche but not for a's (a joined first): nothing is paid
    const little = await fund(aSecond.amountFen - 1, `R-${a.caseId}`);
    expect(little.queue.paid).toEqual([]);
    expect(little.queue.blockedBy).toBe(a.caseId);
    // one more fen: a first, then b as far as the money goes
    const more = await fund(1 + bSecond.amountFen, `R-${b.caseId}`);
    expect(more.queue.paid.map((p) => p.caseId)).toEqual([a.caseId, b.caseId]);
    expect(await readFund(OWN_DISTRICT)).toMatchObject({ balanceFen: 0, queuedCount: 0 });
  });
});
