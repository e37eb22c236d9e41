import type {
  AdvanceView,
  AgreementSigned,
  AgreementView,
  ApprovalView,
  CaseCreated,
  CaseList,
  CaseMoved,
  CaseSummary,
  CaseView,
  CaseWithdrawn,
  FindingView,
  FundView,
  LedgerEntryView,
  LedgerPage,
  LocalUserView,
  ObjectionFiled,
  PendingTaskKind,
  PolicyParametersView,
  QuarterlyReportView,
  QuotaView,
  Replenishment,
  ReviewDecided,
  TimelineEntryView,
  VillageRecord,
} from '../../shared/contract/index.js';
import { TASK_WAITING_ACTION } from '../../shared/contract/timelineActions.js';
import type { Application } from '../../shared/domain/model/application.js';
import type { HouseholdInput } from '../../shared/domain/model/household.js';
import type { ResettlementOption } from '../../shared/domain/model/offer.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import {
  type Anomaly,
  ApiError,
  type Problem,
  type RawResponse,
  type RequestOptions,
  type ReviewBody,
} from './wire.js';

/**
 * A small typed client for the HTTP API of /work/shared/API.md, as an outside system would use it: it
 * knows only the wire contract (JSON over HTTP, a bearer token per user, the answers' types from
 * shared/contract), never the handlers. The names below are those the demo drivers and the end-to-end
 * tests import; most are the contract's own types under the names this client has always used.
 */
export type {
  AdvanceView,
  AgreementView,
  CaseSummary,
  CaseView,
  FindingView,
  FundView,
  LedgerEntryView,
  LocalUserView,
  PendingTaskKind,
};
export type TimelineEntry = TimelineEntryView;
export type AdvanceApproval = ApprovalView;
export type ReplenishmentView = Replenishment;

/** What an entry does to the money held: only `fund_cash` is cash (docs/fund.md); the domain's own rule. */
export { cashEffectFen } from '../../shared/domain/model/ledger.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export {
  type Anomaly,
  ApiError,
  type Problem,
  type RawResponse,
  type RequestOptions,
  type ReviewBody,
} from './wire.js';

export class ApiClient {
  readonly apiUrl: string;
  /** server errors on calls that nevertheless took effect (see Session.decide) */
  readonly anomalies: Anomaly[] = [];

  /** `baseUrl` is the origin (`http://127.0.0.1:3000`) or the API root (`…/api`). */
  constructor(baseUrl: string) {
    const trimmed = baseUrl.replace(/\/+$/, '');
    this.apiUrl = trimmed.endsWith('/api') ? trimmed : `${trimmed}/api`;
  }

  async raw<T = unknown>(
    method: string,
    path: string,
    token: string | undefined,
    opts: RequestOptions = {},
  ): Promise<RawResponse<T>> {
    const url = new URL(`${this.apiUrl}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    } else if (method === 'POST' || method === 'PUT') {
      headers['content-type'] = 'application/json';
      payload = '{}';
    }
    const res = await fetch(url, { method, headers, body: payload });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    let body: unknown = text;
    if (/json/.test(contentType) && text.length > 0) body = JSON.parse(text);
    return { status: res.status, body: body as T, contentType };
  }

  async call<T>(
    method: string,
    path: string,
    token: string | undefined,
    opts: RequestOptions = {},
  ): Promise<T> {
    const res = await this.raw<T>(method, path, token, opts);
    if (res.status >= 400) {
      const problem =
        typeof res.body === 'object' && res.body !== null
          ? (res.body as Problem)
          : { detail: String(res.body) };
      throw new ApiError(method, path, res.status, problem);
    }
    return res.body;
  }

  async health(): Promise<boolean> {
    try {
      return (await this.raw('GET', '/health', undefined)).status === 200;
    } catch {
      return false;
    }
  }

  async waitUntilHealthy(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.health())) {
      if (Date.now() > until)
        throw new Error(`${this.apiUrl}/health did not answer 200 within ${timeoutMs} ms`);
      await sleep(250);
    }
  }

  async users(): Promise<LocalUserView[]> {
    return (await this.call<{ items: LocalUserView[] }>('GET', '/local/users', undefined)).items;
  }

  /** Local runtime only: creates (or replaces) a user; users persist across restarts. */
  createUser(user: LocalUserView): Promise<LocalUserView> {
    return this.call('POST', '/local/users', undefined, { body: user });
  }

  async login(userId: string): Promise<Session> {
    const { token } = await this.call<{ token: string }>('POST', '/local/login', undefined, {
      body: { userId },
    });
    return new Session(this, userId, token);
  }
}

/**
 * One signed-in user: every route of API.md the demo needs, and polling helpers. The calls that decide a
 * human step (submit, withdraw, review, resettlement, advance) go through `decide`, which copes with the
 * moments the workflow is between two waits, as a person would by clicking again.
 */
export class Session {
  constructor(
    readonly api: ApiClient,
    readonly userId: string,
    readonly token: string,
  ) {}

  raw<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse<T>> {
    return this.api.raw<T>(method, path, this.token, opts);
  }

  call<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return this.api.call<T>(method, path, this.token, opts);
  }

  /**
   * A decision that ends a human step. Retried while the server answers a retryable code: NOT_READY (the
   * workflow has not stored the step's token yet), STALE_WRITE (a workflow write raced this one and a
   * fresh read decides again), BUSY or IDEMPOTENCY_IN_PROGRESS. A 5xx is not retried blindly: the decision may have committed before the
   * error, so the case is read back and, if this user's decision is on its timeline, the call counts as
   * done and the 5xx is kept in `api.anomalies` for the caller to report.
   */
  async decide<T>(
    caseId: string,
    method: string,
    path: string,
    opts: RequestOptions,
    recover: (c: CaseView) => T,
  ): Promise<T> {
    // what the timeline held before, so that a 5xx can be told apart from a decision that took effect
    const before = (await this.getCase(caseId)).timeline.length;
    const until = Date.now() + 20_000;
    for (;;) {
      try {
        return await this.call<T>(method, path, opts);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const detail = error.problem.detail ?? '';
        if (error.retryable && Date.now() < until) {
          await sleep(100);
          continue;
        }
        if (error.status >= 500) {
          const c = await this.getCase(caseId);
          const mine = c.timeline.slice(before).some((t) => t.actor === this.userId);
          if (mine) {
            this.api.anomalies.push({ method, path, status: error.status, detail, userId: this.userId });
            return recover(c);
          }
        }
        throw error;
      }
    }
  }

  // registry
  putVillage(
    villageCode: string,
    body: { name: string; townName: string; districtCode: string; tier: 1 | 2 | 3 },
  ): Promise<VillageRecord> {
    return this.call('PUT', `/registry/villages/${villageCode}`, { body });
  }
  putHousehold(record: HouseholdInput): Promise<HouseholdInput> {
    return this.call('PUT', `/registry/households/${encodeURIComponent(record.householdId)}`, {
      body: record,
    });
  }
  getHousehold(householdId: string): Promise<HouseholdInput> {
    return this.call('GET', `/registry/households/${encodeURIComponent(householdId)}`);
  }

  // cases
  createCase(application: Application, idempotencyKey?: string): Promise<CaseCreated> {
    return this.call('POST', '/cases', { body: application, ...(idempotencyKey ? { idempotencyKey } : {}) });
  }
  submit(caseId: string): Promise<CaseMoved> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/submit`, {}, (c) => ({ caseId, status: c.status }));
  }
  getCase(caseId: string): Promise<CaseView> {
    return this.call('GET', `/cases/${caseId}`);
  }
  listCases(query: { status?: CaseStatus; cursor?: string; limit?: number } = {}): Promise<CaseList> {
    return this.call('GET', '/cases', { query });
  }
  withdraw(caseId: string): Promise<Pick<CaseWithdrawn, 'caseId'> & { status: CaseStatus }> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/withdraw`, {}, (c) => ({
      caseId,
      status: c.status,
    }));
  }
  review(caseId: string, body: ReviewBody): Promise<Pick<ReviewDecided, 'caseId' | 'status'>> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/review`, { body }, (c) => ({
      caseId,
      status: c.status,
    }));
  }
  object(caseId: string, text: string): Promise<ObjectionFiled> {
    return this.call('POST', `/cases/${caseId}/objections`, { body: { text } });
  }
  choose(
    caseId: string,
    option: ResettlementOption,
  ): Promise<Pick<AgreementSigned, 'agreementId'> & { agreement?: AgreementView }> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/resettlement`, { body: { option } }, (c) => {
      if (!c.agreement) throw new Error(`case ${caseId} has no agreement after the choice`);
      return { agreementId: c.agreement.agreementId, agreement: c.agreement };
    });
  }
  advance(
    caseId: string,
    decision: 'approve' | 'reject',
    note = '',
    idempotencyKey?: string,
  ): Promise<{ caseId: string; status: CaseStatus; advance: AdvanceView }> {
    const opts = { body: { decision, note }, ...(idempotencyKey ? { idempotencyKey } : {}) };
    return this.decide(caseId, 'POST', `/cases/${caseId}/advance`, opts, (c) => {
      if (!c.advance) throw new Error(`case ${caseId} has no advance after the decision`);
      return { caseId, status: c.status, advance: c.advance };
    });
  }
  appeal(caseId: string, text: string): Promise<CaseMoved> {
    return this.call('POST', `/cases/${caseId}/appeal`, { body: { text } });
  }

  // fund
  fund(): Promise<FundView> {
    return this.call('GET', '/fund');
  }
  /** Every page of the ledger, newest first as the API lists it. */
  async ledger(): Promise<LedgerEntryView[]> {
    const out: LedgerEntryView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call<LedgerPage>('GET', '/fund/ledger', { query: { cursor, limit: 100 } });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
  /** A quota sale states `quotaM2` (API.md Wave 2); `quotaMu` is the older way, still accepted. */
  replenish(body: {
    source: 'quota_sale' | 'appropriation';
    amountFen: number;
    reference: string;
    quotaM2?: number;
    quotaMu?: number;
  }): Promise<ReplenishmentView> {
    return this.call('POST', '/fund/replenishments', { body, idempotencyKey: `rep-${body.reference}` });
  }
  /** The district's surplus construction-land quota (the caller's own district when none is named). */
  quota(district?: string): Promise<QuotaView> {
    return this.call('GET', '/quota', { query: { district } });
  }

  // reports and policy
  policyParameters(district: string): Promise<PolicyParametersView> {
    return this.call('GET', '/policy/parameters', { query: { district } });
  }
  quarterlyReport(year: number, quarter: number, district: string): Promise<QuarterlyReportView> {
    return this.call('GET', '/reports/quarterly', { query: { year, quarter, district } });
  }

  /**
   * Polls GET /cases/{id} until the status is one of `statuses`. A case that fails (system error) or
   * reaches a status nobody waits for after it is reported at once rather than after the timeout.
   */
  async waitForStatus(
    caseId: string,
    statuses: CaseStatus | readonly CaseStatus[],
    timeoutMs = 30_000,
    opts: { intervalMs?: number; until?: (c: CaseView) => boolean } = {},
  ): Promise<CaseView> {
    const wanted = typeof statuses === 'string' ? [statuses] : statuses;
    const deadline = Date.now() + timeoutMs;
    let last: CaseView | undefined;
    for (;;) {
      last = await this.getCase(caseId);
      if (wanted.includes(last.status) && (opts.until ? opts.until(last) : true)) return last;
      if (last.status === 'failed' && !wanted.includes('failed')) {
        throw new Error(
          `case ${caseId} failed (${last.failure?.cause ?? 'no cause'}) while waiting for ${wanted.join('|')}`,
        );
      }
      if (Date.now() > deadline) {
        const tail = last.timeline
          .slice(-3)
          .map((t) => `${t.status}: ${t.note}`)
          .join(' / ');
        throw new Error(
          `case ${caseId} is ${last.status}, not ${wanted.join('|')}, after ${timeoutMs} ms (last: ${tail})`,
        );
      }
      await sleep(opts.intervalMs ?? 100);
    }
  }

  /**
   * Waits until a human step is open on the case: its status, and the task the workflow registered
   * (the case view's `pendingTask` and its kind). With `registeredSince`, the registration must be that
   * recent, e.g. after a restart, when the stored task still names the previous runtime's execution:
   * the timeline must show the step's registration (its action code `task.waiting`) since then. The
   * timeline's words are never read.
   */
  waitForTask(
    caseId: string,
    status: CaseStatus,
    kind: PendingTaskKind,
    opts: { timeoutMs?: number; registeredSince?: string } = {},
  ): Promise<CaseView> {
    const since = opts.registeredSince ? Date.parse(opts.registeredSince) : undefined;
    return this.waitForStatus(caseId, status, opts.timeoutMs ?? 30_000, {
      until: (c) =>
        c.pendingTask?.kind === kind &&
        (since === undefined ||
          c.timeline.some(
            (t) => t.status === status && t.action === TASK_WAITING_ACTION && Date.parse(t.at) >= since,
          )),
    });
  }
}
