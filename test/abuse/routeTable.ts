import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import type * as z from 'zod';
import { ROUTES } from '../../infra/api/routes.js';
import { projectPath } from '../../infra/paths.js';
import { AUTHORIZATION, ROUTE_IDS, type RouteId } from '../../shared/auth/authorization.js';
import { ROLES, type Role } from '../../shared/auth/principal.js';
import { ROUTE_RESPONSES } from '../../shared/contract/routes.js';
import { loadRoute, type RouteModule, type TestPrincipal } from '../support/api.js';
import {
  OTHER_DISTRICT,
  OTHER_HOUSEHOLD,
  OTHER_VILLAGE,
  OWN_DISTRICT,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  principals,
} from '../support/seed.js';
import { type Body, brokenBodyArbitrary, oddString, validBodyArbitrary } from './mutations.js';
import { arbitraryOf, type Hints, type JsonSchema, jsonSchemaOf } from './schemaArbitrary.js';

/**
 * The routes the sweep covers, read from the project's own tables rather than listed here, so a route
 * added later is swept without touching this suite: every id of shared/auth/authorization.ts
 * ROUTE_IDS, of infra/api/routes.ts ROUTES, of shared/contract/routes.ts ROUTE_RESPONSES, and every
 * functions/api/*.ts file that exports a `route`. `routeTableProblems` lists what does not line up
 * (an id in one table but not another, a module without schemas), which the sweep reports as a failure.
 */
export interface SweepRoute {
  id: RouteId;
  module: RouteModule & {
    route: RouteModule['route'] & { params: z.ZodType; query: z.ZodType; body: z.ZodType };
  };
  params: JsonSchema;
  query: JsonSchema;
  body: JsonSchema;
}

const API_DIR = projectPath('functions', 'api');

export function routeFileIds(): string[] {
  return readdirSync(API_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
}

export interface RouteTable {
  routes: SweepRoute[];
  problems: string[];
}

export async function loadRouteTable(): Promise<RouteTable> {
  const problems: string[] = [];
  const ids = new Set<string>([
    ...ROUTE_IDS,
    ...Object.keys(ROUTES),
    ...Object.keys(ROUTE_RESPONSES),
    ...routeFileIds(),
  ]);
  const routes: SweepRoute[] = [];
  for (const id of [...ids].sort()) {
    const inTables = {
      ROUTE_IDS: (ROUTE_IDS as readonly string[]).includes(id),
      'infra ROUTES': id in ROUTES,
      ROUTE_RESPONSES: id in ROUTE_RESPONSES,
    };
    const mod = await loadRoute(id as RouteId);
    // a file in functions/api without a `route` export is a helper, not a route
    if (!mod?.route && !Object.values(inTables).some(Boolean)) continue;
    for (const [table, present] of Object.entries(inTables)) {
      if (!present) problems.push(`${id}: not in ${table}`);
    }
    const route = mod?.route as Partial<SweepRoute['module']['route']> | undefined;
    if (!mod || !route) {
      problems.push(`${id}: functions/api/${id}.ts does not export a route`);
      continue;
    }
    const spec = ROUTES[id as RouteId];
    if (spec && (spec.method !== route.method || spec.path !== route.path)) {
      problems.push(
        `${id}: infra says ${spec.method} ${spec.path}, the handler ${route.method} ${route.path}`,
      );
    }
    // the handler names its answers' schemas itself (issue 17: its bundle carries only those); they must be
    // the contract's, status for status and schema for schema
    const own = (route as { responses?: Readonly<Record<number, z.ZodType>> }).responses ?? {};
    const contract: Readonly<Record<number, z.ZodType>> =
      ROUTE_RESPONSES[id as keyof typeof ROUTE_RESPONSES] ?? {};
    for (const status of new Set([...Object.keys(own), ...Object.keys(contract)]).values()) {
      if (own[Number(status)] !== contract[Number(status)])
        problems.push(
          `${id}: its ${status} answer's schema is not shared/contract/routes.ts ROUTE_RESPONSES'`,
        );
    }
    try {
      if (!route.params || !route.query || !route.body)
        throw new Error('params, query or body schema missing');
      const schemas = {
        params: jsonSchemaOf(route.params),
        query: jsonSchemaOf(route.query),
        body: jsonSchemaOf(route.body),
      };
      // every generator must be able to produce a value: draw one of each now, so a schema the
      // generator cannot follow is reported here, by route, and not as a crash in the middle of the sweep
      for (const s of Object.values(schemas)) fc.sample(arbitraryOf(s, 'typical'), { numRuns: 1, seed: 1 });
      routes.push({ id: id as RouteId, module: mod as SweepRoute['module'], ...schemas });
    } catch (error) {
      problems.push(
        `${id}: no generator from its schemas (${error instanceof Error ? error.message : error})`,
      );
    }
  }
  return { routes, problems };
}

// ---------------------------------------------------------------------------------------------------
// who calls

/** The seed's principal for each role, in the scope of the seeded "own" household, village and district. */
const IN_SCOPE: Record<Role, TestPrincipal> = {
  applicant: principals.applicant,
  village_reviewer: principals.reviewer,
  fund_admin: principals.fundAdmin,
  registrar: principals.registrar,
  auditor: principals.auditor,
  town_reviewer: principals.townReviewer,
  district_approver: principals.districtApprover,
  land_officer: principals.landOfficer,
};

/** Every role at once, all in scope: no route refuses this caller before reading its input. */
const EVERY_ROLE: TestPrincipal = {
  sub: 'abuse-every-role',
  groups: [...ROLES],
  householdId: principals.applicant.householdId,
  village: principals.reviewer.village,
  town: principals.townReviewer.town,
  district: principals.fundAdmin.district,
};

/** The same roles, everything they own elsewhere (the "other" household, village and district). */
const OUT_OF_SCOPE: TestPrincipal[] = [
  principals.otherApplicant,
  principals.otherReviewer,
  principals.otherAuditor,
  { sub: 'abuse-other-fund', groups: ['fund_admin'], district: OTHER_DISTRICT },
  { sub: 'abuse-other-town', groups: ['town_reviewer'], town: OTHER_VILLAGE.slice(0, 9) },
  { sub: 'abuse-other-district', groups: ['district_approver', 'land_officer'], district: OTHER_DISTRICT },
  {
    sub: 'abuse-other-everything',
    groups: [...ROLES].filter((r) => r !== 'registrar'),
    householdId: OTHER_HOUSEHOLD,
    village: OTHER_VILLAGE,
    town: OTHER_VILLAGE.slice(0, 9),
    district: OTHER_DISTRICT,
  },
  // signed in, but with no role at all, or with none of the route's
  { sub: 'abuse-no-role', groups: [] },
];

export interface Caller {
  kind: 'in scope' | 'out of scope' | 'unauthenticated';
  principal?: TestPrincipal;
}

function callers(id: RouteId): { inScope: TestPrincipal[]; others: TestPrincipal[] } {
  const allowed = Object.keys(AUTHORIZATION[id] ?? {}) as Role[];
  return {
    inScope: [EVERY_ROLE, ...allowed.map((r) => IN_SCOPE[r])],
    others: [...OUT_OF_SCOPE, ...ROLES.filter((r) => !allowed.includes(r)).map((r) => IN_SCOPE[r])],
  };
}

const inScopeArbitrary = (id: RouteId) =>
  fc.constantFrom(...callers(id).inScope).map((p): Caller => ({ kind: 'in scope', principal: p }));

/** A caller the route must refuse: out of its scope, without its role, or not signed in. */
const outsiderArbitrary = (id: RouteId) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...callers(id).others)
        .map((p): Caller => ({ kind: 'out of scope', principal: p })),
    },
    { weight: 1, arbitrary: fc.constant<Caller>({ kind: 'unauthenticated' }) },
  );

// ---------------------------------------------------------------------------------------------------
// a whole request

export interface SweepRequest {
  caller: Caller;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  body: Body;
}

/** Values of real records for each path parameter name (filled in once the seed has run). */
export type PathPool = Record<string, string[]>;

/** A real record's id for the parameter (or one its schema allows when there is none). */
function realParam(name: string, schema: JsonSchema | undefined, pool: PathPool): fc.Arbitrary<string> {
  const real = pool[name] ?? [];
  if (real.length > 0) return fc.constantFrom(...real);
  return schema ? arbitraryOf(schema, 'typical').map((v) => wellFormed(String(v))) : fc.constant('x');
}

/**
 * API Gateway hands a handler decoded path parameters, and decoding never yields a lone surrogate
 * (bad percent-encoding is refused before: test/abuse/http.test.ts), so lone surrogates become U+FFFD.
 */
function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const namesOf = (route: SweepRoute) =>
  [...route.module.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

function realPath(route: SweepRoute, pool: PathPool): fc.Arbitrary<Record<string, string>> {
  const names = namesOf(route);
  const model: Record<string, fc.Arbitrary<string>> = Object.fromEntries(
    names.map((n) => [n, realParam(n, route.params.properties?.[n], pool)]),
  );
  return fc.record(model);
}

/** A path with something wrong: an odd value, a parameter missing, or one nobody defines. */
function oddPath(route: SweepRoute, pool: PathPool): fc.Arbitrary<Record<string, string>> {
  const names = namesOf(route);
  return fc.tuple(realPath(route, pool), fc.nat(9), oddString).map(([params, dice, odd]) => {
    if (dice === 0 && names.length > 0) {
      const { [names[0] ?? '']: _missing, ...rest } = params;
      return rest;
    }
    if (dice === 1 || names.length === 0) return { ...params, [wellFormed(odd) || 'extra']: 'x' };
    return { ...params, [names[dice % names.length] ?? '']: wellFormed(odd) };
  });
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** The route's own query parameters, from its schema, as text (each present or not). */
function validQuery(route: SweepRoute, hints: Hints): fc.Arbitrary<Record<string, string>> {
  const props = route.query.properties ?? {};
  const own = Object.fromEntries(
    Object.entries(props).map(([k, s]) => {
      const fromSchema = arbitraryOf(s, 'typical').map(asText);
      const hint = hints[k];
      return [k, hint ? fc.oneof(hint.map(asText), fromSchema) : fromSchema];
    }),
  );
  return fc.record(own, { requiredKeys: [] }) as unknown as fc.Arbitrary<Record<string, string>>;
}

/** Query parameters with odd values, and names nobody defines. */
function oddQuery(route: SweepRoute): fc.Arbitrary<Record<string, string>> {
  const own = Object.fromEntries(Object.keys(route.query.properties ?? {}).map((k) => [k, oddString]));
  return fc
    .tuple(fc.record(own, { requiredKeys: [] }), fc.dictionary(oddString, oddString, { maxKeys: 2 }))
    .map(([mine, extra]) => ({ ...extra, ...(mine as Record<string, string>) }));
}

const SIGNED_AT = '2025-06-01T09:00:00+08:00';

/** Real values by property name, from the seed (./sweep.test.ts fills the pool). */
export function hintsFrom(pool: PathPool): Hints {
  const one = (values: string[] | undefined, fallback: string) =>
    fc.constantFrom(...(values?.length ? values : [fallback]));
  return {
    householdId: fc.constant(OWN_HOUSEHOLD),
    caseId: one(pool.caseId, 'C-20250101-00000000'),
    villageCode: fc.constant(OWN_VILLAGE),
    district: fc.constant(OWN_DISTRICT),
    districtCode: fc.constant(OWN_DISTRICT),
    memberId: fc.constantFrom('m1', 'm2'),
    headMemberId: fc.constant('m1'),
    parcelIds: fc.constant(['P1']),
    plotIds: fc.constantFrom(['C1'], ['C1', 'C2']),
    documentIds: one(pool.documentId, 'D-20250101-00000000').map((d) => [d]),
    consents: fc.constant(
      ['m1', 'm2'].map((memberId) => ({ memberId, consented: true, signedAt: SIGNED_AT })),
    ),
    declarations: fc.constant({ voluntary: true }),
    signedAt: fc.constant(SIGNED_AT),
    tranche: fc.constantFrom(1, 2),
    year: fc.constantFrom(2025, 2026),
    quarter: fc.constantFrom(1, 2, 3, 4),
    // issue 18: a real notice's time (its key with the id), so a read marker reaches a real notice
    at: one(pool.noticeAt, SIGNED_AT),
  };
}

/**
 * One request to the route. Half are clean (a caller in scope, real ids, a valid body), so the rules
 * behind validation are reached; most of the rest have exactly one thing wrong (the body, the path, the
 * query, or the caller), so each fault meets an otherwise good request; the remainder are wrong
 * everywhere at once.
 */
export function requestArbitrary(route: SweepRoute, pool: PathPool): fc.Arbitrary<SweepRequest> {
  const hints = hintsFrom(pool);
  const takesBody = route.module.route.method !== 'GET';
  const none = fc.constant<Body>({ label: 'no body', text: () => undefined });
  // a GET's body is never read; one is still sent now and then, as a stray body must not matter
  const goodBody = takesBody ? validBodyArbitrary(route.body, hints) : none;
  const badBody = brokenBodyArbitrary(route.body, hints);
  const good = {
    caller: inScopeArbitrary(route.id),
    pathParameters: realPath(route, pool),
    query: validQuery(route, hints),
    body: goodBody,
  };
  return fc.oneof(
    { weight: 10, arbitrary: fc.record(good) },
    { weight: 5, arbitrary: fc.record({ ...good, body: badBody }) },
    { weight: 1, arbitrary: fc.record({ ...good, pathParameters: oddPath(route, pool) }) },
    { weight: 1, arbitrary: fc.record({ ...good, query: oddQuery(route) }) },
    { weight: 2, arbitrary: fc.record({ ...good, caller: outsiderArbitrary(route.id) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        caller: fc.oneof(inScopeArbitrary(route.id), outsiderArbitrary(route.id)),
        pathParameters: oddPath(route, pool),
        query: oddQuery(route),
        body: badBody,
      }),
    },
  );
}
