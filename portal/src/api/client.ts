import { freshToken, refreshSession } from '../auth/refresh';
import { getRefreshToken, getSession, signOut } from '../auth/session';
import { pickNote } from '../lib/format';
import type { Problem, ProblemCode, ProblemMembers } from './contract';
import { RETRYABLE_CODES } from './retryable';

/** Same origin as the portal: `/api` locally (the runtime) and on AWS (CloudFront routes /api/* to API Gateway). */
export const API_BASE = '/api';

/**
 * A problem+json answer as the portal receives it: the contract's members (shared/contract/problem.ts),
 * each of which a server older than the stable codes may leave out, and the extra members of
 * docs/api-conformance.md. Anything that does not parse as JSON becomes a problem with only a status.
 */
export type ReceivedProblem = Partial<Problem> & ProblemMembers;

const isChinese = (lang: string) => lang.startsWith('zh');

/** Words the server wrote for a person: English always, Simplified Chinese where it wrote them. */
export interface ServerWords {
  en: string;
  zh?: string | undefined;
}

/** The reader's own words: Chinese for zh-CN when the server wrote them, English otherwise. */
export function wordsIn(words: ServerWords, lang: string): string {
  return isChinese(lang) ? (words.zh ?? words.en) : words.en;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ReceivedProblem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The stable code to branch on (never the prose); undefined from a server that sends none. */
  get code(): ProblemCode | undefined {
    return this.problem.code;
  }

  /** Nothing was wrong with the request: the same request may be sent again after a short pause. */
  get retryable(): boolean {
    return this.code !== undefined && RETRYABLE_CODES.has(this.code);
  }

  /**
   * The server's words about what happened, in the reader's language: `detailZh` for Chinese readers,
   * `detail` (English) otherwise. A server older than `detailZh` writes "中文 / English" details, of
   * which each reader gets their half, or English only, which Chinese readers are not shown (the
   * banner's own title already says what happened in their words).
   */
  detailIn(lang: string): string | undefined {
    const { detail, detailZh } = this.problem;
    if (detailZh) return wordsIn({ en: detail ?? detailZh, zh: detailZh }, lang);
    if (!detail) return undefined;
    const mine = pickNote(detail, lang);
    return isChinese(lang) && !/[\u3000-\u9fff]/.test(mine) ? undefined : mine;
  }

  /**
   * The field errors keyed by the field path without the `body.` / `query.` prefix, in both languages
   * (`messageZh` where the server wrote one), so that a form words them when it renders.
   */
  fieldErrors(): Record<string, ServerWords> {
    const out: Record<string, ServerWords> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.replace(/^(body|query|params|path)\./, '');
      out[key] ??= { en: e.message, zh: e.messageZh };
    }
    return out;
  }
}

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** money and state-changing POSTs: the same key on every retry, so a repeat is answered, not redone */
  idempotencyKey?: string;
  /**
   * The workflow reaches a human step a moment after the status changes; the API answers 409 with a
   * retryable code (NOT_READY) in that window, or when another write got in between (STALE_WRITE, BUSY).
   * Retried quietly, because the person did nothing wrong.
   */
  retryWhileNotReady?: boolean;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function url(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function readProblem(res: Response): Promise<ReceivedProblem> {
  const text = await res.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return { status: res.status, ...(parsed as ReceivedProblem) };
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  return { status: res.status, title: res.statusText, detail: text.slice(0, 300) };
}

export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = await freshToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const init: RequestInit = {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  let networkFailures = 0;
  let retries = 0;
  let renewed = false;
  for (;;) {
    let res: Response;
    try {
      res = await fetch(url(path, opts.query), init);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      // a phone that lost signal mid-request: the idempotency key makes the repeat safe
      if (networkFailures < 2 && (init.method === 'GET' || opts.idempotencyKey)) {
        networkFailures += 1;
        await sleep(600 * networkFailures);
        continue;
      }
      throw new NetworkError(error);
    }
    if (res.ok) {
      if (res.status === 204) return undefined as T;
      const type = res.headers.get('content-type') ?? '';
      return (type.includes('json') ? await res.json() : await res.text()) as T;
    }
    const error = new ApiError(res.status, await readProblem(res));
    if (res.status === 401) {
      // the token expired under way (a laptop that slept): renew it and send the request once more
      if (!renewed && getRefreshToken() && (await refreshSession())) {
        renewed = true;
        const renewedToken = getSession()?.token;
        if (renewedToken) headers.authorization = `Bearer ${renewedToken}`;
        continue;
      }
      signOut();
    }
    // branch on the code, never on the detail's words
    if (opts.retryWhileNotReady && error.retryable && retries < 10) {
      retries += 1;
      // IDEMPOTENCY_IN_PROGRESS says when the first attempt's key is free (Retry-After, at most the
      // API functions' 10 s timeout); the other retryable codes clear within a moment
      const retryAfter = Number(res.headers.get('retry-after'));
      await sleep(retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : 700);
      continue;
    }
    throw error;
  }
}

/** A local-runtime route that may not exist on AWS: undefined instead of an error when it is absent. */
export async function optionalFetch<T>(path: string, opts: RequestOptions = {}): Promise<T | undefined> {
  try {
    return await apiFetch<T>(path, opts);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return undefined;
    throw error;
  }
}

/**
 * The Idempotency-Key of one form's submission: the same body from the same form gets the same key (a
 * double tap or a retry is answered, not redone), a corrected body gets a new one (API.md: the same key
 * with a different body would be refused with 409).
 */
export function bodyKey(nonce: string, body: unknown): string {
  const text = JSON.stringify(body ?? null);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${nonce}-${h.toString(16).padStart(8, '0')}`;
}
