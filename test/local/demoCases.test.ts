import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type CaseView } from '../../local/demo/client.js';
import { statusPath } from '../../local/demo/scenarios.js';
import {
  RUNTIME_PHASES,
  type Runtime,
  type RuntimeProgress,
  startRuntime,
} from '../../local/runtime/runtime.js';
import {
  actorOf,
  type DemoCaseStep,
  deciderOf,
  WAITING_CASES,
  waitsAfterRedrive,
} from '../../local/seed/demoCases.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES, type Scenario } from '../../local/seed/demoData.js';
import { EQUITY_SHARES_ASKED, EQUITY_VILLAGE, isEquityScenario } from '../../local/seed/demoEquity.js';
import { keys } from '../../shared/adapters/keys.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { getItem } from '../../shared/adapters/table/dynamo.js';
import { REVIEW_STEPS } from '../../shared/domain/model/case.js';
import { makeDataDir, removeDataDir } from '../e2e/harness.js';

/**
 * `npm start`'s demo cases: the first start of a fresh data directory puts a homestead case waiting at
 * each review step (村 → 镇 → 区) and an equity exit at each main step of its path (the three reviews, the
 * offers, signed with the cooling-off over), written through the product's commands; the re-drive on
 * start gives each its execution, which registers the waiting step (the signed one's finds the
 * cooling-off over and opens the collective's payment); each actor finds theirs in their queue; a second
 * start of the same directory adds none.
 */
const T = 60_000;
const CHAIN: DemoCaseStep[] = [...REVIEW_STEPS, 'offers', 'cooling_off'];
// 东坪村's share value × the shares each demo equity case gives up: 12 × 850.00 元 = 10 200.00 元
const EQUITY_FEN = 1_020_000;

let dataDir: string | undefined;
let startedAt = '';
let runtime: Runtime | undefined;
const byScenario = new Map<Scenario, CaseView>();

// each start's progress reports (issue 18 item 7: what `npm start` prints)
const progress: RuntimeProgress[][] = [];
const start = async (dir: string) => {
  const reports: RuntimeProgress[] = [];
  progress.push(reports);
  return startRuntime({
    port: 0,
    dataDir: dir,
    fastWaits: true,
    demoCases: true,
    onProgress: (p) => reports.push(p),
  });
};

function waiting(scenario: Scenario) {
  const w = WAITING_CASES.find((x) => x.scenario === scenario);
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === scenario);
  const village = DEMO_VILLAGES.find((v) => v.villageCode === d?.record.villageCode);
  if (!w || !d || !village) throw new Error(`no demo household for ${scenario}`);
  return {
    step: w.step,
    d,
    village,
    actor: actorOf(w.step, village, d.record.householdId),
    ...waitsAfterRedrive(w.step),
  };
}

function system(): { runtime: Runtime; api: ApiClient } {
  if (!runtime) throw new Error('the runtime did not start');
  return { runtime, api: new ApiClient(runtime.url) };
}

beforeAll(async () => {
  dataDir = await makeDataDir();
  startedAt = new Date().toISOString();
  runtime = await start(dataDir);
}, 240_000);

afterAll(async () => {
  await runtime?.stop();
  await removeDataDir(dataDir);
}, 120_000);

describe('the demo cases of npm start', () => {
  it('are a homestead case at each review step and an equity exit at each main step', () => {
    const at = (equity: boolean) =>
      WAITING_CASES.filter((w) => isEquityScenario(w.scenario) === equity).map((w) => w.step);
    expect(at(false)).toEqual([...REVIEW_STEPS]);
    expect(at(true)).toEqual(CHAIN);
  });

  it('wait where they were left, each with its task registered by the re-drive', async () => {
    const { runtime: rt, api } = system();
    for (const { scenario } of WAITING_CASES) {
      const { step, d, village, actor, status, task } = waiting(scenario);
      const mine = (await (await api.login(`applicant-${d.record.householdId}`)).listCases()).items;
      expect(
        mine.map((c) => c.status),
        scenario,
      ).toHaveLength(1);
      const caseId = mine[0]?.caseId ?? '';
      expect(rt.redriven).toContain(caseId);
      // the actor reads it, waiting: the re-drive's execution resumed at the status and registered the step
      const c = await (await api.login(actor)).waitForTask(caseId, status, task, { timeoutMs: T });
      byScenario.set(scenario, c);
      expect(c.pendingTask?.kind).toBe(task);
      // its deadline counts from the registration at the re-drive, not from the dated-back history
      expect(Date.parse(c.pendingTask?.dueAt ?? '')).toBeGreaterThan(Date.parse(startedAt));
      const stored = await getCase(caseId);
      expect(stored?.pendingToken?.status).toBe(status);

      // a real history: the rules' findings, the land held, the decisions of the steps before
      expect(c.findings.length).toBeGreaterThan(0);
      expect(c.findings.every((f) => f.passed)).toBe(true);
      expect(c.rightsCheck?.passed).toBe(true);
      const equity = isEquityScenario(scenario);
      expect(c.type).toBe(equity ? 'equity_exit' : 'homestead_exit');
      // a homestead case holds its parcel; an equity exit holds no land
      expect((stored?.case.landClaims?.length ?? 0) > 0).toBe(!equity);
      const before = REVIEW_STEPS.filter((s) => CHAIN.indexOf(s) < CHAIN.indexOf(step));
      expect(c.reviews.map((r) => [r.step, r.decision, r.reviewer])).toEqual(
        before.map((s) => [s, 'approve', deciderOf(s, village)]),
      );
      const statuses = c.timeline.map((t) => t.status);
      expect(statuses.slice(0, 4)).toEqual(['draft', 'submitted', 'eligibility', 'village_review']);
      if (step !== 'village_review') {
        expect(statuses).toContain('public_notice');
        expect(c.timeline.find((t) => t.action === 'notice.closed')?.status).toBe('town_review');
      }
      const times = c.timeline.map((t) => Date.parse(t.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  }, 240_000);

  it(
    'show the equity path: where the shares go, the price, the quota, the signature, the collective paying',
    async () => {
      const equity = (scenario: Scenario) => {
        const c = byScenario.get(scenario);
        if (!c) throw new Error(`${scenario} was not read`);
        return c;
      };
      // the village's approval says where the shares go; the village step waits for that decision
      expect(equity('waiting_equity_village').equity?.sharesGoTo).toBeUndefined();
      for (const s of ['waiting_equity_town', 'waiting_equity_district'] as const) {
        expect(equity(s).equity).toMatchObject({
          shares: EQUITY_SHARES_ASKED,
          sharesGoTo: 'collective_share',
        });
        expect(equity(s).offers).toEqual([]);
      }
      // the district's approval priced the one cash offer at the share value and took the quota
      const years = new Map<number, number>();
      for (const s of ['waiting_equity_offers', 'waiting_equity_payment'] as const) {
        const c = equity(s);
        expect(c.offers).toEqual([
          expect.objectContaining({
            option: 'cash',
            amountFen: EQUITY_FEN,
            breakdown: expect.objectContaining({ sharesFen: EQUITY_FEN, premiumFen: 0, rewardFen: 0 }),
          }),
        ]);
        expect(c.equity).toMatchObject({
          shares: EQUITY_SHARES_ASKED,
          sharesGoTo: 'collective_share',
          shareValueFen: EQUITY_VILLAGE.shareValueFen,
        });
        const year = c.equity?.redemptionYear ?? 0;
        years.set(year, (years.get(year) ?? 0) + EQUITY_SHARES_ASKED);
      }
      for (const [year, shares] of years) {
        const counter = await getItem(keys.redemption(EQUITY_VILLAGE.villageCode, year));
        expect(counter?.redeemedShares).toBe(shares);
      }
      expect(equity('waiting_equity_offers').agreement).toBeUndefined();
      // signed, the cooling-off over before the start, and the collective's one tranche due
      const paying = equity('waiting_equity_payment');
      expect(paying.agreement).toMatchObject({
        option: 'cash',
        amountFen: EQUITY_FEN,
        payableFen: EQUITY_FEN,
      });
      expect(Date.parse(paying.coolingOffEndsAt ?? '')).toBeLessThan(Date.parse(startedAt));
      expect(statusPath(paying).slice(-5)).toEqual([
        'district_approval',
        'offers',
        'agreement_signed',
        'cooling_off',
        'paying',
      ]);
      expect(
        paying.paymentSchedule.map((t) => [t.tranche, t.sharePct, t.amountFen, t.payer, t.status]),
      ).toEqual([[1, 100, EQUITY_FEN, 'collective', 'payable']]);
      expect(paying.advance).toBeUndefined();
    },
    T,
  );

  it(
    'are in their actors’ queues: reviewers, the household at the offers, the village’s clerk to pay',
    async () => {
      const { api } = system();
      for (const { scenario } of WAITING_CASES) {
        const { actor, status } = waiting(scenario);
        const queue = await (await api.login(actor)).listCases({ status, limit: 100 });
        expect(
          queue.items.map((c) => c.caseId),
          scenario,
        ).toContain(byScenario.get(scenario)?.caseId);
      }
    },
    T,
  );

  it('are seeded once: a second start of the same data adds none', async () => {
    const { runtime: first } = system();
    const district = waiting('waiting_village').village.districtCode;
    const auditor = `auditor-${district}`;
    const before = (await (await new ApiClient(first.url).login(auditor)).listCases({ limit: 100 })).items;
    expect(before.map((c) => c.caseId).sort()).toEqual([...byScenario.values()].map((c) => c.caseId).sort());
    await first.stop();
    runtime = undefined;
    if (!dataDir) throw new Error('no data directory');
    runtime = await start(dataDir);
    const after = (await (await system().api.login(auditor)).listCases({ limit: 100 })).items;
    expect(after.map((c) => c.caseId).sort()).toEqual(before.map((c) => c.caseId).sort());
    expect([...runtime.redriven].sort()).toEqual(before.map((c) => c.caseId).sort());
    // the second start says it kept the data and how many cases it re-drove
    const done = (phase: string) => progress[1]?.find((p) => p.phase === phase && p.state === 'done');
    expect(done('seed')?.detail).toBe('kept');
    expect(done('redrive')?.detail).toBe(String(before.length));
  }, 240_000);
});

describe('the progress of a start (npm start prints it)', () => {
  it('reports every phase, each begun then done, in order, then ready with the whole time', () => {
    const first = progress[0] ?? [];
    expect(first.map((p) => `${p.phase}:${p.state}`)).toEqual([
      ...RUNTIME_PHASES.filter((p) => p !== 'ready').flatMap((p) => [`${p}:start`, `${p}:done`]),
      'ready:done',
    ]);
    const elapsed = first.map((p) => p.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    expect(first.find((p) => p.phase === 'seed' && p.state === 'done')?.detail).toBe('seeded');
    // this file's DynamoDB Local is its own (no shared endpoint): started, not borrowed
    expect(first.find((p) => p.phase === 'dynamodb' && p.state === 'done')?.detail).toBeUndefined();
    const ready = first.at(-1);
    expect(ready?.tookMs).toBeGreaterThan(0);
    expect(ready?.tookMs).toBeGreaterThanOrEqual(
      first.filter((p) => p.state === 'done' && p.phase !== 'ready').reduce((t, p) => t + (p.tookMs ?? 0), 0),
    );
  });
});
