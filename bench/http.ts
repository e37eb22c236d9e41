/** A small JSON client for the local API (127.0.0.1 only), with a timeout on every request. */

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status} ${JSON.stringify(body).slice(0, 500)}`);
    this.name = 'ApiError';
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

export class Api {
  constructor(readonly baseUrl: string) {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(baseUrl)) throw new Error(`not a local URL: ${baseUrl}`);
  }

  async call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    opts: { token?: string; body?: unknown } = {},
  ): Promise<ApiAnswer<T>> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy page or a crash): kept as text for the error message
    }
    return { status: res.status, body: body as T, ms };
  }

  /** The call, failing unless the answer has one of the expected statuses. */
  async expect<T = unknown>(
    expected: number[],
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    opts: { token?: string; body?: unknown } = {},
  ): Promise<ApiAnswer<T>> {
    const answer = await this.call<T>(method, path, opts);
    if (!expected.includes(answer.status)) throw new ApiError(method, path, answer.status, answer.body);
    return answer;
  }

  async login(userId: string): Promise<string> {
    const { body } = await this.expect<{ token: string }>([200], 'POST', '/local/login', {
      body: { userId },
    });
    return body.token;
  }
}
