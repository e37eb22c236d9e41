import type { Application } from '../../shared/domain/model/application.js';
import type { HouseholdInput } from '../../shared/domain/model/household.js';
import type { ResettlementOption } from '../../shared/domain/model/offer.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { demoApplication } from '../seed/demoApplications.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES, type DemoHousehold, type Scenario } from '../seed/demoData.js';
import {
  type ApiClient,
  ApiError,
  type CaseView,
  cashEffectFen,
  type FundView,
  type LedgerEntryView,
  type ReplenishmentView,
  type Session,
} from './client.js';

/**
 * One driver per path of the case life cycle, each playing every party over HTTP (household, village
 * collective, neighbours, fund administrators, registrar) with the demo households of
 * local/seed/demoData.ts. A driver returns a result row and the problems it saw against what the path
 * must show; it never throws for a wrong outcome, so one broken path does not hide the others. The
 * end-to-end tests (test/e2e) run the same drivers and assert the details.
 */

export interface DemoContext {
  api: ApiClient;
  /** time budget of each wait for the workflow */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  scenario: string;
  householdId: string;
  caseId?: string;
  /** what the path must end in, e.g. `closed` or `ineligible H-QUALIFIED` */
  expected: string;
  finalStatus?: CaseStatus;
  failedRules: string[];
  /** the chosen offer (or the only one) */
  offerFen?: number;
  agreementId?: string;
  agreementFen?: number;
  payableFen?: number;
  advanceStatus?: string;
  ledgerEntryIds: string[];
  /** the statuses the case went through, in order */
  path: CaseStatus[];
  problems: string[];
  durationMs: number;
  district?: string;
  case?: CaseView;
  /** what the path showed on its way (intermediate states, answers), for tests and the demo's notes */
  observations: Record<string, unknown>;
}

export interface Driver {
  name: string;
  /** a line for the demo's table */
  description: string;
  run(ctx: DemoContext): Promise<ScenarioResult>;
}

// ---------------------------------------------------------------------------------------------------
// helpers

export function demoHousehold(scenario: Scenario): DemoHousehold {
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === scenario);
  if (!d) throw new Error(`no demo household for scenario ${scenario}`);
  return d;
}

export function districtOf(d: DemoHousehold): string {
  return d.record.villageCode.slice(0, 6);
}

const sessions = new WeakMap<ApiClient, Map<string, Promise<Session>>>();

/** A signed-in demo user, one login per user and client. */
export function as(ctx: DemoContext, userId: string): Promise<Session> {
  let byUser = sessions.get(ctx.api);
  if (!byUser) {
    byUser = new Map();
    sessions.set(ctx.api, byUser);
  }
  let s = byUser.get(userId);
  if (!s) {
    s = ctx.api.login(userId);
    byUser.set(userId, s);
    s.catch(() => byUser?.delete(userId));
  }
  return s;
}

export const applicantOf = (d: DemoHousehold) => `applicant-${d.record.householdId}`;
export const reviewerOf = (d: DemoHousehold) => `reviewer-${d.record.villageCode}`;
export const fundAdmin = (district: string, who: 'a' | 'b' = 'a') => `fund-${district}-${who}`;

/** The members' meeting that adopted the collective's decision (a clear majority). */
export function resolution(votesFor = 31) {
  return {
    meetingDate: new Date().toISOString().slice(0, 10),
    membersPresent: 40,
    votesFor,
    votesAgainst: 40 - votesFor - 2,
  };
}

/** The statuses a case went through, from its timeline (repeats of the same status collapsed). */
export function statusPath(c: CaseView): CaseStatus[] {
  const out: CaseStatus[] = [];
  for (const t of c.timeline) if (out.at(-1) !== t.status) out.push(t.status);
  return out;
}

export const failedRuleIds = (c: CaseView) => c.findings.filter((f) => !f.passed).map((f) => f.ruleId);

class Run {
  readonly started = Date.now();
  readonly result: ScenarioResult;

  constructor(
    readonly ctx: DemoContext,
    scenario: string,
    readonly d: DemoHousehold,
    expected: string,
  ) {
    this.result = {
      scenario,
      householdId: d.record.householdId,
      expected,
      failedRules: [],
      ledgerEntryIds: [],
      path: [],
      problems: [],
      durationMs: 0,
      district: districtOf(d),
      observations: {},
    };
  }

  get timeout() {
    return this.ctx.timeoutMs ?? 60_000;
  }

  problem(text: string) {
    this.result.problems.push(text);
  }

  check(ok: boolean, text: string) {
    if (!ok) this.problem(text);
  }

  log(line: string) {
    this.ctx.log?.(`[${this.result.scenario}] ${line}`);
  }

  applicant() {
    return as(this.ctx, applicantOf(this.d));
  }

  reviewer() {
    return as(this.ctx, reviewerOf(this.d));
  }

  fund(who: 'a' | 'b' = 'a') {
    return as(this.ctx, fundAdmin(districtOf(this.d), who));
  }

  /** Files the household's application (or `application`) and submits it. */
  async file(application?: Application): Promise<string> {
    const me = await this.applicant();
    const { caseId, status } = await me.createCase(
      application ?? demoApplication(this.d, new Date().toISOString()),
    );
    this.check(status === 'draft', `a new case is ${status}, not draft`);
    this.result.caseId = caseId;
    await me.submit(caseId);
    this.log(`filed ${caseId}`);
    return caseId;
  }

  async waitFor(caseId: string, statuses: CaseStatus | readonly CaseStatus[]): Promise<CaseView> {
    return (await this.applicant()).waitForStatus(caseId, statuses, this.timeout);
  }

  async villageDecision(
    caseId: string,
    decision: 'approve' | 'reject' | 'return',
    reasons: string[] = [],
  ): Promise<CaseStatus> {
    const rv = await this.reviewer();
    await rv.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: this.timeout });
    const r = await rv.review(caseId, { decision, reasons, resolution: resolution() });
    this.log(`village: ${decision} → ${r.status}`);
    return r.status;
  }

  async offers(caseId: string): Promise<CaseView> {
    return (await this.applicant()).waitForTask(caseId, 'offers', 'resettlement_choice', {
      timeoutMs: this.timeout,
    });
  }

  async choose(caseId: string, option: ResettlementOption): Promise<CaseView> {
    const c = await this.offers(caseId);
    const offer = c.offers.find((o) => o.option === option);
    this.check(offer !== undefined, `no ${option} offer among ${c.offers.map((o) => o.option).join(', ')}`);
    this.result.offerFen = offer?.amountFen;
    const { agreementId } = await (await this.applicant()).choose(caseId, option);
    this.result.agreementId = agreementId;
    this.log(`signed ${agreementId} (${option}, ${offer?.amountFen} fen)`);
    return c;
  }

  async fundApproval(caseId: string, who: 'a' | 'b' = 'a') {
    const f = await this.fund(who);
    await f.waitForTask(caseId, 'fund_review', 'fund_review', { timeoutMs: this.timeout });
    const r = await f.advance(caseId, 'approve', '材料齐全，同意垫付 / documents complete, advance approved');
    this.log(`fund ${who}: approve → ${r.status} (${r.advance.status})`);
    return r;
  }

  async ledgerOfCase(caseId: string): Promise<LedgerEntryView[]> {
    return (await (await this.fund()).ledger()).filter((e) => e.caseId === caseId);
  }

  /** Reads the final case, fills the row and checks the money: one advance per agreement, none for 0. */
  async finish(caseId: string, expectStatus: CaseStatus): Promise<ScenarioResult> {
    const c = await this.waitFor(caseId, expectStatus).catch(async (error: unknown) => {
      this.problem(error instanceof Error ? error.message : String(error));
      return (await this.applicant()).getCase(caseId);
    });
    const r = this.result;
    r.case = c;
    r.finalStatus = c.status;
    r.failedRules = failedRuleIds(c);
    r.path = statusPath(c);
    r.advanceStatus = c.advance?.status;
    if (c.agreement) {
      r.agreementId = c.agreement.agreementId;
      r.agreementFen = c.agreement.amountFen;
      r.payableFen = c.agreement.payableFen;
    }
    if (r.offerFen === undefined && c.offers.length === 1) r.offerFen = c.offers[0]?.amountFen;
    const entries = await this.ledgerOfCase(caseId);
    r.ledgerEntryIds = entries.map((e) => e.entryId);
    if (c.agreement) {
      const advances = entries.filter((e) => e.kind === 'advance');
      const payable = c.agreement.payableFen;
      if (c.status === 'closed' || c.status === 'disbursed' || c.status === 'reserved') {
        if (payable > 0) {
          this.check(
            advances.length === 1,
            `${advances.length} advance entries for agreement ${c.agreement.agreementId}, not exactly 1`,
          );
          const e = advances[0];
          this.check(
            e?.entryId === `ADV-${c.agreement.agreementId}`,
            `advance entry id ${e?.entryId} is not derived from the agreement`,
          );
          this.check(
            e?.amountFen === payable,
            `advance of ${e?.amountFen} fen, agreement payable ${payable}`,
          );
          // API.md does not promise the entry id on the case view; when it is there it must match
          if (c.advance?.entryId !== undefined)
            this.check(c.advance.entryId === e?.entryId, 'the case names another ledger entry');
        } else {
          this.check(
            advances.length === 0,
            `an agreement with nothing payable has ${advances.length} entries`,
          );
        }
      } else {
        this.check(advances.length === 0, `a case in ${c.status} has ${advances.length} advance entries`);
      }
    } else {
      this.check(entries.length === 0, `a case without agreement has ${entries.length} ledger entries`);
    }
    this.check(c.status === expectStatus, `ended ${c.status}, expected ${expectStatus}`);
    return this.done();
  }

  done(): ScenarioResult {
    this.result.durationMs = Date.now() - this.started;
    return this.result;
  }
}

/** Runs a driver body; an exception becomes a problem of the row instead of ending the demo. */
async function guarded(run: Run, body: () => Promise<ScenarioResult>): Promise<ScenarioResult> {
  try {
    return await body();
  } catch (error) {
    run.problem(error instanceof Error ? error.message : String(error));
    if (run.result.caseId) {
      try {
        const c = await (await run.applicant()).getCase(run.result.caseId);
        run.result.case = c;
        run.result.finalStatus = c.status;
        run.result.failedRules = failedRuleIds(c);
        run.result.path = statusPath(c);
      } catch {
        // the row keeps what it had
      }
    }
    return run.done();
  }
}

async function expectApiError(run: Run, status: number, what: string, call: () => Promise<unknown>) {
  try {
    await call();
    run.problem(`${what}: expected ${status}, got a success`);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) {
      run.check(error.status === status, `${what}: expected ${status}, got ${error.status}`);
      return error;
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// drivers

interface PathSpec {
  name: string;
  /** a line for the demo's table */
  description: string;
  /** the demo household the path plays, or how to make it (read when the path runs) */
  household: Scenario | (() => DemoHousehold);
  /** what the path must end in, e.g. `closed` or `ineligible H-QUALIFIED` */
  expected: string;
}

/** A driver: its row, and its body guarded so that an exception becomes a problem of the row. */
function pathDriver(spec: PathSpec, body: (run: Run, ctx: DemoContext) => Promise<ScenarioResult>): Driver {
  return {
    name: spec.name,
    description: spec.description,
    run(ctx) {
      const d = typeof spec.household === 'string' ? demoHousehold(spec.household) : spec.household();
      const run = new Run(ctx, spec.name, d, spec.expected);
      return guarded(run, () => body(run, ctx));
    },
  };
}

/** Eligible household all the way: village approval, public notice, offers, signature, advance, closed. */
export function resettlementDriver(
  scenario: Scenario,
  option: ResettlementOption,
  opts: { name?: string } = {},
): Driver {
  const name = opts.name ?? scenario;
  return pathDriver(
    { name, description: `${option} resettlement, draft → closed`, household: scenario, expected: 'closed' },
    async (run) => {
      const caseId = await run.file();
      await run.villageDecision(caseId, 'approve');
      const c = await run.choose(caseId, option);
      run.check(
        c.type !== 'homestead_exit' || c.offers.length === 3,
        `${c.offers.length} offers for a homestead case, not 3`,
      );
      run.result.observations.offeredAt = c.offeredAt;
      await run.fundApproval(caseId);
      const result = await run.finish(caseId, 'closed');
      // withdrawal is voluntary only until the agreement is signed
      const err = await expectApiError(run, 409, 'withdrawal after the agreement', async () =>
        (await run.applicant()).call('POST', `/cases/${caseId}/withdraw`),
      );
      run.result.observations.withdrawAfterAgreement = err?.status;
      return result;
    },
  );
}

/**
 * A housing option whose balance is paid to the household: the registrar records the spare household as
 * a single person, so the entitled flat (35 m2) costs less than the compensation.
 */
export const townHousingBalanceDriver = pathDriver(
  {
    name: 'town_housing_balance',
    description: 'town housing, compensation above the flat price: the balance is advanced',
    household: () => {
      const seeded = demoHousehold('spare_1');
      const first = seeded.record.members[0];
      if (!first) throw new Error('spare_1 has no members');
      return { ...seeded, record: { ...seeded.record, members: [first] } };
    },
    expected: 'closed',
  },
  async (run, ctx) => {
    await (await as(ctx, 'registrar')).putHousehold(run.d.record);
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'town_housing');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    run.check((result.payableFen ?? 0) > 0, 'the housing balance should be paid to the household');
    return result;
  },
);

/** A household the rules turn away: the case ends `ineligible` naming the failed rule. */
export function ineligibleDriver(scenario: Scenario, opts: { appealTwice?: boolean } = {}): Driver {
  const d = demoHousehold(scenario);
  return pathDriver(
    {
      name: scenario,
      description: `ineligible: ${d.expected}${opts.appealTwice ? ', appealed once (a second appeal is refused)' : ''}`,
      household: scenario,
      expected: `ineligible ${d.expected}`,
    },
    async (run) => {
      const caseId = await run.file();
      if (opts.appealTwice) {
        await run.waitFor(caseId, 'ineligible');
        const me = await run.applicant();
        await me.appeal(
          caseId,
          '本户已在城镇务工多年，请复核 / we have worked in town for years, please review',
        );
        // the appeal re-runs the assessment on the same registry record: still ineligible
        await me.waitForStatus(caseId, 'ineligible', run.timeout, { until: (c) => c.appeals.length === 1 });
        const again = await expectApiError(run, 409, 'second appeal', () => me.appeal(caseId, '再次申诉'));
        run.result.observations.secondAppeal = again?.status;
      }
      const result = await run.finish(caseId, 'ineligible');
      run.check(
        result.failedRules.join(',') === d.expected,
        `failed rules ${result.failedRules.join(',') || 'none'}, expected ${d.expected}`,
      );
      run.check(result.case?.offers.length === 0, 'an ineligible case has offers');
      return result;
    },
  );
}

/** Two cases on the same parcel: the second is ineligible while the first is open. */
export const duplicateDriver = pathDriver(
  {
    name: 'duplicate',
    description: 'a second case on a parcel with an open case: ineligible H-NO-DUPLICATE',
    household: 'duplicate',
    expected: 'ineligible H-NO-DUPLICATE',
  },
  async (run) => {
    const first = await run.file();
    await (await run.reviewer()).waitForTask(first, 'village_review', 'village_review', {
      timeoutMs: run.timeout,
    });
    run.result.observations.firstCaseId = first;
    const second = await run.file();
    const result = await run.finish(second, 'ineligible');
    run.check(result.failedRules.join(',') === 'H-NO-DUPLICATE', `failed ${result.failedRules.join(',')}`);
    await (await run.applicant()).withdraw(first);
    await run.waitFor(first, 'withdrawn');
    return result;
  },
);

/** The village's exit terms demand the contract land: the rights check blocks the homestead exit. */
export const rightsBlockedDriver = pathDriver(
  {
    name: 'rights_blocked',
    description: 'village terms demand the contract land too: rights_blocked',
    household: 'rights_blocked',
    expected: 'rights_blocked contract_land',
  },
  async (run) => {
    const caseId = await run.file();
    const result = await run.finish(caseId, 'rights_blocked');
    const rc = result.case?.rightsCheck;
    run.check(rc?.passed === false, 'the rights check passed');
    run.check(
      rc?.violations.some((v) => v.right === 'contract_land') === true,
      `violations ${rc?.violations.map((v) => v.right).join(',')} do not name contract_land`,
    );
    run.result.observations.violations = rc?.violations.map((v) => v.right);
    return result;
  },
);

export const returnedDriver = pathDriver(
  {
    name: 'returned_then_resubmitted',
    description: 'returned for correction, resubmitted, approved, closed',
    household: 'returned_then_resubmitted',
    expected: 'closed',
  },
  async (run) => {
    const caseId = await run.file();
    const s = await run.villageDecision(caseId, 'return', [
      '请补充房屋测绘报告 / please add the building survey',
    ]);
    run.check(s === 'returned', `return → ${s}`);
    const me = await run.applicant();
    await me.waitForTask(caseId, 'returned', 'resubmission', { timeoutMs: run.timeout });
    const r = await me.submit(caseId);
    run.result.observations.resubmitStatus = r.status;
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    for (const s of ['returned', 'resubmitted'] as const) {
      run.check(result.path.includes(s), `the path does not show ${s}: ${result.path.join(' → ')}`);
    }
    return result;
  },
);

export const withdrawnDriver = pathDriver(
  {
    name: 'withdrawn',
    description: 'withdrawn by the household during village review',
    household: 'withdrawn',
    expected: 'withdrawn',
  },
  async (run) => {
    const caseId = await run.file();
    const me = await run.applicant();
    await me.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: run.timeout });
    await me.withdraw(caseId);
    const result = await run.finish(caseId, 'withdrawn');
    // the reviewer can no longer decide it
    const err = await expectApiError(run, 409, 'review of a withdrawn case', async () =>
      (await run.reviewer()).call('POST', `/cases/${caseId}/review`, {
        body: { decision: 'approve', reasons: [], resolution: resolution() },
      }),
    );
    run.result.observations.reviewAfterWithdrawal = err?.status;
    return result;
  },
);

/** A neighbour objects during the public notice: back to village review when the notice ends, approved again. */
export const objectionDriver = pathDriver(
  {
    name: 'objection',
    description: 'objection during the public notice → village review again → approved → closed',
    household: 'objection',
    expected: 'closed',
  },
  async (run, ctx) => {
    const d = run.d;
    const caseId = await run.file();
    const s = await run.villageDecision(caseId, 'approve');
    run.check(s === 'public_notice', `approval → ${s}`);
    const neighbour = DEMO_HOUSEHOLDS.find(
      (h) => h.record.villageCode === d.record.villageCode && h.record.householdId !== d.record.householdId,
    );
    if (!neighbour) throw new Error('no neighbour in the objection village');
    const objector = await as(ctx, applicantOf(neighbour));
    const o = await objector.object(
      caseId,
      '该宅基地东侧边界与我家有争议 / the east boundary is disputed with us',
    );
    run.result.observations.objectionId = o.objectionId;
    const back = await (await run.reviewer()).waitForTask(caseId, 'village_review', 'village_review', {
      timeoutMs: run.timeout,
    });
    run.result.observations.objectionsAtSecondReview = back.objections.length;
    run.check(
      back.objections.some((x) => !x.resolved),
      'the objection is not open when the case comes back to review',
    );
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    const p = result.path;
    const notice = p.indexOf('public_notice');
    run.check(
      notice >= 0 && p[notice + 1] === 'village_review' && p.lastIndexOf('public_notice') > notice,
      `the path does not go back from the notice to review: ${p.join(' → ')}`,
    );
    run.check(result.case?.reviews.length === 2, `${result.case?.reviews.length} reviews, expected 2`);
    run.check(result.case?.objections.every((x) => x.resolved) === true, 'the objection is still open');
    return result;
  },
);

/** Above ¥500 000: one approval pays nothing, the same administrator twice pays nothing, a second pays once. */
export const fourEyesDriver = pathDriver(
  {
    name: 'four_eyes',
    description: 'four eyes: 1 approval pays nothing, same admin twice nothing, second admin pays once',
    household: 'four_eyes',
    expected: 'closed',
  },
  async (run) => {
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    const a = await run.fund('a');
    const b = await run.fund('b');
    await a.waitForTask(caseId, 'fund_review', 'fund_review', { timeoutMs: run.timeout });
    const first = await a.advance(caseId, 'approve', '同意 / approved');
    const afterFirst = {
      status: first.status,
      advanceStatus: first.advance.status,
      requiredApprovals: first.advance.requiredApprovals,
      approvals: first.advance.approvals.length,
      entries: (await run.ledgerOfCase(caseId)).length,
    };
    const again = await a.advance(caseId, 'approve', '再次同意 / approved again');
    const afterSame = {
      status: again.status,
      advanceStatus: again.advance.status,
      approvals: again.advance.approvals.length,
      entries: (await run.ledgerOfCase(caseId)).length,
    };
    const second = await b.advance(caseId, 'approve', '复核同意 / second approval');
    const repeat = await b.advance(caseId, 'approve', '重复点击 / double click');
    const afterSecond = {
      status: second.status,
      advanceStatus: second.advance.status,
      approvals: second.advance.approvals.length,
      repeatStatus: repeat.advance.status,
    };
    run.result.observations = { afterFirst, afterSame, afterSecond };
    run.check(afterFirst.requiredApprovals === 2, `requires ${afterFirst.requiredApprovals} approvals`);
    run.check(
      afterFirst.status === 'fund_review' && afterFirst.advanceStatus === 'pending_approval',
      `after one approval: ${afterFirst.status}/${afterFirst.advanceStatus}`,
    );
    run.check(afterFirst.entries === 0 && afterSame.entries === 0, 'money moved before the second approval');
    run.check(afterSame.approvals === 1, `the same admin counted ${afterSame.approvals} times`);
    run.check(second.status === 'disbursed' && second.advance.status === 'paid', `second: ${second.status}`);
    const result = await run.finish(caseId, 'closed');
    run.check((result.payableFen ?? 0) > 50_000_000, 'the four-eyes household is not above ¥500 000');
    return result;
  },
);

/** Gaoqing's small fund cannot cover the advance: it waits in the queue and a replenishment pays it. */
export const shortfallDriver = pathDriver(
  {
    name: 'shortfall',
    description: 'fund shortfall → awaiting_funds → replenishment pays FIFO → closed',
    household: 'shortfall',
    expected: 'closed',
  },
  async (run) => {
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    const decided = await run.fundApproval(caseId);
    run.check(
      decided.status === 'awaiting_funds' && decided.advance.status === 'queued',
      `approval → ${decided.status}/${decided.advance.status}, expected awaiting_funds/queued`,
    );
    const f = await run.fund();
    const queued = await f.waitForStatus(caseId, 'awaiting_funds', run.timeout);
    const fundBefore: FundView = await f.fund();
    run.check(fundBefore.queueLength >= 1, `queue length ${fundBefore.queueLength}`);
    run.check(
      fundBefore.balanceFen < (queued.advance?.amountFen ?? 0),
      'the balance covers the advance: no shortfall to show',
    );
    // just enough for the queue plus ¥10 000, so a later demo run meets the shortfall again
    const amountFen = fundBefore.queuedFen - fundBefore.balanceFen + 1_000_000;
    const rep: ReplenishmentView = await f.replenish({
      source: 'appropriation',
      amountFen,
      reference: `DEMO-APPROPRIATION-${caseId}`,
    });
    run.check(
      rep.paidAdvances.some((p) => p.caseId === caseId),
      `the replenishment paid ${rep.paidAdvances.map((p) => p.caseId).join(',') || 'nobody'}, not ${caseId}`,
    );
    const result = await run.finish(caseId, 'closed');
    const fundAfter = await f.fund();
    run.result.observations = { fundBefore, replenishment: rep, fundAfter, replenishedFen: amountFen };
    run.check(
      result.path.includes('awaiting_funds'),
      `the path skips awaiting_funds: ${result.path.join(' → ')}`,
    );
    run.check(fundAfter.queueLength === 0, `queue length ${fundAfter.queueLength} after the replenishment`);
    return result;
  },
);

/** Contract-land exit: one cash offer, rent × years per plot. */
export function contractDriver(
  scenario: 'contract_all_current' | 'contract_partial_permanent' | 'contract_leased',
): Driver {
  const description =
    scenario === 'contract_partial_permanent'
      ? 'contract land, partial scope, permanent'
      : scenario === 'contract_leased'
        ? 'contract land with a leased plot, all, current term'
        : 'contract land, all plots, current term';
  return pathDriver({ name: scenario, description, household: scenario, expected: 'closed' }, async (run) => {
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    const c = await run.choose(caseId, 'cash');
    run.check(c.offers.length === 1, `${c.offers.length} offers for a contract-land case, not 1`);
    const o = c.offers[0];
    run.check(
      o?.breakdown.premiumFen === 0 && o?.breakdown.rewardFen === 0,
      'a contract-land offer has premium or reward',
    );
    await run.fundApproval(caseId);
    return await run.finish(caseId, 'closed');
  });
}

/**
 * Appeal of an ineligible finding: the registry recorded the household's non-farm evidence wrongly, the
 * case is found ineligible, the registrar corrects the record, the household appeals once, and the
 * re-assessment lets the case go on to the end.
 */
export const appealDriver = pathDriver(
  {
    name: 'appeal',
    description: 'ineligible on a wrong registry record → corrected → appeal → eligible → closed',
    household: 'appeal',
    expected: 'closed',
  },
  async (run, ctx) => {
    const d = run.d;
    const registrar = await as(ctx, 'registrar');
    const wrong: HouseholdInput = {
      ...d.record,
      nonFarm: { socialInsuranceMonths: 6, urbanResidenceMonths: 4, businessLicenceMonths: 0 },
    };
    await registrar.putHousehold(wrong);
    const caseId = await run.file();
    try {
      const first = await run.waitFor(caseId, 'ineligible');
      run.result.observations.firstFailedRules = failedRuleIds(first);
      run.check(
        failedRuleIds(first).join(',') === 'H-QUALIFIED',
        `first assessment failed ${failedRuleIds(first).join(',')}, expected H-QUALIFIED`,
      );
    } finally {
      await registrar.putHousehold(d.record);
    }
    const me = await run.applicant();
    const appealed = await me.appeal(
      caseId,
      '登记的社保月数有误，已由登记机构更正 / the registry had our insurance months wrong; corrected',
    );
    run.result.observations.appealStatus = appealed.status;
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    run.check(
      result.path.includes('ineligible'),
      `the path does not show the first finding: ${result.path.join(' → ')}`,
    );
    run.check(
      result.failedRules.length === 0,
      `after the appeal the findings still fail ${result.failedRules.join(',')}`,
    );
    run.check(result.case?.appeals.length === 1, `${result.case?.appeals.length} appeals recorded`);
    return result;
  },
);

// ---------------------------------------------------------------------------------------------------
// fund checks

export interface FundCheck {
  district: string;
  balanceFen: number;
  entriesSumFen: number;
  entries: number;
  advances: number;
  reconciled: boolean;
  problems: string[];
}

/** GET /fund against the whole ledger: balance = Σ entries, reconciled, one advance per agreement. */
export async function checkFund(ctx: DemoContext, district: string): Promise<FundCheck> {
  const f = await as(ctx, fundAdmin(district));
  const [fund, ledger] = await Promise.all([f.fund(), f.ledger()]);
  const problems: string[] = [];
  const sum = ledger.reduce((s, e) => s + cashEffectFen(e), 0);
  if (sum !== fund.balanceFen) problems.push(`balance ${fund.balanceFen} ≠ Σ ledger ${sum}`);
  if (fund.reconciled && !fund.reconciled.matches)
    problems.push('GET /fund reports a reconciliation mismatch');
  const advances = ledger.filter((e) => e.kind === 'advance');
  const byAgreement = new Map<string, number>();
  for (const e of advances) {
    const key = e.agreementId ?? e.reference ?? e.entryId;
    byAgreement.set(key, (byAgreement.get(key) ?? 0) + 1);
    if (e.entryId !== `ADV-${key}`) problems.push(`advance entry ${e.entryId} is not ADV-${key}`);
  }
  for (const [agreement, n] of byAgreement)
    if (n !== 1) problems.push(`${n} advances for agreement ${agreement}`);
  if (new Set(ledger.map((e) => e.entryId)).size !== ledger.length) problems.push('repeated entry ids');
  return {
    district,
    balanceFen: fund.balanceFen,
    entriesSumFen: sum,
    entries: ledger.length,
    advances: advances.length,
    reconciled: fund.reconciled?.matches ?? false,
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------
// the demo's set

/** The paths the brief names, which the end-to-end tests also run. */
export const CORE_DRIVERS: Driver[] = [
  resettlementDriver('cash', 'cash'),
  resettlementDriver('urban_housing', 'urban_housing'),
  resettlementDriver('town_housing', 'town_housing'),
  townHousingBalanceDriver,
  ineligibleDriver('not_qualified', { appealTwice: true }),
  ineligibleDriver('illegal_occupation'),
  ineligibleDriver('contract_no_nonfarm'),
  rightsBlockedDriver,
  returnedDriver,
  withdrawnDriver,
  objectionDriver,
  fourEyesDriver,
  shortfallDriver,
  contractDriver('contract_all_current'),
  contractDriver('contract_partial_permanent'),
  appealDriver,
];

const COVERED = new Set<string>([
  'cash',
  'urban_housing',
  'town_housing',
  'not_qualified',
  'illegal_occupation',
  'contract_no_nonfarm',
  'rights_blocked',
  'returned_then_resubmitted',
  'withdrawn',
  'objection',
  'four_eyes',
  'shortfall',
  'contract_all_current',
  'contract_partial_permanent',
  'appeal',
  'duplicate',
  'spare_1',
  'spare_2',
]);

/** Every other demo household: the rest of the ineligible outcomes, and the other eligible ones to the end. */
export const EXTRA_DRIVERS: Driver[] = [
  duplicateDriver,
  ...DEMO_HOUSEHOLDS.filter((d) => !COVERED.has(d.scenario)).map((d) =>
    d.expected === 'eligible'
      ? d.scenario.startsWith('contract_')
        ? contractDriver(d.scenario as 'contract_leased')
        : resettlementDriver(d.scenario, 'cash')
      : ineligibleDriver(d.scenario),
  ),
];

export const ALL_DRIVERS: Driver[] = [...CORE_DRIVERS, ...EXTRA_DRIVERS];

export function driver(name: string): Driver {
  const found = ALL_DRIVERS.find((x) => x.name === name);
  if (!found) throw new Error(`no driver ${name}`);
  return found;
}

/** The districts of the demo villages (for the fund checks). */
export const DEMO_DISTRICTS = [...new Set(DEMO_VILLAGES.map((v) => v.districtCode))];
