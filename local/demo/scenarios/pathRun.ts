import type { Application } from '../../../shared/domain/model/application.js';
import type { SharesGoTo } from '../../../shared/domain/model/case.js';
import type { ResettlementOption } from '../../../shared/domain/model/offer.js';
import type { CaseStatus } from '../../../shared/domain/model/status.js';
import { demoApplication } from '../../seed/demoApplications.js';
import type { DemoHousehold } from '../../seed/demoData.js';
import type { CaseView, LedgerEntryView, ReviewBody } from '../client.js';
import { ledgerProblems } from './agreementLedger.js';
import { failedRuleIds, statusPath } from './casePath.js';
import { finishLandLeg } from './landLegRun.js';
import {
  applicantOf,
  as,
  districtApproverOf,
  districtOf,
  fundAdmin,
  resolution,
  reviewerOf,
  townReviewerOf,
} from './parties.js';
import type { DemoContext, ScenarioResult } from './types.js';

/**
 * One path being played: the household's row as it fills, the parties of its case, and the steps the
 * drivers share (file, decide, choose, approve, finish). A wrong outcome becomes a problem of the row.
 */
export class PathRun {
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

  townReviewer() {
    return as(this.ctx, townReviewerOf(this.d));
  }

  districtApprover() {
    return as(this.ctx, districtApproverOf(this.d));
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

  /**
   * The village's decision with its members' meeting resolution; an equity exit's approval also says
   * where the shares go (`sharesGoTo`, API.md wave 2).
   */
  async villageDecision(
    caseId: string,
    decision: 'approve' | 'reject' | 'return',
    reasons: string[] = [],
    opts: { sharesGoTo?: SharesGoTo } = {},
  ): Promise<CaseStatus> {
    const rv = await this.reviewer();
    await rv.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: this.timeout });
    const body: ReviewBody = {
      decision,
      reasons,
      resolution: resolution(),
      ...(opts.sharesGoTo ? { sharesGoTo: opts.sharesGoTo } : {}),
    };
    const r = await rv.review(caseId, body);
    this.log(`village: ${decision}${opts.sharesGoTo ? ` (shares to ${opts.sharesGoTo})` : ''} → ${r.status}`);
    return r.status;
  }

  /** The town's audit (乡镇审核) after the public notice: its reviewer waits for the step and decides. */
  async townDecision(
    caseId: string,
    decision: 'approve' | 'reject' | 'return' = 'approve',
  ): Promise<CaseStatus> {
    const t = await this.townReviewer();
    await t.waitForTask(caseId, 'town_review', 'town_review', { timeoutMs: this.timeout });
    const r = await t.review(caseId, {
      decision,
      reasonCodes: [decision === 'approve' ? 'facts_verified' : 'documents_incomplete'],
      note:
        decision === 'approve'
          ? '经镇审核，材料齐全 / audited by the town, complete'
          : '请补充材料 / please complete',
    });
    this.log(`town: ${decision} → ${r.status}`);
    return r.status;
  }

  /** The district's approval (区县审批): its approval prices the offers. */
  async districtDecision(
    caseId: string,
    decision: 'approve' | 'reject' | 'return' = 'approve',
  ): Promise<CaseStatus> {
    const a = await this.districtApprover();
    await a.waitForTask(caseId, 'district_approval', 'district_approval', { timeoutMs: this.timeout });
    const r = await a.review(caseId, {
      decision,
      reasonCodes: [decision === 'approve' ? 'facts_verified' : 'documents_incomplete'],
    });
    this.log(`district: ${decision} → ${r.status}`);
    return r.status;
  }

  /** The offers: after the notice, the town and the district approve (村 → 镇 → 区), then the household chooses. */
  async offers(caseId: string): Promise<CaseView> {
    const now = await (await this.applicant()).getCase(caseId);
    if (now.status !== 'offers' && now.status !== 'agreement_signed') {
      await this.townDecision(caseId);
      await this.districtDecision(caseId);
    }
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

  /** The land leg after the payment (wave 2): vacated, reclaimed and accepted, the certificate cancelled. */
  async landLeg(caseId: string): Promise<void> {
    await finishLandLeg(this.ctx, this.d, caseId, this.timeout);
    this.log('land leg: vacated, disposed, certificate cancelled (or handed over) → closed');
  }

  /** Reads the final case, fills the row and checks the money: one advance per agreement, none for 0. */
  async finish(caseId: string, expectStatus: CaseStatus): Promise<ScenarioResult> {
    if (expectStatus === 'closed') {
      await this.landLeg(caseId).catch((error: unknown) =>
        this.problem(`land leg: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
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
    for (const p of ledgerProblems(c, entries)) this.problem(p);
    this.check(c.status === expectStatus, `ended ${c.status}, expected ${expectStatus}`);
    return this.done();
  }

  done(): ScenarioResult {
    this.result.durationMs = Date.now() - this.started;
    return this.result;
  }
}
