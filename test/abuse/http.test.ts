import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, type LocalIssuer } from '../../local/auth/localIssuer.js';
import { createHttpApi } from '../../local/runtime/httpApi.js';
import type { LambdaHost } from '../../local/runtime/lambdaHost.js';
import type { LocalTopology } from '../../local/runtime/topology.js';
import { type InvokeResult, lambdaContext, TABLE_NAME, useApiEnvironment } from '../support/api.js';
import { installDoubles, OWN_VILLAGE, principals, seedCase, seedRegistry } from '../support/seed.js';
import { answerFaults, clip } from './answers.js';
import { loadRouteTable } from './routeTable.js';
import { expectNoItemOver350KB } from './support.js';

/**
 * What only HTTP can send: bodies past API Gateway's 10 MB and path parameters that are not valid
 * percent-encoding. The local runtime's HTTP layer (local/runtime/httpApi.ts, the real one, with the
 * local JWT issuer) in front of the real handlers of every route (run in this process against this
 * file's table), so an answer from either side is checked: no 5xx, problem+json with a code.
 */
const env = useApiEnvironment();
const table = await loadRouteTable();

let server: Server;
let issuer: LocalIssuer;
let dataDir = '';
let base = '';
let token = '';
let caseId = '';

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
  caseId = (await seedCase({ status: 'village_review', token: true })).caseId;
  dataDir = await mkdtemp(join(tmpdir(), 'abuse-http-'));
  issuer = await createLocalIssuer({ dir: dataDir, issuerUrl: 'http://127.0.0.1/local' });
  token = await issuer.sign({
    userId: principals.reviewer.sub,
    groups: ['village_reviewer'],
    village: OWN_VILLAGE,
  });
  const topology = {
    routes: table.routes.map((r) => ({
      method: r.module.route.method,
      path: r.module.route.path,
      functionId: r.id,
      authorized: true,
    })),
  } as unknown as LocalTopology;
  const host = {
    invoke: (functionId: string, event: unknown) => {
      const route = table.routes.find((r) => r.id === functionId);
      if (!route) throw new Error(`no route ${functionId}`);
      return route.module.handler(event as never, lambdaContext(functionId));
    },
  } as unknown as LambdaHost;
  const api = createHttpApi({ topology, host, issuer });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    api(req, res, url.pathname, url.searchParams).catch((error: unknown) => {
      // the runtime itself failed: what API Gateway would answer as a 500
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

async function send(method: string, path: string, body?: Buffer | string): Promise<InvokeResult> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: Object.fromEntries(res.headers.entries()) };
}

describe('over HTTP, through the local runtime (issue 16)', () => {
  it('a 13 MB body to the local runtime is a 413 problem+json', async () => {
    const body = `{"decision":"return","reasons":["${'a'.repeat(13 * 1024 * 1024)}"]}`;
    const res = await send('POST', `/cases/${caseId}/review`, body);
    expect(res.status, clip(res.text)).toBe(413);
    expect(answerFaults('reviewCase', res)).toEqual([]);
    expect(res.json.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('POST /cases/C%E0%A4%A/review is a 400 problem+json naming the path', async () => {
    const res = await send('POST', '/cases/C%E0%A4%A/review', '{"decision":"approve"}');
    expect(res.status, clip(res.text)).toBe(400);
    expect(answerFaults('reviewCase', res)).toEqual([]);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain('path.caseId');
  });

  it('every route: bad percent-encoding in each path parameter is a 400 problem+json naming it', async () => {
    const BAD = ['C%E0%A4%A', '%', '%zz', '%C0%AF', '%ED%A0%80'];
    const failures: string[] = [];
    for (const r of table.routes) {
      const names = [...r.module.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      for (const name of names) {
        for (const bad of BAD) {
          const path = r.module.route.path.replace(/\{(\w+)\}/g, (_, n: string) =>
            n === name ? bad : n === 'caseId' ? caseId : '1',
          );
          const res = await send(
            r.module.route.method,
            path,
            r.module.route.method === 'GET' ? undefined : '{}',
          );
          const faults = answerFaults(r.id, res);
          const named =
            res.status === 400 &&
            (res.json?.errors ?? []).some((e: { path: string }) => e.path === `path.${name}`);
          if (faults.length > 0 || !named)
            failures.push(
              `${r.module.route.method} ${path} → ${res.status} ${clip(res.text, 200)} ${faults.join('; ')}`,
            );
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('after all of the above, no item in the table is over 350 KB', async () => {
    await expectNoItemOver350KB(env.services.dynamo.endpoint, TABLE_NAME);
  });
});
