import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalIssuer } from '../../local/auth/localIssuer.js';
import { createHttpApi, MAX_REQUEST_BODY_BYTES } from '../../local/runtime/httpApi.js';
import type { LambdaHost } from '../../local/runtime/lambdaHost.js';
import type { LocalTopology } from '../../local/runtime/topology.js';
import { problemSchema } from '../../shared/contract/problem.js';

/**
 * What the local runtime's HTTP API answers before any handler runs, as API Gateway does (issue 16):
 * a path parameter that is not valid percent-encoding is a 400 naming it, a body over the HTTP API's
 * 10 MB a 413, both problem+json with a code, never a 500. The handler here is a recording stand-in
 * (no handler may run for these requests, which is what is checked); the HTTP layer is the real one.
 */
const invoked: unknown[] = [];
const topology = {
  routes: [{ method: 'POST', path: '/cases/{caseId}/review', functionId: 'Review', authorized: false }],
} as unknown as LocalTopology;
const host = {
  invoke: async (_id: string, event: unknown) => {
    invoked.push(event);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  },
} as unknown as LambdaHost;

let server: Server;
let base = '';
beforeAll(async () => {
  const api = createHttpApi({ topology, host, issuer: {} as LocalIssuer });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void api(req, res, url.pathname, url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(await res.json());
}

describe('the local HTTP API before a handler', () => {
  it('a path parameter that is not valid percent-encoding is a 400 naming it', async () => {
    const res = await fetch(`${base}/cases/C%E0%A4%A/review`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.code).toBe('VALIDATION_FAILED');
    expect(p.errors.map((e) => e.path)).toEqual(['path.caseId']);
    expect(invoked).toEqual([]);
  });

  it('a body over 10 MB is a 413, and one at the limit reaches the handler', async () => {
    const tooLarge = await fetch(`${base}/cases/C-1/review`, {
      method: 'POST',
      body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, 0x61),
    });
    expect(tooLarge.status).toBe(413);
    expect((await problemOf(tooLarge)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(invoked).toEqual([]);

    const atLimit = await fetch(`${base}/cases/C-1/review`, {
      method: 'POST',
      body: Buffer.alloc(MAX_REQUEST_BODY_BYTES, 0x61),
    });
    expect(atLimit.status).toBe(200);
    expect(invoked).toHaveLength(1);
  });
});
