import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntryView } from '../../local/demo/client.js';
import {
  as,
  CORE_DRIVERS,
  checkFund,
  DEMO_DISTRICTS,
  demoHousehold,
  type ScenarioResult,
} from '../../local/demo/scenarios.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import type { Tranche } from '../../shared/domain/model/tranche.js';
import { type E2eSystem, offerYear, removeDataDir, startDrivers, startSystem } from './harness.js';

/**
 * Every path of the case life cycle over HTTP against one local runtime: the demo's drivers play the
 * parties, the tests check what each path must show. The drivers start together in beforeAll (at most
 * CONCURRENCY at once) and each test waits for its own.
 */
const CONCURRENCY = 6;
const WAIT = 240_000;

let sys: E2eSystem | undefined;
let results = new Map<string, Promise<ScenarioResult>>();

beforeAll(async () => {
  sys = await startSystem();
  results = startDrivers(sys.ctx, CORE_DRIVERS, CONCURRENCY);
}, 120_000);

afterAll(async () => {
  // let every driver finish before the system goes away, whatever the tests did
  await Promise.allSettled(results.values());
  if (sys?.api.anomalies.length) {
    console.warn('server errors on calls that took effect:', JSON.stringify(sys.api.anomalies, null, 1));
  }
  await sys?.runtime.stop();
  await removeDataDir(sys?.dataDir);
}, 120_000);

function system(): E2eSystem {
  if (!sys) throw new Error('the system did not start');
  return sys;
}

async function result(name: string): Promise<ScenarioResult> {
  const r = await results.get(name);
  if (!r) throw new Error(`no driver ${name}`);
  expect(r.problems, `${name}: ${r.problems.join('; ')}`).toEqual([]);
  return r;
}

/** The whole ledger of a district, newest first. */
async function ledgerOf(district: string): Promise<LedgerEntryView[]> {
  return (await as(system().ctx, `fund-${district}-a`)).ledger();
}

async function caseEntries(r: ScenarioResult): Promise<LedgerEntryView[]> {
  if (!r.district || !r.caseId) throw new Error('no case');
  return (await ledgerOf(r.district)).filter((e) => e.caseId === r.caseId);
}

/**
 * The ledger of a closed case: one advance per tranche of its payment schedule (分期支付), each with the id
 * derived from the agreement and the tranche and the tranche's amount, together the payable amount.
 */
async function expectOneAdvance(r: ScenarioResult, amountFen: number) {
  const entries = (await caseEntries(r)).sort((a, b) => a.entryId.localeCompare(b.entryId));
  const schedule = paymentSchedule(r.case?.type ?? 'homestead_exit', amountFen);
  expect(entries.map((e) => [e.entryId, e.kind, e.amountFen, e.caseId, e.credit])).toEqual(
    schedule.map((t) => [
      `ADV-${r.agreementId}-T${t.tranche}`,
      'advance',
      t.amountFen,
      r.caseId,
      'fund_cash',
    ]),
  );
  expect(entries.reduce((sum, e) => sum + e.amountFen, 0)).toBe(amountFen);
  expect(r.case?.paymentSchedule.map((t) => [t.amountFen, t.status])).toEqual(
    schedule.map((t) => [t.amountFen, 'paid']),
  );
  expect(r.case?.advance).toMatchObject({ status: 'paid', amountFen });
  return entries[0] as LedgerEntryView;
}

/**
 * Who pays (wave 2): a case the collective pays has every tranche recorded by the village and confirmed by
 * the household, no fund review and no advance, and not one entry in the special fund's ledger.
 */
async function expectPaidByCollective(r: ScenarioResult, amountFen: number) {
  expect(await caseEntries(r)).toEqual([]);
  const schedule = paymentSchedule(r.case?.type ?? 'contract_land_exit', amountFen);
  expect(r.case?.paymentSchedule.map((t) => [t.tranche, t.amountFen, t.payer, t.status])).toEqual(
    schedule.map((t) => [t.tranche, t.amountFen, 'collective', 'confirmed']),
  );
  for (const t of r.case?.paymentSchedule ?? []) {
    expect(t.paymentId).toBe(`COL-${r.agreementId}-T${t.tranche}`);
    expect(t.bankReference).toBeTruthy();
  }
  expect(r.case?.advance).toBeUndefined();
  expect(r.path).not.toContain('fund_review');
}

const FULL_PATH = [
  'draft',
  'submitted',
  'eligibility',
  'village_review',
  'public_notice',
  'town_review',
  'district_approval',
  'offers',
  'agreement_signed',
  // the signature starts the cooling-off (冷静期, wave 2); the fund review opens when it ends
  'cooling_off',
  'fund_review',
  'disbursed',
  // the land leg (wave 2): 腾退 → 处置/复垦验收 → 注销登记
  'vacating',
  'disposing',
  'cancelling',
  'closed',
];

describe('resettlement options', () => {
  it(
    'cash: H-370302-0001 is offered exactly the fen computed by hand and paid once',
    async () => {
      const r = await result('cash');
      // By hand from DOMAIN.md's illustrative parameters. 东坪村 is tier 2: land 300 元/m2, excess 22 %.
      //   land within the 200 m2 standard: 200 × 300.00           =  60 000.00 元 =  6 000 000 fen
      //   land beyond it:                  20 × 300.00 × 22 %     =   1 320.00 元 =    132 000 fen
      //   building (brick_concrete 800 元/m2, built 2006, offer year 2026, age 20, newness 1 − 20 × 2 % = 60 %):
      //                                    154 × 800.00 × 0.60    =  73 920.00 元 =  7 392 000 fen
      //   one well:                        1 × 1 500.00           =   1 500.00 元 =    150 000 fen
      //   base                                                    = 136 740.00 元 = 13 674 000 fen
      //   cash premium 10 %:               13 674 000 × 10 %                      =  1 367 400 fen
      //   early-exit reward 5 % (signed within 90 days):          13 674 000 × 5 % =   683 700 fen
      //   cash offer = base + premium + reward                                    = 15 725 100 fen
      // Each later offer year costs the building 154 × 800 × 2 % = 2 464 元 = 246 400 fen of newness
      // (until the 40 % floor in 2036), i.e. 246 400 × 1.15 = 283 360 fen of the cash offer.
      const k = offerYear(r) - 2026;
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(10);
      const cash = r.case?.offers.find((o) => o.option === 'cash');
      expect(cash?.breakdown).toEqual({
        landFen: 6_132_000,
        buildingFen: 7_392_000 - 246_400 * k,
        attachmentsFen: 150_000,
        premiumFen: 1_367_400 - 24_640 * k,
        rewardFen: 683_700 - 12_320 * k,
      });
      expect(cash?.amountFen).toBe(15_725_100 - 283_360 * k);
      expect(cash?.amountWithoutRewardFen).toBe(15_041_400 - 271_040 * k);
      expect(r.offerFen).toBe(15_725_100 - 283_360 * k);
      expect(r.case?.offers.map((o) => o.option).sort()).toEqual(['cash', 'town_housing', 'urban_housing']);
      expect(r.case?.agreement).toMatchObject({
        option: 'cash',
        amountFen: 15_725_100 - 283_360 * k,
        payableFen: 15_725_100 - 283_360 * k,
        rewardIncluded: true,
        surrendered: [{ right: 'homestead_use', items: ['P101'] }],
      });
      expect(r.case?.parametersVersion).toBe('370302-2020-01');
      expect(r.failedRules).toEqual([]);
      expect(r.case?.findings.map((f) => f.ruleId)).toEqual(
        expect.arrayContaining(['H-VOLUNTARY', 'H-LEGAL', 'H-QUALIFIED', 'H-UNENCUMBERED', 'H-NO-DUPLICATE']),
      );
      expect(r.path).toEqual(FULL_PATH);
      await expectOneAdvance(r, 15_725_100 - 283_360 * k);
      // the household can no longer withdraw once the agreement is signed
      expect(r.observations.withdrawAfterAgreement).toBe(409);
    },
    WAIT,
  );

  it(
    'cash: the timeline is the audit trail an auditor of the district reads',
    async () => {
      const r = await result('cash');
      const auditor = await as(system().ctx, 'auditor-370302');
      const c = await auditor.getCase(r.caseId as string);
      const by = (status: string) => c.timeline.filter((t) => t.status === status).map((t) => t.actor);
      expect(by('draft')).toEqual(['applicant-H-370302-0001']);
      expect(by('submitted')).toEqual(['applicant-H-370302-0001']);
      expect(by('eligibility')).toEqual(['system:workflow']);
      expect(by('public_notice')).toEqual(['reviewer-370302101201']);
      expect(by('agreement_signed')).toEqual(['applicant-H-370302-0001']);
      expect(by('disbursed')).toEqual(['fund-370302-a']);
      // the land leg (wave 2): the village's clerk, the land officer, the registrar whose cancellation closes it
      // (each step's first entry is the move; the workflow's waits and any escalations follow)
      expect(by('disposing')[0]).toBe('village-clerk-370302101201');
      expect(by('cancelling')[0]).toBe('land-officer-370302');
      expect(by('closed')).toEqual(['registrar']);
      for (const t of c.timeline) {
        expect(Number.isNaN(Date.parse(t.at))).toBe(false);
        expect(t.note.length).toBeGreaterThan(0);
      }
      const times = c.timeline.map((t) => Date.parse(t.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      // the auditor reads the same ledger as the administrator, entry for entry (once nothing moves)
      await Promise.all(results.values());
      const theirs = await auditor.ledger();
      expect(theirs.map((e) => e.entryId)).toEqual((await ledgerOf('370302')).map((e) => e.entryId));
      // and cannot act on the fund
      const refused = await auditor.raw('POST', '/fund/replenishments', {
        body: { source: 'appropriation', amountFen: 100, reference: 'AUDITOR-TRY' },
      });
      expect(refused.status).toBe(403);
    },
    WAIT,
  );

  it(
    'urban housing: 4 members are entitled to 140 m2 at 4 500 元/m2; the household owes the balance, nothing is advanced',
    async () => {
      const r = await result('urban_housing');
      const k = offerYear(r) - 2026;
      // 马尚村, tier 1: land 200 × 500 + 60 × 500 × 22 % = 106 600 元; building 182 m2 × 800 × 60 % (2026)
      // = 87 360 元, 291 200 fen less each later year; one well 1 500 元; reward 5 % of the base.
      const base = 10_660_000 + (8_736_000 - 291_200 * k) + 150_000;
      const reward = base / 20;
      const urban = r.case?.offers.find((o) => o.option === 'urban_housing');
      expect(urban).toMatchObject({
        entitledAreaM2: 140, // min(4 × 35, 140)
        priceFen: 63_000_000, // 140 × 4 500.00 元
        amountFen: base + reward,
        balanceFen: base + reward - 63_000_000,
      });
      expect(urban?.breakdown.premiumFen).toBe(0);
      expect(r.case?.agreement).toMatchObject({ option: 'urban_housing', payableFen: 0 });
      expect(r.case?.agreement?.balanceFen).toBeLessThan(0);
      expect(r.case?.advance).toMatchObject({ status: 'paid', amountFen: 0 });
      expect(await caseEntries(r)).toEqual([]);
      expect(r.finalStatus).toBe('closed');
    },
    WAIT,
  );

  it(
    'town housing: 3 members are entitled to 105 m2 at 3 200 元/m2; nothing is advanced',
    async () => {
      const r = await result('town_housing');
      const town = r.case?.offers.find((o) => o.option === 'town_housing');
      expect(town).toMatchObject({ entitledAreaM2: 105, priceFen: 33_600_000 });
      expect(town?.balanceFen).toBe((town?.amountFen ?? 0) - 33_600_000);
      expect(r.case?.agreement).toMatchObject({ option: 'town_housing', payableFen: 0 });
      expect(await caseEntries(r)).toEqual([]);
      expect(r.path).toEqual(FULL_PATH);
    },
    WAIT,
  );

  it(
    'town housing with a balance in the household’s favour: the balance is advanced once',
    async () => {
      const r = await result('town_housing_balance');
      const k = offerYear(r) - 2026;
      // the same parcel as the cash household (base 13 674 000 fen in 2026) with one member: 35 m2 ×
      // 3 200 元 = 11 200 000 fen; compensation = base + reward = 14 357 700 fen (258 720 less a year)
      const amount = 14_357_700 - 258_720 * k;
      expect(r.case?.offers.find((o) => o.option === 'town_housing')).toMatchObject({
        entitledAreaM2: 35,
        priceFen: 11_200_000,
        amountFen: amount,
        balanceFen: amount - 11_200_000,
      });
      expect(r.payableFen).toBe(amount - 11_200_000);
      await expectOneAdvance(r, amount - 11_200_000);
    },
    WAIT,
  );
});

describe('turned away by the rules', () => {
  it(
    'not qualified: ineligible under H-QUALIFIED; one appeal re-assesses, a second is refused',
    async () => {
      const r = await result('not_qualified');
      expect(r.finalStatus).toBe('ineligible');
      expect(r.failedRules).toEqual(['H-QUALIFIED']);
      const f = r.case?.findings.find((x) => x.ruleId === 'H-QUALIFIED');
      expect(f).toMatchObject({ passed: false, clause: '二(二)3' });
      expect(f?.messageZh.length).toBeGreaterThan(0);
      expect(f?.messageEn.length).toBeGreaterThan(0);
      expect(r.case?.appeals).toHaveLength(1);
      expect(r.observations.secondAppeal).toBe(409);
      expect(r.case?.offers).toEqual([]);
      expect(await caseEntries(r)).toEqual([]);
    },
    WAIT,
  );

  it(
    'illegal occupation: ineligible under H-LEGAL, the parcel is never recognised',
    async () => {
      const r = await result('illegal_occupation');
      expect(r.finalStatus).toBe('ineligible');
      expect(r.failedRules).toEqual(['H-LEGAL']);
      expect(r.case?.findings.find((x) => x.ruleId === 'H-LEGAL')?.clause).toBe('二(二)2');
      expect(r.path).toEqual(['draft', 'submitted', 'eligibility', 'ineligible']);
    },
    WAIT,
  );

  it(
    'contract land without stable non-farm income: ineligible under C-NONFARM',
    async () => {
      const r = await result('contract_no_nonfarm');
      expect(r.finalStatus).toBe('ineligible');
      expect(r.failedRules).toEqual(['C-NONFARM']);
      expect(r.case?.type).toBe('contract_land_exit');
    },
    WAIT,
  );

  it(
    'rights blocked: 南麻村’s terms would take the contract land too, so the homestead exit is blocked',
    async () => {
      const r = await result('rights_blocked');
      expect(r.finalStatus).toBe('rights_blocked');
      expect(r.failedRules).toEqual([]);
      expect(r.case?.rightsCheck?.passed).toBe(false);
      expect(r.case?.rightsCheck?.violations.map((v) => v.right)).toEqual(['contract_land']);
      expect(r.case?.offers).toEqual([]);
      expect(r.case?.village).toBe(demoHousehold('rights_blocked').record.villageCode);
    },
    WAIT,
  );
});

describe('village review', () => {
  it(
    'returned for correction, resubmitted, re-assessed and approved',
    async () => {
      const r = await result('returned_then_resubmitted');
      expect(r.path).toEqual([
        'draft',
        'submitted',
        'eligibility',
        'village_review',
        'returned',
        'resubmitted',
        'eligibility',
        'village_review',
        ...FULL_PATH.slice(4),
      ]);
      expect(r.case?.reviews.map((x) => [x.step, x.decision])).toEqual([
        ['village_review', 'return'],
        ['village_review', 'approve'],
        ['town_review', 'approve'],
        ['district_approval', 'approve'],
      ]);
      expect(r.case?.reviews[0]?.reasons).toEqual(['请补充房屋测绘报告 / please add the building survey']);
      await expectOneAdvance(r, r.payableFen as number);
    },
    WAIT,
  );

  it(
    'withdrawn during village review: the execution ends and the reviewer can no longer decide',
    async () => {
      const r = await result('withdrawn');
      expect(r.finalStatus).toBe('withdrawn');
      expect(r.path).toEqual(['draft', 'submitted', 'eligibility', 'village_review', 'withdrawn']);
      expect(r.case?.timeline.at(-1)?.actor).toBe('applicant-H-370302-0005');
      expect(r.case?.pendingTask).toBeUndefined();
      expect(r.observations.reviewAfterWithdrawal).toBe(409);
      expect(await caseEntries(r)).toEqual([]);
    },
    WAIT,
  );

  it(
    'an objection during the public notice sends the case back to review when the notice ends',
    async () => {
      const r = await result('objection');
      expect(r.path).toEqual([
        ...FULL_PATH.slice(0, 5),
        'village_review',
        'public_notice',
        ...FULL_PATH.slice(5),
      ]);
      expect(r.observations.objectionsAtSecondReview).toBe(1);
      expect(r.case?.objections).toHaveLength(1);
      expect(r.case?.objections[0]).toMatchObject({ by: 'applicant-H-370306-0016', resolved: true });
      expect(r.case?.reviews.map((x) => [x.step, x.decision])).toEqual([
        ['village_review', 'approve'],
        ['village_review', 'approve'],
        ['town_review', 'approve'],
        ['district_approval', 'approve'],
      ]);
      await expectOneAdvance(r, r.payableFen as number);
    },
    WAIT,
  );
});

describe('the local runtime answers (issue 16)', () => {
  it('says nosniff on every answer: the portal, the runtime itself, a handler, a problem before any handler', async () => {
    const base = sys?.runtime.url as string;
    const answers = await Promise.all([
      fetch(`${base}/`),
      fetch(`${base}/api/health`),
      fetch(`${base}/api/policy/parameters?district=370302`),
      fetch(`${base}/api/cases/C%E0%A4%A/review`, { method: 'POST', body: '{}' }),
    ]);
    // the last two carry no token: the authorizer answers before any handler or path check
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 401]);
    for (const r of answers) {
      await r.arrayBuffer();
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('the special fund', () => {
  it(
    'four eyes: one approval pays nothing, the same administrator twice pays nothing, the second pays once',
    async () => {
      const r = await result('four_eyes');
      const o = r.observations as Record<string, Record<string, unknown>>;
      expect(o.afterFirst).toEqual({
        status: 'fund_review',
        advanceStatus: 'pending_approval',
        requiredApprovals: 2,
        approvals: 1,
        entries: 0,
      });
      expect(o.afterSame).toEqual({
        status: 'fund_review',
        advanceStatus: 'pending_approval',
        approvals: 1,
        entries: 0,
      });
      expect(o.afterSecond).toEqual({
        status: 'disbursed',
        advanceStatus: 'paid',
        approvals: 2,
        repeatStatus: 'paid',
      });
      // 马尚村 tier 1, 600 m2 and a 420 m2 house built 2024: far above the ¥500 000 threshold
      expect(r.payableFen).toBeGreaterThan(50_000_000);
      expect(r.case?.advance?.approvals.map((a) => a.adminId)).toEqual(['fund-370303-a', 'fund-370303-b']);
      const entry = await expectOneAdvance(r, r.payableFen as number);
      expect(entry.actor).toBe('fund-370303-b');
    },
    WAIT,
  );

  it(
    'shortfall: Gaoqing’s ¥50 000 cannot cover the first tranche; it waits and a replenishment pays it (FIFO)',
    async () => {
      const r = await result('shortfall');
      const k = offerYear(r) - 2026;
      // 花沟村 tier 3: land 200 × 150 + 20 × 150 × 22 % = 30 660 元; building 73 920 元 (2026); well
      // 1 500 元: base 10 608 000 fen, cash = base × 1.15 = 12 199 200 fen; its first tranche (50 %,
      // 6 099 600 fen) > the seeded 5 000 000 fen
      const payable = 12_199_200 - 283_360 * k;
      expect(r.payableFen).toBe(payable);
      // … fund_review, then awaiting_funds until the replenishment pays it
      const fund = FULL_PATH.indexOf('fund_review') + 1;
      expect(r.path.filter((s) => s !== 'awaiting_funds')).toEqual(FULL_PATH);
      expect(r.path[fund]).toBe('awaiting_funds');
      const o = r.observations as {
        fundBefore: { balanceFen: number; queueLength: number; queuedFen: number };
        replenishment: {
          entryId: string;
          amountFen: number;
          paidAdvances: { caseId: string; entryId: string }[];
        };
        fundAfter: { balanceFen: number; queueLength: number; queuedFen: number };
        replenishedFen: number;
      };
      const [first, second, last] = paymentSchedule('homestead_exit', payable) as [Tranche, Tranche, Tranche];
      expect(o.fundBefore).toMatchObject({
        balanceFen: 5_000_000,
        queueLength: 1,
        queuedFen: first.amountFen,
      });
      expect(o.replenishment.paidAdvances).toEqual([
        expect.objectContaining({ caseId: r.caseId, entryId: `ADV-${r.agreementId}-T1` }),
      ]);
      expect(o.fundAfter).toMatchObject({ queueLength: 0, queuedFen: 0 });
      // the ledger in the order it was written (seq): the seed appropriation, the replenishment, the
      // first tranche it paid; then each later tranche waited too and the demo's top-up paid it
      const ledger = [...(await ledgerOf('370322'))].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      expect(ledger.map((e) => [e.seq, e.kind, e.kind === 'advance' ? e.amountFen : 'top-up'])).toEqual([
        [1, 'replenishment', 'top-up'],
        [2, 'replenishment', 'top-up'],
        [3, 'advance', first.amountFen],
        [4, 'replenishment', 'top-up'],
        [5, 'advance', second.amountFen],
        [6, 'replenishment', 'top-up'],
        [7, 'advance', last.amountFen],
      ]);
      expect(ledger[0]?.amountFen).toBe(5_000_000);
      expect(ledger[1]?.entryId).toBe(o.replenishment.entryId);
      expect(ledger[2]?.balanceAfterFen).toBe(1_000_000);
      // every later tranche waited in the queue (awaiting_funds) before it was paid
      expect(r.path.filter((s) => s === 'awaiting_funds')).toHaveLength(3);
      await expectOneAdvance(r, payable);
    },
    WAIT,
  );
});

describe('contract land', () => {
  it(
    'all plots for the current term: rent × remaining years per plot, one advance',
    async () => {
      const r = await result('contract_all_current');
      const y = offerYear(r);
      // 东坪村 tier 2: 900 元/mu/year. C2401: 2.5 mu to 2057; C2402: 1.2345 mu to 2040. Offer year 2026:
      //   2.5 × 900.00 × 31      = 69 750.00 元 = 6 975 000 fen
      //   1.2345 × 900.00 × 14   = 15 554.70 元 = 1 555 470 fen      total 8 530 470 fen
      // each later year: −(2.5 + 1.2345) × 90 000 = −336 105 fen
      expect(y).toBeLessThan(2040);
      const k = y - 2026;
      const total = 8_530_470 - 336_105 * k;
      expect(r.case?.offers).toHaveLength(1);
      expect(r.case?.offers[0]).toMatchObject({
        option: 'cash',
        amountFen: total,
        breakdown: { landFen: total, buildingFen: 0, attachmentsFen: 0, premiumFen: 0, rewardFen: 0 },
      });
      expect(r.case?.agreement?.surrendered).toEqual([{ right: 'contract_land', items: ['C2401', 'C2402'] }]);
      await expectPaidByCollective(r, total);
      // 70 % when the cooling-off ends, then the handover, then 30 %
      expect(r.path.slice(-5)).toEqual(['cooling_off', 'paying', 'handing_over', 'paying', 'closed']);
    },
    WAIT,
  );

  it(
    'partial, permanent: only the plot named, for 30 years, exactly 9 000 000 fen',
    async () => {
      const r = await result('contract_partial_permanent');
      // 马尚村 tier 1: 1 000 元/mu/year; plot C2501 3 mu × 1 000.00 × 30 years = 90 000.00 元 = 9 000 000 fen
      expect(r.case?.offers).toHaveLength(1);
      expect(r.case?.offers[0]?.amountFen).toBe(9_000_000);
      expect(r.case?.agreement).toMatchObject({
        amountFen: 9_000_000,
        payableFen: 9_000_000,
        surrendered: [{ right: 'contract_land', items: ['C2501'] }],
      });
      await expectPaidByCollective(r, 9_000_000);
    },
    WAIT,
  );
});

describe('equity exit', () => {
  it(
    '12 of 20 shares at 850 元: priced by the district, paid in full by the collective, the fund untouched, the holding falls',
    async () => {
      const r = await result('equity_exit');
      // 东坪村's collective records 850.00 元 a share (latest audited net assets per share) and 2 000 shares
      // (so at most 5 % × 2 000 = 100 shares a year). The household holds 20 and gives up 12:
      //   12 × 850.00 元          = 10 200.00 元 = 1 020 000 fen
      //   equity premium 0 % (illustrative)      =         0 fen
      //   cash offer                             = 1 020 000 fen, paid 100 % when the cooling-off ends
      const shares = 12;
      const amount = 1_020_000;
      expect(shares * 85_000).toBe(amount);
      expect(r.case?.type).toBe('equity_exit');
      expect(r.case?.application).toMatchObject({ type: 'equity_exit', shares });
      expect(r.failedRules).toEqual([]);
      expect(r.case?.findings.map((f) => f.ruleId)).toEqual([
        'E-VOLUNTARY',
        'E-SETTLED',
        'E-SHARES',
        'E-NO-DUPLICATE',
        'E-PILOT',
      ]);
      // the review chain as for land, then the collective pays: no fund review, no land leg
      expect(r.path).toEqual([
        ...FULL_PATH.slice(0, FULL_PATH.indexOf('cooling_off') + 1),
        'paying',
        'closed',
      ]);
      expect(r.case?.offers).toHaveLength(1);
      expect(r.case?.offers[0]).toMatchObject({
        option: 'cash',
        amountFen: amount,
        breakdown: {
          landFen: 0,
          buildingFen: 0,
          attachmentsFen: 0,
          premiumFen: 0,
          rewardFen: 0,
          sharesFen: amount,
        },
      });
      expect(r.case?.agreement).toMatchObject({
        option: 'cash',
        amountFen: amount,
        payableFen: amount,
        surrendered: [{ right: 'equity_shares', items: [], shares }],
      });
      // the members' meeting sent the shares to the collective share; the district priced them at the
      // village's share value and took them from the year's redemption quota
      expect(r.case?.equity).toMatchObject({
        shares,
        sharesGoTo: 'collective_share',
        shareValueFen: 85_000,
        redemptionYear: offerYear(r),
      });
      expect(r.case?.equity?.sharesCancelledAt).toBeTruthy();
      expect(r.case?.paymentSchedule.map((t) => [t.tranche, t.milestone, t.sharePct])).toEqual([
        [1, 'cooling_off_ended', 100],
      ]);
      expect(r.case?.paymentSchedule[0]?.recordedBy).toBe('village-clerk-370302101201');
      await expectPaidByCollective(r, amount);
      // the special fund never saw it: no entry in any district's ledger names the case or its agreement
      for (const district of DEMO_DISTRICTS) {
        const named = (await ledgerOf(district)).filter(
          (e) => e.caseId === r.caseId || e.agreementId === r.agreementId,
        );
        expect(named, district).toEqual([]);
      }
      // the registry: the holding fell by the shares given up; every other right is as it was
      const d = demoHousehold('equity_exit');
      const registered = await (await as(system().ctx, 'registrar')).getHousehold(d.record.householdId);
      expect(r.observations.equityShares).toEqual({ held: 20, shares, after: 8 });
      expect(registered.rights).toEqual({ ...d.record.rights, equityShares: 20 - shares });
      expect(registered.homesteads?.map((h) => h.status)).toEqual(['registered']);
      expect(registered.contractPlots?.map((p) => p.status)).toEqual(['normal']);
    },
    WAIT,
  );

  it(
    'turned away by the rules: not settled in town (E-SETTLED), more shares than held (E-SHARES)',
    async () => {
      for (const [scenario, rule] of [
        ['equity_not_settled', 'E-SETTLED'],
        ['equity_too_many_shares', 'E-SHARES'],
      ] as const) {
        const r = await result(scenario);
        expect(r.case?.type, scenario).toBe('equity_exit');
        expect(r.finalStatus, scenario).toBe('ineligible');
        expect(r.failedRules, scenario).toEqual([rule]);
        expect(r.case?.findings.find((f) => f.ruleId === rule)?.clause).toBe('二(二)5');
        expect(r.path).toEqual(['draft', 'submitted', 'eligibility', 'ineligible']);
        expect(r.case?.offers).toEqual([]);
        expect(r.case?.equity?.redemptionYear).toBeUndefined();
      }
      // 25 shares asked of the 20 held
      const many = await result('equity_too_many_shares');
      expect(many.case?.application).toMatchObject({ type: 'equity_exit', shares: 25 });
      expect(many.case?.findings.find((f) => f.ruleId === 'E-SHARES')?.messageZh).toContain('20 股');
    },
    WAIT,
  );
});

describe('appeal', () => {
  it(
    'an ineligible finding on a wrong registry record is appealed once after the correction and goes on',
    async () => {
      const r = await result('appeal');
      expect(r.observations.firstFailedRules).toEqual(['H-QUALIFIED']);
      expect(r.observations.appealStatus).toBe('eligibility');
      expect(r.path).toEqual(['draft', 'submitted', 'eligibility', 'ineligible', ...FULL_PATH.slice(2)]);
      expect(r.case?.appeals).toEqual([expect.objectContaining({ stage: 'eligibility' })]);
      expect(r.failedRules).toEqual([]);
      await expectOneAdvance(r, r.payableFen as number);
      // once closed there is nothing left to appeal
      const again = await (await as(system().ctx, 'applicant-H-370321-0009')).raw(
        'POST',
        `/cases/${r.caseId}/appeal`,
        { body: { text: 'again' } },
      );
      expect(again.status).toBe(409);
    },
    WAIT,
  );
});

describe('every fund after all paths', () => {
  it(
    'balance = Σ ledger entries, reconciled, exactly one advance per agreement',
    async () => {
      const all = await Promise.all(results.values());
      // the special fund advances homesteads only: the collective pays contract land and equity (the
      // equity exit is not among them)
      const agreements = all.filter(
        (r) => r.agreementId && (r.payableFen ?? 0) > 0 && r.case?.type === 'homestead_exit',
      );
      expect(agreements.map((r) => r.scenario).sort()).toEqual([
        'appeal',
        'cash',
        'four_eyes',
        'objection',
        'returned_then_resubmitted',
        'shortfall',
        'town_housing_balance',
      ]);
      for (const district of DEMO_DISTRICTS) {
        const check = await checkFund(system().ctx, district);
        expect(check.problems, district).toEqual([]);
        expect(check.reconciled).toBe(true);
        const fund = await (await as(system().ctx, `fund-${district}-a`)).fund();
        expect(fund.reconciled).toEqual({ entriesSumFen: fund.balanceFen, matches: true });
        expect(fund.balanceFen).toBe(check.entriesSumFen);
        expect(fund.queueLength).toBe(0);
      }
      // the collective's cases (contract land, equity) have no entry in their district's ledger at all
      const collective = all.filter((r) => r.caseId && r.case && r.case.type !== 'homestead_exit');
      expect(collective.some((r) => r.case?.type === 'equity_exit')).toBe(true);
      for (const r of collective) {
        const named = (await ledgerOf(r.district as string)).filter((e) => e.caseId === r.caseId);
        expect(named, r.scenario).toEqual([]);
      }
      for (const r of agreements) {
        const advances = (await ledgerOf(r.district as string)).filter(
          (e) => e.kind === 'advance' && e.agreementId === r.agreementId,
        );
        expect(advances.map((e) => e.entryId).sort(), r.scenario).toEqual(
          paymentSchedule(r.case?.type ?? 'homestead_exit', r.payableFen ?? 0).map(
            (t) => `ADV-${r.agreementId}-T${t.tranche}`,
          ),
        );
      }
    },
    WAIT,
  );
});
