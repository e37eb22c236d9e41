import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cashEffectFen, type Session } from '../../local/demo/client.js';
import {
  applicantOf,
  as,
  checkFund,
  type DemoContext,
  demoHousehold,
  districtOf,
  finishLandLeg,
  fundAdmin,
  resolution,
  reviewerOf,
} from '../../local/demo/scenarios.js';
import type { LambdaHost } from '../../local/runtime/lambdaHost.js';
import { demoApplication } from '../../local/seed/demoApplications.js';
import type { Scenario } from '../../local/seed/demoData.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { type E2eSystem, makeDataDir, removeDataDir, startSystem } from './harness.js';

/**
 * A restart of the local runtime with cases waiting at every human step, one caught between payment and
 * reserve, and one already closed: the new runtime re-drives every open case from its status, each is
 * finished, and the fund still holds exactly one advance per agreement with balance = Σ ledger.
 */
const T = 60_000;

let dataDir: string | undefined;
let first: E2eSystem | undefined;
let second: E2eSystem | undefined;

beforeAll(async () => {
  dataDir = await makeDataDir();
}, 60_000);

afterAll(async () => {
  await first?.runtime.stop();
  await second?.runtime.stop();
  await removeDataDir(dataDir);
}, 120_000);

interface Tracked {
  scenario: Scenario;
  caseId: string;
  /** the status the case waited in when the first runtime stopped */
  stoppedIn?: CaseStatus;
}

const user = (ctx: DemoContext, id: string) => as(ctx, id);

async function fileCase(ctx: DemoContext, scenario: Scenario): Promise<Tracked> {
  const d = demoHousehold(scenario);
  const me = await user(ctx, applicantOf(d));
  const { caseId } = await me.createCase(demoApplication(d, new Date().toISOString()));
  await me.submit(caseId);
  return { scenario, caseId };
}

async function approveAtVillage(ctx: DemoContext, t: Tracked, since?: string) {
  const rv = await user(ctx, reviewerOf(demoHousehold(t.scenario)));
  await rv.waitForTask(t.caseId, 'village_review', 'village_review', {
    timeoutMs: T,
    ...(since ? { registeredSince: since } : {}),
  });
  await rv.review(t.caseId, { decision: 'approve', reasons: [], resolution: resolution() });
}

/** After the notice: the town audits and the district approves (村 → 镇 → 区), which opens the offers. */
async function throughTownAndDistrict(ctx: DemoContext, t: Tracked) {
  const village = demoHousehold(t.scenario).record.villageCode;
  for (const [step, who] of [
    ['town_review', `town-reviewer-${village.slice(0, 9)}`],
    ['district_approval', `district-approver-${village.slice(0, 6)}`],
  ] as const) {
    const s = await user(ctx, who);
    await s.waitForTask(t.caseId, step, step, { timeoutMs: T });
    await s.review(t.caseId, { decision: 'approve', reasonCodes: ['facts_verified'] });
  }
}

async function signCash(ctx: DemoContext, t: Tracked, since?: string) {
  const me = await user(ctx, applicantOf(demoHousehold(t.scenario)));
  if (!since) await throughTownAndDistrict(ctx, t);
  await me.waitForTask(t.caseId, 'offers', 'resettlement_choice', {
    timeoutMs: T,
    ...(since ? { registeredSince: since } : {}),
  });
  await me.choose(t.caseId, 'cash');
}

async function fundSession(ctx: DemoContext, t: Tracked, who: 'a' | 'b' = 'a'): Promise<Session> {
  return user(ctx, fundAdmin(districtOf(demoHousehold(t.scenario)), who));
}

async function approveAdvance(ctx: DemoContext, t: Tracked, who: 'a' | 'b' = 'a', since?: string) {
  const f = await fundSession(ctx, t, who);
  await f.waitForTask(t.caseId, 'fund_review', 'fund_review', {
    timeoutMs: T,
    ...(since ? { registeredSince: since } : {}),
  });
  return f.advance(t.caseId, 'approve', 'ok');
}

/** Makes the Reserve task of the given cases hang, as if the runtime died while it ran. */
function holdReserve(host: LambdaHost, functions: Record<string, { entry: string }>, caseIds: Set<string>) {
  const reserveId = Object.entries(functions).find(([, f]) => f.entry.includes('reserveParcel'))?.[0];
  if (!reserveId) throw new Error('no reserveParcel function in the topology');
  const invoke = host.invoke.bind(host);
  host.invoke = (functionId: string, event: unknown) => {
    const caseId = (event as { caseId?: string } | undefined)?.caseId;
    if (functionId === reserveId && caseId && caseIds.has(caseId)) return new Promise<never>(() => {});
    return invoke(functionId, event);
  };
}

describe('restart with cases at every human step', () => {
  it('re-drives every open case; each finishes with exactly one advance per agreement', async () => {
    first = await startSystem(dataDir);
    const ctx1 = first.ctx;
    const held = new Set<string>();
    holdReserve(first.runtime.host, first.runtime.topology.functions, held);

    // already closed before the restart: must not be re-driven nor paid again
    const closedBefore = async () => {
      const t = await fileCase(ctx1, 'contract_all_current');
      await approveAtVillage(ctx1, t);
      await signCash(ctx1, t);
      // who pays (wave 2): the collective, not the fund — the land-leg driver records and confirms
      await finishLandLeg(ctx1, demoHousehold(t.scenario), t.caseId, T);
      await (await user(ctx1, applicantOf(demoHousehold(t.scenario)))).waitForStatus(t.caseId, 'closed', T);
      return t;
    };
    const atVillageReview = async () => {
      const t = await fileCase(ctx1, 'cash');
      await (await user(ctx1, reviewerOf(demoHousehold('cash')))).waitForTask(
        t.caseId,
        'village_review',
        'village_review',
        { timeoutMs: T },
      );
      return t;
    };
    const atResubmission = async () => {
      const t = await fileCase(ctx1, 'returned_then_resubmitted');
      const rv = await user(ctx1, reviewerOf(demoHousehold(t.scenario)));
      await rv.waitForTask(t.caseId, 'village_review', 'village_review', { timeoutMs: T });
      await rv.review(t.caseId, {
        decision: 'return',
        reasons: ['请补充材料 / more documents'],
        resolution: resolution(),
      });
      await (await user(ctx1, applicantOf(demoHousehold(t.scenario)))).waitForTask(
        t.caseId,
        'returned',
        'resubmission',
        { timeoutMs: T },
      );
      return t;
    };
    const atChoice = async () => {
      const t = await fileCase(ctx1, 'business_licence');
      await approveAtVillage(ctx1, t);
      await throughTownAndDistrict(ctx1, t);
      await (await user(ctx1, applicantOf(demoHousehold(t.scenario)))).waitForTask(
        t.caseId,
        'offers',
        'resettlement_choice',
        { timeoutMs: T },
      );
      return t;
    };
    // contract land is the collective's to pay: it waits for the village's record of the payment
    const atCollectivePayment = async () => {
      const t = await fileCase(ctx1, 'contract_partial_permanent');
      await approveAtVillage(ctx1, t);
      await signCash(ctx1, t);
      await (await user(ctx1, reviewerOf(demoHousehold(t.scenario)))).waitForTask(
        t.caseId,
        'paying',
        'collective_payment',
        { timeoutMs: T },
      );
      return t;
    };
    const atFundReviewHalfApproved = async () => {
      const t = await fileCase(ctx1, 'four_eyes');
      await approveAtVillage(ctx1, t);
      await signCash(ctx1, t);
      const r = await approveAdvance(ctx1, t, 'a');
      expect(r.advance).toMatchObject({ status: 'pending_approval', requiredApprovals: 2 });
      return t;
    };
    const atAwaitingFunds = async () => {
      const t = await fileCase(ctx1, 'shortfall');
      await approveAtVillage(ctx1, t);
      await signCash(ctx1, t);
      const r = await approveAdvance(ctx1, t);
      expect(r.status).toBe('awaiting_funds');
      return t;
    };
    const justDisbursed = async () => {
      const t = await fileCase(ctx1, 'spare_1');
      held.add(t.caseId);
      await approveAtVillage(ctx1, t);
      await signCash(ctx1, t);
      const r = await approveAdvance(ctx1, t);
      expect(r.status).toBe('disbursed');
      return t;
    };

    const [closed, ...open] = await Promise.all([
      closedBefore(),
      atVillageReview(),
      atResubmission(),
      atChoice(),
      atCollectivePayment(),
      atFundReviewHalfApproved(),
      atAwaitingFunds(),
      justDisbursed(),
    ]);
    const auditorFor = (t: Tracked, ctx: DemoContext) =>
      user(ctx, `auditor-${districtOf(demoHousehold(t.scenario))}`);
    for (const t of open) t.stoppedIn = (await (await auditorFor(t, ctx1)).getCase(t.caseId)).status;
    expect(Object.fromEntries(open.map((t) => [t.scenario, t.stoppedIn]))).toEqual({
      cash: 'village_review',
      returned_then_resubmitted: 'returned',
      business_licence: 'offers',
      contract_partial_permanent: 'paying',
      four_eyes: 'fund_review',
      shortfall: 'awaiting_funds',
      spare_1: 'disbursed',
    });

    await first.runtime.stop();
    first = undefined;
    const restartedAt = new Date().toISOString();
    second = await startSystem(dataDir);
    const ctx = second.ctx;

    expect(second.runtime.redriven).toEqual(expect.arrayContaining(open.map((t) => t.caseId)));
    expect(second.runtime.redriven).not.toContain(closed.caseId);

    const [villageCase, returnedCase, choiceCase, payingCase, fourEyesCase, queuedCase, paidCase] = open as [
      Tracked,
      Tracked,
      Tracked,
      Tracked,
      Tracked,
      Tracked,
      Tracked,
    ];
    await Promise.all([
      (async () => {
        await approveAtVillage(ctx, villageCase, restartedAt);
        await signCash(ctx, villageCase);
        await approveAdvance(ctx, villageCase);
      })(),
      (async () => {
        const me = await user(ctx, applicantOf(demoHousehold(returnedCase.scenario)));
        await me.waitForTask(returnedCase.caseId, 'returned', 'resubmission', {
          timeoutMs: T,
          registeredSince: restartedAt,
        });
        await me.submit(returnedCase.caseId);
        await approveAtVillage(ctx, returnedCase);
        await signCash(ctx, returnedCase);
        await approveAdvance(ctx, returnedCase);
      })(),
      (async () => {
        await signCash(ctx, choiceCase, restartedAt);
        await approveAdvance(ctx, choiceCase);
      })(),
      // the collective's payment step was re-registered after the restart: the village records it
      (await user(ctx, reviewerOf(demoHousehold(payingCase.scenario)))).waitForTask(
        payingCase.caseId,
        'paying',
        'collective_payment',
        { timeoutMs: T, registeredSince: restartedAt },
      ),
      (async () => {
        // the first approval survived the restart: the second administrator's pays
        const r = await approveAdvance(ctx, fourEyesCase, 'b', restartedAt);
        expect(r.advance.approvals.map((a) => a.adminId)).toEqual(['fund-370303-a', 'fund-370303-b']);
        expect(r.status).toBe('disbursed');
      })(),
      (async () => {
        const f = await fundSession(ctx, queuedCase);
        await f.waitForTask(queuedCase.caseId, 'awaiting_funds', 'fund_review', {
          timeoutMs: T,
          registeredSince: restartedAt,
        });
        const fund = await f.fund();
        expect(fund.queueLength).toBe(1);
        const rep = await f.replenish({
          source: 'appropriation',
          amountFen: 5_000_000,
          reference: 'RESTART-TEST-APPROPRIATION',
        });
        expect(rep.paidAdvances.map((p) => p.caseId)).toEqual([queuedCase.caseId]);
      })(),
    ]);

    const everyCase = [closed, ...open];
    // the land leg after the payment (wave 2), then closed
    const finals = await Promise.all(
      everyCase.map(async (t) => {
        await finishLandLeg(ctx, demoHousehold(t.scenario), t.caseId, T);
        return (await auditorFor(t, ctx)).waitForStatus(t.caseId, 'closed', T);
      }),
    );
    expect(finals.map((c) => c.status)).toEqual(everyCase.map(() => 'closed'));
    // the case caught between payment and reserve went on from `disbursed` without a second payment
    const paid = finals[everyCase.indexOf(paidCase)];
    expect(paid?.timeline.filter((t) => t.status === 'disbursed').map((t) => t.actor)).toEqual([
      'fund-370302-a',
    ]);
    expect(paid?.timeline.find((t) => t.status === 'vacating')?.at.localeCompare(restartedAt)).toBe(1);

    // exactly one advance per (agreement, tranche of its payment schedule), the id derived from both,
    // together the payable amount; none for contract land, which the collective paid (each tranche
    // recorded once and confirmed)
    for (const c of finals) {
      expect(c.agreement?.payableFen).toBeGreaterThan(0);
      const ledger = await (await user(ctx, fundAdmin(c.districtCode))).ledger();
      const advances = ledger.filter((e) => e.kind === 'advance' && e.caseId === c.caseId);
      if (c.type === 'contract_land_exit') {
        expect(advances, c.caseId).toEqual([]);
        expect(c.paymentSchedule.map((t) => [t.payer, t.status])).toEqual([
          ['collective', 'confirmed'],
          ['collective', 'confirmed'],
        ]);
        continue;
      }
      expect(advances.map((e) => e.entryId).sort(), c.caseId).toEqual(
        c.paymentSchedule.map((t) => `ADV-${c.agreement?.agreementId}-T${t.tranche}`),
      );
      expect(advances.reduce((sum, e) => sum + e.amountFen, 0)).toBe(c.agreement?.payableFen);
      expect(c.paymentSchedule.every((t) => t.status === 'paid')).toBe(true);
    }
    // and every fund: balance = Σ ledger, reconciled by GET /fund
    const districts = [...new Set(finals.map((c) => c.districtCode))];
    for (const district of districts) {
      const check = await checkFund(ctx, district);
      expect(check.problems, district).toEqual([]);
      const f = await user(ctx, fundAdmin(district));
      const [fund, ledger] = await Promise.all([f.fund(), f.ledger()]);
      const sum = ledger.reduce((s, e) => s + cashEffectFen(e), 0);
      expect(fund.balanceFen).toBe(sum);
      expect(fund.reconciled).toEqual({ entriesSumFen: sum, matches: true });
      expect(fund.queueLength).toBe(0);
      // one advance per tranche the fund pays; the collective's tranches are in no ledger
      expect(ledger.filter((e) => e.kind === 'advance')).toHaveLength(
        finals
          .filter((c) => c.districtCode === district)
          .reduce((n, c) => n + c.paymentSchedule.filter((t) => t.payer === 'fund').length, 0),
      );
    }
    if (second.api.anomalies.length > 0 || ctx1.api.anomalies.length > 0) {
      console.warn(
        'server errors on calls that took effect:',
        JSON.stringify([...ctx1.api.anomalies, ...second.api.anomalies]),
      );
    }
  }, 240_000);
});
