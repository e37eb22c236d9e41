import type { Application } from '../../shared/domain/model/application.js';
import type { HouseholdInput } from '../../shared/domain/model/household.js';
import type { Offer, ResettlementOption } from '../../shared/domain/model/offer.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';

/**
 * A small typed client for the HTTP API of /work/shared/API.md, as an outside system would use it: it
 * knows only the wire contract (JSON over HTTP, a bearer token per user), never the handlers. The types
 * below describe the fields the demo and the end-to-end tests read; the server may send more.
 */

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(
      `${method} ${path} → ${status} ${problem.title ?? ''}: ${problem.detail ?? JSON.stringify(problem)}`,
    );
    this.name = 'ApiError';
  }
}

export interface FindingView {
  ruleId: string;
  clause: string;
  passed: boolean;
  messageZh: string;
  messageEn: string;
}

export interface TimelineEntry {
  at: string;
  status: CaseStatus;
  actor: string;
  note: string;
}

export interface AdvanceApproval {
  adminId: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
}

export interface AdvanceView {
  status: 'pending_approval' | 'approved' | 'queued' | 'paid' | 'rejected';
  amountFen: number;
  requiredApprovals: number;
  approvals: AdvanceApproval[];
  approvedAt?: string;
  paidAt?: string;
  entryId?: string;
  rejectionReason?: string;
}

export interface AgreementView {
  agreementId: string;
  option: ResettlementOption;
  amountFen: number;
  payableFen: number;
  balanceFen?: number;
  rewardIncluded: boolean;
  signedAt: string;
  documentKey: string;
  surrendered: { right: string; items: string[] }[];
}

export type PendingTaskKind = 'village_review' | 'resubmission' | 'resettlement_choice' | 'fund_review';

export interface CaseView {
  caseId: string;
  type: Application['type'];
  householdId: string;
  village: string;
  districtCode: string;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  findings: FindingView[];
  rightsCheck?: {
    passed: boolean;
    violations: { right: string; messageZh: string; messageEn: string }[];
  };
  objections: { objectionId: string; text: string; by: string; at: string; resolved: boolean }[];
  reviews: { decision: string; reasons: string[]; reviewer: string; at: string }[];
  offers: Offer[];
  offeredAt?: string;
  choice?: ResettlementOption;
  agreement?: AgreementView;
  advance?: AdvanceView;
  pendingTask?: { kind: PendingTaskKind; dueAt: string; escalated?: boolean };
  timeline: TimelineEntry[];
  appeals: { stage: string; text: string; at: string; actor: string }[];
  failure?: { cause: string; at: string };
  parametersVersion?: string;
}

export interface CaseSummary {
  caseId: string;
  householdId: string;
  status: CaseStatus;
  pendingTask?: { kind: PendingTaskKind; dueAt: string };
}

export interface FundView {
  districtCode: string;
  balanceFen: number;
  advancedFen: number;
  replenishedFen: number;
  queuedFen: number;
  queueLength: number;
  entryCount?: number;
  reconciled?: { entriesSumFen: number; matches: boolean };
}

export interface LedgerEntryView {
  entryId: string;
  at: string;
  kind: 'advance' | 'replenishment' | 'reversal';
  amountFen: number;
  debit?: string;
  credit?: string;
  caseId?: string;
  agreementId?: string;
  reference?: string;
  actor: string;
  seq?: number;
  balanceAfterFen?: number;
}

export interface ReplenishmentView extends LedgerEntryView {
  paidAdvances: { caseId: string; entryId: string; amountFen: number }[];
}

export interface ReviewBody {
  decision: 'approve' | 'reject' | 'return';
  reasons: string[];
  resolution: { meetingDate: string; membersPresent: number; votesFor: number; votesAgainst: number };
}

export interface LocalUserView {
  userId: string;
  displayName?: string;
  groups: string[];
  householdId?: string;
  village?: string;
  district?: string;
}

/** What an entry does to the money held: only `fund_cash` is cash (docs/fund.md). */
export function cashEffectFen(e: Pick<LedgerEntryView, 'amountFen' | 'debit' | 'credit' | 'kind'>): number {
  if (e.debit === 'fund_cash') return e.amountFen;
  if (e.credit === 'fund_cash') return -e.amountFen;
  if (e.debit === undefined && e.credit === undefined) {
    // a server that omits the accounts: advances leave the fund, replenishments enter it
    return e.kind === 'advance' ? -e.amountFen : e.kind === 'replenishment' ? e.amountFen : 0;
  }
  return 0;
}

/** The timeline note the workflow writes when a human step starts waiting (functions/workflow/registerTask.ts). */
const WAITING_NOTE = /waiting for/;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  query?: Record<string, string | number | undefined>;
}

export interface RawResponse<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

export interface Anomaly {
  method: string;
  path: string;
  status: number;
  detail: string;
  userId: string;
}

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
   * A decision that ends a human step. Retried while the server answers 409 "try again" (the workflow has
   * not stored the step's token yet) or "changed by someone else" (a workflow write raced this one and a
   * fresh read decides again). A 5xx is not retried blindly: the decision may have committed before the
   * error, so the case is read back and, if this user's decision is on its timeline, the call counts as
   * done and the 5xx is kept in `api.anomalies` for the caller to report.
   */
  private async decide<T>(
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
        const retry = error.status === 409 && /try again|changed by someone else/i.test(detail);
        if (retry && Date.now() < until) {
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
  ): Promise<unknown> {
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
  createCase(
    application: Application,
    idempotencyKey?: string,
  ): Promise<{ caseId: string; status: CaseStatus }> {
    return this.call('POST', '/cases', { body: application, ...(idempotencyKey ? { idempotencyKey } : {}) });
  }
  submit(caseId: string): Promise<{ caseId: string; status: CaseStatus }> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/submit`, {}, (c) => ({ caseId, status: c.status }));
  }
  getCase(caseId: string): Promise<CaseView> {
    return this.call('GET', `/cases/${caseId}`);
  }
  listCases(
    query: { status?: CaseStatus; cursor?: string; limit?: number } = {},
  ): Promise<{ items: CaseSummary[]; nextCursor?: string | null }> {
    return this.call('GET', '/cases', { query });
  }
  withdraw(caseId: string): Promise<{ status: CaseStatus }> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/withdraw`, {}, (c) => ({ status: c.status }));
  }
  review(caseId: string, body: ReviewBody): Promise<{ caseId: string; status: CaseStatus }> {
    return this.decide(caseId, 'POST', `/cases/${caseId}/review`, { body }, (c) => ({
      caseId,
      status: c.status,
    }));
  }
  object(caseId: string, text: string): Promise<{ objectionId: string; status: CaseStatus }> {
    return this.call('POST', `/cases/${caseId}/objections`, { body: { text } });
  }
  choose(
    caseId: string,
    option: ResettlementOption,
  ): Promise<{ agreementId: string; agreement?: AgreementView }> {
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
  appeal(caseId: string, text: string): Promise<{ caseId: string; status: CaseStatus }> {
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
      const page = await this.call<{ items: LedgerEntryView[]; nextCursor?: string | null }>(
        'GET',
        '/fund/ledger',
        {
          query: { cursor, limit: 100 },
        },
      );
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
  replenish(body: {
    source: 'quota_sale' | 'appropriation';
    amountFen: number;
    reference: string;
    quotaMu?: string | number;
  }): Promise<ReplenishmentView> {
    return this.call('POST', '/fund/replenishments', { body, idempotencyKey: `rep-${body.reference}` });
  }

  // reports and policy
  policyParameters(district: string): Promise<Record<string, unknown>> {
    return this.call('GET', '/policy/parameters', { query: { district } });
  }
  quarterlyReport(year: number, quarter: number, district: string): Promise<Record<string, unknown>> {
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
   * (pendingTask). With `registeredSince`, the registration must be that recent, e.g. after a restart,
   * when the stored task still names the previous runtime's execution.
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
            (t) => t.status === status && WAITING_NOTE.test(t.note) && Date.parse(t.at) >= since,
          )),
    });
  }
}
