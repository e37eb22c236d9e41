import { getSession, signOut } from '../auth/session';
import type { Problem } from './types';

/** Same origin as the portal: `/api` locally (the runtime) and on AWS (CloudFront routes /api/* to API Gateway). */
export const API_BASE = '/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The field errors keyed by the field path without the `body.` / `query.` prefix. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.replace(/^(body|query|params)\./, '');
      out[key] ??= e.message;
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
   * The workflow reaches a human step a moment after the status changes; the API answers 409 "try again
   * shortly" in that window. Retried quietly, because the household did nothing wrong.
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

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const parsed = JSON.parse(text) as Problem;
    return { status: res.status, ...parsed };
  } catch {
    return { status: res.status, title: res.statusText, detail: text.slice(0, 300) };
  }
}

export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getSession()?.token;
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
  let notReady = 0;
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
    const problem = await readProblem(res);
    if (res.status === 401) signOut();
    if (
      res.status === 409 &&
      opts.retryWhileNotReady &&
      /shortly/i.test(problem.detail ?? '') &&
      notReady < 10
    ) {
      notReady += 1;
      await sleep(700);
      continue;
    }
    throw new ApiError(res.status, problem);
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
