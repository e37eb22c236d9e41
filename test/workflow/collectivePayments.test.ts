import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/keys.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { getItem } from '../../shared/adapters/table/dynamo.js';
import { getHousehold, putVillage } from '../../shared/adapters/table/registryRepository.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import type { DomainEvent } from '../../shared/domain/model/event.js';
import type { Household } from '../../shared/domain/model/household.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries } from '../../shared/fund/reconcile.js';
import { notificationsFor } from '../../shared/notifications/messages.js';
import { invoke, loadRoutes, type TestPrincipal } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { OWN_DISTRICT, OWN_VILLAGE, principals, VILLAGES } from '../support/seed.js';
import { caseOf, invokeTask, loadTasks, newHousehold, useWorkflowEnvironment } from './harness.js';

/**
 * Who pays (DOMAIN.md wave 2) against DynamoDB Local with the real handlers: contract land and equity are
 * paid by the village collective — the village records each tranche (the amount must be the tranche's,
 * one record per agreement and tranche), the household confirms or disputes it — and the special fund's
 * ledger and balance never see them. The workflow and event ports are recording doubles (no local Step
 * Functions in this test; test/e2e/paths.test.ts drives the same through the local runtime over HTTP).
 */
const env = useWorkflowEnvironment();
const { register, fund } = await loadTasks();
const { recordCollectivePayment, answerCollectivePayment, recordMilestone } = await loadRoutes(
  'recordCollectivePayment',
  'answerCollectivePayment',
  'recordMilestone',
);

const applicantOf = (h: Household): TestPrincipal => ({
  sub: `applicant-${h.householdId}`,
  groups: ['applicant'],
  householdId: h.householdId,
});

const pay = (caseId: string, body: Record<string, unknown>, principal: TestPrincipal = principals.reviewer) =>
  invoke(recordCollectivePayment, { principal, pathParameters: { caseId }, body });
const answer = (caseId: string, h: Household, tranche: number, body: Record<string, unknown>) =>
  invoke(answerCollectivePayment, {
    principal: applicantOf(h),
    pathParameters: { caseId, tranche: String(tranche) },
    body,
  });
const resumed = (caseId: string) =>
  env.doubles.workflow.resumed
    .filter((r) => r.token.includes(caseId))
    .map((r) => (r.output as { outcome: string }).outcome);

/** A signed case whose cooling-off has ended, taken through the step that follows it (OpenFundReview). */
async function afterCoolingOff(type: 'contract_land_exit' | 'equity_exit', h: Household) {
  const seeded = await caseOf('cooling_off', { household: h, type });
  const stored = await getCase(seeded.caseId);
  if (!stored?.case.agreement) throw new Error('seeded without an agreement');
  await saveCase(
    stored,
    touchCase(stored.case, {
      actor: 'seed',
      at: stored.case.updatedAt,
      note: 'cooling-off over',
      patch: { coolingOffEndsAt: new Date(Date.now() - 1000).toISOString() },
    }),
    { audit: { actor: 'seed', action: 'cooling_off.seeded' } },
  );
  const route = await invokeTask(fund.handler, { caseId: seeded.caseId });
  await invokeTask(register.handler, {
    caseId: seeded.caseId,
    step: 'collective_payment',
    taskToken: `pay-1-${seeded.caseId}`,
  });
  return { caseId: seeded.caseId, route, agreement: stored.case.agreement };
}

describe('contract land: paid by the collective, never by the fund', () => {
  it('70 % when the cooling-off ends, the handover, 30 %: each recorded, confirmed, and the fund untouched', async () => {
    const h = await newHousehold();
    const fundBefore = await readFund(OWN_DISTRICT);
    const { caseId, route, agreement } = await afterCoolingOff('contract_land_exit', h);
    expect(route).toMatchObject({ next: 'collective_payment' });
    const [first, second] = paymentSchedule('contract_land_exit', agreement.payableFen);
    if (!first || !second) throw new Error('two tranches expected');
    let c = (await getCase(caseId))?.case;
    expect(c?.status).toBe('paying');
    expect(c?.advance).toBeUndefined();
    expect(c?.paymentSchedule?.map((t) => [t.tranche, t.milestone, t.payer, t.status])).toEqual([
      [1, 'cooling_off_ended', 'collective', 'payable'],
      [2, 'handed_over', 'collective', 'scheduled'],
    ]);

    // bad input: another amount (400 naming it, with the amount due), a tranche not due (409), none such (400)
    const wrong = await pay(caseId, { tranche: 1, amountFen: first.amountFen - 1, bankReference: 'YH-1' });
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.json.errors).toEqual([expect.objectContaining({ path: 'body.amountFen' })]);
    expect(wrong.json.trancheAmountFen).toBe(first.amountFen);
    const early = await pay(caseId, { tranche: 2, amountFen: second.amountFen, bankReference: 'YH-2' });
    expect(early.status, early.text).toBe(409);
    expect((await pay(caseId, { tranche: 5, amountFen: 1, bankReference: 'YH-5' })).status).toBe(400);
    // the household cannot confirm what nobody has paid
    expect((await answer(caseId, h, 1, { confirmed: true })).status).toBe(409);
    // nobody records a payment on their own household's case (回避)
    const own = await pay(
      caseId,
      { tranche: 1, amountFen: first.amountFen, bankReference: 'YH-1' },
      { sub: 'cadre-own', groups: ['village_reviewer'], village: OWN_VILLAGE, householdId: h.householdId },
    );
    expect(own.status, own.text).toBe(403);

    const paid = await pay(caseId, { tranche: 1, amountFen: first.amountFen, bankReference: 'YH-1' });
    expect(paid.status, paid.text).toBe(201);
    expect(paid.json).toMatchObject({
      status: 'paying',
      tranche: {
        tranche: 1,
        status: 'paid',
        bankReference: 'YH-1',
        paymentId: `COL-${agreement.agreementId}-T1`,
      },
    });
    // one record per (agreement, tranche): a second is 409, even with another reference
    const again = await pay(caseId, { tranche: 1, amountFen: first.amountFen, bankReference: 'YH-1b' });
    expect(again.status, again.text).toBe(409);
    expect(await getItem(keys.collectivePayment(caseId, agreement.agreementId, 1))).toMatchObject({
      amountFen: first.amountFen,
      bankReference: 'YH-1',
    });

    // a dispute tells the town and keeps the step waiting; the money arrives, the household confirms
    const disputed = await answer(caseId, h, 1, { confirmed: false, text: '银行卡未收到款项' });
    expect(disputed.status, disputed.text).toBe(200);
    expect(disputed.json.tranche).toMatchObject({
      status: 'disputed',
      dispute: { text: '银行卡未收到款项' },
    });
    const disputes = env.doubles.events.ofCase(caseId, 'CollectivePaymentDisputed');
    expect(disputes).toHaveLength(1);
    // the town hears of it (and the village), with the household's words
    const told = notificationsFor(disputes[0] as DomainEvent);
    expect(told.map((n) => n.recipient).sort()).toEqual([
      `TOWN#${OWN_VILLAGE.slice(0, 9)}`,
      `VILLAGE#${OWN_VILLAGE}`,
    ]);
    expect(told[0]?.bodyZh).toBe('银行卡未收到款项');
    expect(resumed(caseId)).toEqual([]);
    const confirmed = await answer(caseId, h, 1, { confirmed: true });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json).toMatchObject({ status: 'handing_over', tranche: { status: 'confirmed' } });
    expect(resumed(caseId)).toEqual(['confirmed']);
    // confirming twice answers the same; disputing a confirmed receipt is 409
    expect((await answer(caseId, h, 1, { confirmed: true })).status).toBe(200);
    expect((await answer(caseId, h, 1, { confirmed: false, text: '再议' })).status).toBe(409);

    // the handover makes the second tranche the collective's to pay
    await invokeTask(register.handler, { caseId, step: 'handed_over', taskToken: `handover-${caseId}` });
    const handover = await invoke(recordMilestone, {
      principal: principals.villageClerk,
      pathParameters: { caseId },
      body: { kind: 'handed_over', taker: { name: '村集体经济组织' } },
    });
    expect(handover.status, handover.text).toBe(200);
    expect(handover.json.status).toBe('paying');
    expect(resumed(caseId)).toEqual(['confirmed', 'payment_due']);
    await invokeTask(register.handler, { caseId, step: 'collective_payment', taskToken: `pay-2-${caseId}` });
    expect(
      (await pay(caseId, { tranche: 2, amountFen: second.amountFen, bankReference: 'YH-2' })).status,
    ).toBe(201);
    const last = await answer(caseId, h, 2, { confirmed: true });
    expect(last.json).toMatchObject({ status: 'closed' });
    expect(resumed(caseId)).toEqual(['confirmed', 'payment_due', 'final_confirmed']);
    c = (await getCase(caseId))?.case;
    expect(c?.paymentSchedule?.map((t) => t.status)).toEqual(['confirmed', 'confirmed']);

    // the special fund never saw it
    expect((await ledgerEntries(OWN_DISTRICT)).filter((e) => e.caseId === caseId)).toEqual([]);
    const fundAfter = await readFund(OWN_DISTRICT);
    expect(fundAfter.balanceFen).toBe(fundBefore.balanceFen);
  });
});

describe('equity: the collective buys the shares back; the registry follows the confirmed payment', () => {
  it('one tranche of 100 %, and the household’s shares fall by the shares exited only on confirmation', async () => {
    const h = await newHousehold({
      rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 5 },
    });
    const { caseId, route, agreement } = await afterCoolingOff('equity_exit', h);
    expect(route).toMatchObject({ next: 'collective_payment' });
    const c = (await getCase(caseId))?.case;
    expect(c?.paymentSchedule).toEqual([
      expect.objectContaining({
        tranche: 1,
        milestone: 'cooling_off_ended',
        sharePct: 100,
        payer: 'collective',
      }),
    ]);
    const paid = await pay(caseId, { tranche: 1, amountFen: agreement.payableFen, bankReference: 'YH-E1' });
    expect(paid.status, paid.text).toBe(201);
    expect((await getHousehold(h.householdId))?.rights.equityShares).toBe(5);
    const done = await answer(caseId, h, 1, { confirmed: true });
    expect(done.json).toMatchObject({ status: 'closed' });
    // the seeded application gives up 1 share
    expect((await getHousehold(h.householdId))?.rights.equityShares).toBe(4);
    expect((await getCase(caseId))?.case.equity?.sharesCancelledAt).toBeDefined();
  });
});

describe('the yearly redemption cap (防范大规模赎回)', () => {
  it('two district approvals at once cannot both slip under the cap; a withdrawal gives the shares back', async () => {
    const { reviewCase, withdrawCase } = await loadRoutes('reviewCase', 'withdrawCase');
    // a collective of 100 shares: 5 % is 5 shares a year; two cases of 3 shares each
    const villageCode = '370302101288';
    await putVillage(
      {
        ...VILLAGES.own,
        villageCode,
        name: '股份村',
        shareValueFen: 50_000,
        totalShares: 100,
      },
      'seed',
      new Date().toISOString(),
    );
    const cases = await Promise.all(
      [0, 1].map(async () => {
        const h = await newHousehold(
          { rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 3 } },
          villageCode,
        );
        const seeded = await caseOf('district_approval', {
          household: h,
          villageCode,
          type: 'equity_exit',
          token: true,
          patch: {
            application: {
              type: 'equity_exit',
              householdId: h.householdId,
              shares: 3,
              consents: [{ memberId: 'm1', consented: true, signedAt: '2026-01-01T00:00:00+08:00' }],
              declarations: { voluntary: true },
            },
          },
        });
        return { ...seeded, h };
      }),
    );
    const approvers = [
      principals.districtApprover,
      { ...principals.districtApprover, sub: 'district-approver-2' },
    ];
    const answers = await Promise.all(
      cases.map((x, i) =>
        invoke(reviewCase, {
          principal: approvers[i] as TestPrincipal,
          pathParameters: { caseId: x.caseId },
          body: { decision: 'approve', reasonCodes: ['facts_verified'] },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0], answers.map((a) => a.text).join('\n')).toBe(200);
    // the other is refused: 422 with the figures, or 409 when it lost the race and was not retried
    expect([409, 422]).toContain(statuses[1]);
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const counter = await getItem(keys.redemption(villageCode, year));
    expect(counter?.redeemedShares).toBe(3);

    // the loser asks again: now surely 422, with every figure
    const loser = cases[answers.findIndex((a) => a.status !== 200)];
    if (!loser) throw new Error('no loser');
    const retry = await invoke(reviewCase, {
      principal: approvers[cases.indexOf(loser)] as TestPrincipal,
      pathParameters: { caseId: loser.caseId },
      body: { decision: 'approve', reasonCodes: ['facts_verified'] },
    });
    expect(retry.status, retry.text).toBe(422);
    expect(retry.json.redemption).toEqual({
      year,
      totalShares: 100,
      capShares: 5,
      redeemedShares: 3,
      requestedShares: 3,
      remainingShares: 2,
    });
    expect(retry.json.detail).toContain('5');

    // the winner withdraws at the offers: its 3 shares go back to the year's quota
    const winner = cases.find((x) => x !== loser);
    if (!winner) throw new Error('no winner');
    const offered = (await getCase(winner.caseId))?.case;
    expect(offered?.status).toBe('offers');
    expect(offered?.equity).toMatchObject({ shareValueFen: 50_000, redemptionYear: year });
    expect(offered?.offers[0]).toMatchObject({ amountFen: 150_000, breakdown: { sharesFen: 150_000 } });
    const w = await invoke(withdrawCase, {
      principal: applicantOf(winner.h),
      pathParameters: { caseId: winner.caseId },
    });
    expect(w.status, w.text).toBe(200);
    expect((await getItem(keys.redemption(villageCode, year)))?.redeemedShares).toBe(0);
  });
});
