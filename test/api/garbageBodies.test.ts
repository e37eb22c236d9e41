import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH, nestingDepth } from '../../functions/api/http/request.js';
import { ROUTE_IDS, type RouteId } from '../../shared/auth/authorization.js';
import {
  type InvokeResult,
  invoke,
  loadRoute,
  problemPaths,
  type RouteModule,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import {
  applicationBody,
  householdRecord,
  installDoubles,
  OWN_DISTRICT,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  seedCase,
  seedRegistry,
  VILLAGES,
} from '../support/seed.js';

/**
 * Bad input, for every route: a generated garbage body gets a 400 that lists the offending fields,
 * never a 500 ("Never a 500 for anything a client can send", API.md). The caller holds every role,
 * so no route refuses before it reads its input.
 */
const EVERYONE: TestPrincipal = {
  sub: 'garbage-sender',
  groups: ['applicant', 'village_reviewer', 'fund_admin', 'registrar', 'auditor', 'district_approver'],
  householdId: OWN_HOUSEHOLD,
  village: OWN_VILLAGE,
  district: OWN_DISTRICT,
};

/** A valid body per route, from API.md's table: a field of it replaced by garbage must be named. */
function validBody(id: RouteId): Record<string, unknown> | undefined {
  const { villageCode: _code, ...village } = VILLAGES.own;
  const bodies: Partial<Record<RouteId, Record<string, unknown>>> = {
    putVillage: village,
    putHousehold: householdRecord(OWN_HOUSEHOLD, OWN_VILLAGE) as unknown as Record<string, unknown>,
    createCase: applicationBody(OWN_HOUSEHOLD),
    createDocument: { kind: 'id_card', contentType: 'application/pdf', sizeBytes: 1000 },
    reviewCase: {
      decision: 'approve',
      reasons: ['材料齐全'],
      resolution: { meetingDate: '2025-06-10', membersPresent: 10, votesFor: 8, votesAgainst: 1 },
    },
    createObjection: { text: '公示内容与事实不符' },
    chooseResettlement: { option: 'cash' },
    decideAdvance: { decision: 'approve', note: '资料齐全' },
    appealCase: { text: '请求复核' },
    createReplenishment: {
      source: 'quota_sale',
      amountFen: 100_000,
      reference: 'R-2025-001',
      quotaM2: 120.5,
    },
    // issue 16: four eyes on the fund
    proposeReversal: { reason: '重复录入' },
    decideFundApproval: { approve: false, reason: '金额有误' },
    recordMilestone: { kind: 'certificate_cancelled', cancellationNo: 'ZX-2026-001' },
    recordCollectivePayment: { tranche: 1, amountFen: 700_000, bankReference: 'YH-2026-001' },
    answerCollectivePayment: { confirmed: false, text: '未收到款项' },
    // issue 18: a read marker names the notice's time
    readNotification: { at: '2025-06-01T00:00:00.000Z' },
    // issue 19: the registry import's file and its start
    createRegistryDocument: { kind: 'registry_import', contentType: 'text/csv', sizeBytes: 1024 },
    startRegistryImport: { format: 'csv', documentId: 'RD-20250101-00000000' },
  };
  return bodies[id];
}

const PLACEHOLDER = /\{(\w+)\}/g;

useApiEnvironment();
const modules = new Map<RouteId, RouteModule | undefined>(
  await Promise.all(ROUTE_IDS.map(async (id) => [id, await loadRoute(id)] as const)),
);

let caseId = '';
beforeAll(async () => {
  installDoubles();
  await seedRegistry();
  caseId = (await seedCase({ status: 'draft' })).caseId;
});

function validPath(mod: RouteModule): Record<string, string> {
  const values: Record<string, string> = {
    caseId,
    documentId: 'D-20250101-00000000',
    householdId: OWN_HOUSEHOLD,
    villageCode: OWN_VILLAGE,
    tranche: '1',
  };
  return Object.fromEntries(
    [...mod.route.path.matchAll(PLACEHOLDER)].map((m) => [m[1] ?? '', values[m[1] ?? ''] ?? 'x']),
  );
}

function notJson(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

const noListSeparator = (key: string) => !key.includes(', ');

/** Bodies no route can accept: text that is not JSON, JSON that is not an object, objects with a key nobody defines. */
const garbageBody = fc.oneof(
  fc
    .string({ maxLength: 40 })
    .map((s) => `{${s}`)
    .filter(notJson),
  fc.string({ maxLength: 40 }).filter((s) => s.trim() !== '' && notJson(s)),
  fc
    .oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    )
    .map((v) => JSON.stringify(v)),
  fc
    .tuple(
      // ", " is left out of key names: the problem lists several unknown keys as one "a, b" path
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter(noListSeparator)
        .map((k) => `zz-unknown-${k}`),
      fc.jsonValue({ maxDepth: 2 }),
      fc.dictionary(fc.string({ maxLength: 8 }).filter(noListSeparator), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 4,
      }),
    )
    .map(([key, value, rest]) => JSON.stringify({ ...rest, [key]: value })),
);

/** A value wrong for every field: none is nullable, and an object with an unknown key fits nothing. */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.jsonValue({ maxDepth: 1 }).map((v) => ({ 'zz-unknown': v })),
  fc.constant([{ 'zz-unknown': true }]),
);

/** Every path into a JSON value (object keys and array indexes), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  }
  return [];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  }
  const record = value as Record<string, unknown>;
  return { ...record, [head as string]: replaceAt(record[head as string], rest, replacement) };
}

function expectNot500(res: InvokeResult, sent: unknown): void {
  expect(res.status, `sent ${JSON.stringify(sent)} → ${res.text}`).toBeLessThan(500);
}

function expectBadRequestListing(res: InvokeResult, prefix: string, sent: unknown): void {
  expectNot500(res, sent);
  expect(res.status, `sent ${JSON.stringify(sent)} → ${res.text}`).toBe(400);
  expect(res.headers['content-type'] ?? '').toMatch(/^application\/problem\+json/);
  const paths = problemPaths(res);
  expect(paths.length, `no field listed for ${JSON.stringify(sent)}`).toBeGreaterThan(0);
  for (const p of paths) expect(p === prefix || p.startsWith(`${prefix}.`), p).toBe(true);
  for (const e of res.json.errors) expect(typeof e.message).toBe('string');
}

describe('garbage input', () => {
  for (const id of ROUTE_IDS) {
    const mod = modules.get(id);
    if (!mod) {
      // every route of API.md must have its handler: a missing one fails rather than being skipped
      it(`${id}: functions/api/${id}.ts exists`, () => {
        expect(mod, `functions/api/${id}.ts`).toBeDefined();
      });
      continue;
    }
    const takesBody = mod.route.method !== 'GET';

    describe(`${mod.route.method} ${mod.route.path}`, () => {
      if (takesBody) {
        it('a garbage body is a 400 listing the body, never a 500', async () => {
          await fc.assert(
            fc.asyncProperty(garbageBody, async (text) => {
              const res = await invoke(mod, {
                principal: EVERYONE,
                pathParameters: validPath(mod),
                body: text,
              });
              expectBadRequestListing(res, 'body', text);
            }),
            { numRuns: 40 },
          );
        });

        const valid = validBody(id);
        if (valid) {
          it('one field of a valid body made garbage is a 400 naming that field', async () => {
            const paths = pathsOf(valid);
            await fc.assert(
              fc.asyncProperty(fc.constantFrom(...paths), wrongValue, async (path, bad) => {
                const body = replaceAt(valid, path, bad);
                const res = await invoke(mod, { principal: EVERYONE, pathParameters: validPath(mod), body });
                expectBadRequestListing(res, 'body', body);
                const field = ['body', ...path].join('.');
                const listed = problemPaths(res);
                expect(
                  listed.some((p) => p === field || p.startsWith(`${field}.`)),
                  `${field} among ${JSON.stringify(listed)}`,
                ).toBe(true);
              }),
              { numRuns: 40 },
            );
          });

          it('a valid body with a field nobody defines is a 400 naming that field', async () => {
            await fc.assert(
              fc.asyncProperty(
                fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in valid) && noListSeparator(k)),
                fc.jsonValue({ maxDepth: 1 }),
                async (name, value) => {
                  const body = { ...valid, [name]: value };
                  const res = await invoke(mod, {
                    principal: EVERYONE,
                    pathParameters: validPath(mod),
                    body,
                  });
                  expectBadRequestListing(res, 'body', body);
                  expect(problemPaths(res)).toContain(`body.${name}`);
                },
              ),
              { numRuns: 20 },
            );
          });
        }
      } else {
        it('garbage query parameters and a stray body are never a 500; a 400 lists the query', async () => {
          await fc.assert(
            fc.asyncProperty(
              fc.dictionary(
                fc.oneof(
                  fc.constantFrom('status', 'cursor', 'limit', 'district', 'year', 'quarter', 'format'),
                  fc.string(),
                ),
                fc.string({ maxLength: 30 }),
                { maxKeys: 4 },
              ),
              garbageBody,
              async (query, body) => {
                const res = await invoke(mod, {
                  principal: EVERYONE,
                  pathParameters: validPath(mod),
                  query,
                  body,
                });
                expectNot500(res, { query, body });
                if (res.status === 400) expectBadRequestListing(res, 'query', query);
              },
            ),
            { numRuns: 40 },
          );
        });
      }

      if (mod.route.path.includes('{')) {
        it('a garbage path parameter is never a 500; a 400 lists the path', async () => {
          await fc.assert(
            fc.asyncProperty(fc.string({ maxLength: 80 }), async (value) => {
              const pathParameters = Object.fromEntries(Object.keys(validPath(mod)).map((k) => [k, value]));
              const body = validBody(id);
              const res = await invoke(mod, {
                principal: EVERYONE,
                pathParameters,
                ...(body ? { body } : {}),
              });
              expectNot500(res, pathParameters);
              if (res.status === 400) {
                expect(problemPaths(res).some((p) => p.startsWith('path.') || p.startsWith('body.'))).toBe(
                  true,
                );
              }
            }),
            { numRuns: 40 },
          );
        });

        it('an id that cannot be an id is a 400 naming the path parameter', async () => {
          const pathParameters = Object.fromEntries(Object.keys(validPath(mod)).map((k) => [k, '../a b?c']));
          const body = validBody(id);
          const res = await invoke(mod, { principal: EVERYONE, pathParameters, ...(body ? { body } : {}) });
          expect(res.status, res.text).toBe(400);
          for (const k of Object.keys(pathParameters)) expect(problemPaths(res)).toContain(`path.${k}`);
        });
      }
    });
  }
});

describe('garbage input to the document and fund overview routes (extensions of API.md)', () => {
  const BAD_IDS = ['../a b?c', 'quarantine/cases/x', '', ' ', 'a'.repeat(65), '-leading-dash', 'D#1', '文件'];

  it.each(['caseId', 'documentId'] as const)(
    'GET /cases/{caseId}/documents/{documentId}: a bad %s alone is a 400 naming only that parameter',
    async (field) => {
      const mod = modules.get('getDocument');
      if (!mod) throw new Error('functions/api/getDocument.ts does not exist');
      for (const bad of BAD_IDS) {
        const pathParameters = { ...validPath(mod), [field]: bad };
        const res = await invoke(mod, { principal: EVERYONE, pathParameters });
        expect(res.status, `${field}=${JSON.stringify(bad)} → ${res.text}`).toBe(400);
        expect([...new Set(problemPaths(res))]).toEqual([`path.${field}`]);
      }
    },
  );

  it('GET /cases/{caseId}/documents/{documentId}: an unknown path parameter is a 400 naming it', async () => {
    const mod = modules.get('getDocument');
    if (!mod) throw new Error('functions/api/getDocument.ts does not exist');
    const res = await invoke(mod, {
      principal: EVERYONE,
      pathParameters: { ...validPath(mod), key: 'quarantine/x' },
    });
    expect(res.status, res.text).toBe(400);
    expect(problemPaths(res)).toContain('path.key');
  });

  it('GET /fund/overview: unknown query parameters are ignored; a path parameter is a 400 naming it', async () => {
    const mod = modules.get('getFundOverview');
    if (!mod) throw new Error('functions/api/getFundOverview.ts does not exist');
    const ignored = await invoke(mod, { principal: EVERYONE, query: { district: '370303', limit: 'x' } });
    expect(ignored.status, ignored.text).toBe(200);
    expect(ignored.json.items).toHaveLength(8);

    const withPath = await invoke(mod, { principal: EVERYONE, pathParameters: { district: '370303' } });
    expect(withPath.status, withPath.text).toBe(400);
    expect(problemPaths(withPath)).toContain('path.district');
  });
});

describe('garbage input to the audit trail (GET /cases/{caseId}/audit, an extension of API.md)', () => {
  const AUDITOR: TestPrincipal = { sub: 'garbage-auditor', groups: ['auditor'], district: OWN_DISTRICT };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

  function audit(query: Record<string, string>, pathParameters: Record<string, string> = { caseId }) {
    const mod = modules.get('getCaseAudit');
    if (!mod) throw new Error('functions/api/getCaseAudit.ts does not exist');
    return invoke(mod, { principal: AUDITOR, pathParameters, query });
  }

  it.each(['0', '201', '-1', '1.5', 'x', '', '1e9'])(
    'limit=%j is a 400 naming query.limit',
    async (limit) => {
      const res = await audit({ limit });
      expect(res.status, res.text).toBe(400);
      expect([...new Set(problemPaths(res))]).toEqual(['query.limit']);
    },
  );

  it('limit 1 and 200 are allowed', async () => {
    for (const limit of ['1', '200']) expect((await audit({ limit })).status).toBe(200);
  });

  // functions of the seeded case's id, which exists only once beforeAll has run
  it.each<[string, (id: string) => string]>([
    ['not base64 JSON', () => '%%%not-a-cursor'],
    ['JSON that is not an object', () => b64([1, 2])],
    [
      'another case’s trail',
      () => b64({ PK: 'CASE#C-20250101-ffffffff', SK: 'AUDIT#2025-01-01T00:00:00Z#a' }),
    ],
    ['this case, but not its trail', (id) => b64({ PK: `CASE#${id}`, SK: 'DOC#D-20250101-00000000' })],
    ['a ledger position', () => b64({ PK: 'FUND#370302', SK: 'ENTRY#2025-01-01' })],
    ['a position with keys of an index', (id) => b64({ PK: `CASE#${id}`, SK: 'AUDIT#x', GSI1PK: 'V#1' })],
    ['too long', () => 'a'.repeat(2001)],
  ])('a cursor that is %s is a 400 naming query.cursor', async (_, cursor) => {
    const res = await audit({ cursor: cursor(caseId) });
    expect(res.status, res.text).toBe(400);
    expect([...new Set(problemPaths(res))]).toEqual(['query.cursor']);
  });

  it('a caseId that cannot be an id is a 400 naming path.caseId', async () => {
    const res = await audit({}, { caseId: '../a b?c' });
    expect(res.status, res.text).toBe(400);
    expect([...new Set(problemPaths(res))]).toEqual(['path.caseId']);
  });
});

describe('bodies that cost the parser more than any schema (issue 16)', () => {
  it('nestingDepth counts brackets and braces outside strings only', () => {
    expect(nestingDepth('{"a":[1,{"b":[]}]}', 32)).toBe(4);
    expect(nestingDepth('{"a":"[[[[{{{{\\"[[[["}', 32)).toBe(1);
    expect(nestingDepth('[[[[[[', 3)).toBe(4); // stops once past the limit
  });

  it('10 MB of "[" is a 400 naming the body at once, before JSON.parse spends seconds on it', async () => {
    const mod = modules.get('reviewCase') as RouteModule;
    const started = performance.now();
    const res = await invoke(mod, {
      principal: EVERYONE,
      pathParameters: validPath(mod),
      body: '['.repeat(10 * 1024 * 1024),
    });
    const elapsedMs = performance.now() - started;
    expect(res.status).toBe(400);
    expect(problemPaths(res)).toEqual(['body']);
    // not a timing assertion of the suite's speed: JSON.parse of this body takes ≈ 7 s of CPU, the scan
    // stops after 33 characters; 2 s leaves room for a loaded CI machine
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it(`a body nested exactly ${MAX_BODY_DEPTH} deep still reaches the schema (which names what is wrong)`, async () => {
    const mod = modules.get('createObjection') as RouteModule;
    const deep = `${'['.repeat(MAX_BODY_DEPTH - 1)}1${']'.repeat(MAX_BODY_DEPTH - 1)}`;
    const res = await invoke(mod, {
      principal: EVERYONE,
      pathParameters: validPath(mod),
      body: `{"text":${deep}}`,
    });
    expect(res.status).toBe(400);
    expect(problemPaths(res)).toEqual(['body.text']);
  });
});
