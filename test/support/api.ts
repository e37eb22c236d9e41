import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { afterAll, beforeAll, expect } from 'vitest';
import type { HttpEvent } from '../../functions/api/http/request.js';
import { DOCUMENT_FONT_FILE, DOCUMENT_FONTS_SOURCE } from '../../infra/layers/documentFonts.js';
import { projectPath } from '../../infra/paths.js';
import { localClientConfig } from '../../local/services/awsClientConfig.js';
import { ensureBucket } from '../../local/services/s3Local.js';
import type { RouteId } from '../../shared/auth/authorization.js';
import { signInClaims } from '../../shared/auth/staffSignIn.js';
import { PROBLEM_STATUS, problemSchema } from '../../shared/contract/problem.js';
import { createTable } from './createTable.js';
import { type LocalServices, withLocalServices } from './localServices.js';

/**
 * The harness that calls route handlers the way API Gateway (HTTP API, payload v2, Cognito JWT
 * authorizer) calls them on AWS, against DynamoDB Local and s3rver started for the test file.
 *
 * Handler modules are loaded with `loadRoute` (a dynamic import) and never imported statically: the
 * Powertools logger and metrics read their settings when their module is first evaluated, so the
 * environment below has to be in place before any handler module is.
 */
const STATIC_ENV = {
  EVENT_BUS_NAME: 'test-bus',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  S3_FORCE_PATH_STYLE: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'homestead-exit-test',
  POWERTOOLS_TRACE_ENABLED: 'false',
  // Powertools writes through the global console in dev mode (see the filter below)
  POWERTOOLS_DEV: 'true',
  // shared config/credential files of the machine must not change what the handlers talk to
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  // the documents' font, where the layer's folder has it (on AWS: /opt/fonts/…)
  DOCUMENT_FONT: projectPath(DOCUMENT_FONTS_SOURCE, DOCUMENT_FONT_FILE),
} as const;
Object.assign(process.env, STATIC_ENV);
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;

// The metrics middleware warns on every invocation that adds no metric, even with metrics disabled;
// thousands of identical lines would bury real output. Only that exact message is dropped.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) return;
  warn(...args);
};

/**
 * A table per test file (this module is loaded once per file): the files share one DynamoDB Local
 * (./sharedDynamo.ts), and two files running side by side must not see each other's items.
 */
export const TABLE_NAME = `homestead-exit-test-${randomUUID().slice(0, 8)}`;
export const DOCUMENTS_BUCKET = 'homestead-documents-test';

// ---------------------------------------------------------------------------------------------------
// route modules

export interface HttpResultLike {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}
/** A Lambda handler as middy exports it; the event type is left open so every route's handler fits. */
export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

export interface RouteModule {
  route: { id: string; method: 'GET' | 'PUT' | 'POST'; path: string; idempotent?: boolean };
  handler: LambdaHandler;
}

/** functions/api/{routeId}.ts, or undefined while that route has not been written yet. */
export async function loadRoute(id: RouteId): Promise<RouteModule | undefined> {
  try {
    // a computed specifier, so the bundler leaves the import to the runtime and a missing file can be told apart
    const specifier = `../../functions/api/${id}.js`;
    return (await import(/* @vite-ignore */ specifier)) as RouteModule;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    // only "the file is not there" means missing; a module that fails to load is a real failure
    if (code === 'ERR_MODULE_NOT_FOUND' || /Failed to load url|Cannot find module/.test(message)) {
      if (message.includes(`functions/api/${id}`)) return undefined;
    }
    throw error;
  }
}

export async function mustLoadRoute(id: RouteId): Promise<RouteModule> {
  const mod = await loadRoute(id);
  if (!mod) throw new Error(`functions/api/${id}.ts does not exist`);
  return mod;
}

/** Several routes at once, by id: `const { createCase, getCase } = await loadRoutes('createCase', 'getCase')`. */
export async function loadRoutes<const T extends RouteId>(...ids: T[]): Promise<Record<T, RouteModule>> {
  const entries = await Promise.all(ids.map(async (id) => [id, await mustLoadRoute(id)] as const));
  return Object.fromEntries(entries) as Record<T, RouteModule>;
}

// ---------------------------------------------------------------------------------------------------
// invoking a handler

export interface TestPrincipal {
  sub: string;
  groups: string[];
  householdId?: string;
  village?: string;
  /** a town reviewer's town: the first 9 digits of its villages' codes */
  town?: string;
  district?: string;
  /** the standard `name` claim (issue 18): the person's display name */
  name?: string;
}

export interface InvokeOptions {
  /** absent: no token (API Gateway would refuse it; the pipeline must too) */
  principal?: TestPrincipal;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** a string is sent as the raw body text (for invalid JSON); anything else is JSON-encoded */
  body?: unknown;
  headers?: Record<string, string>;
  /** only for a bare handler; a route module brings its own */
  method?: string;
  path?: string;
}

export interface InvokeResult {
  status: number;
  /** the parsed body, or undefined when the body is not JSON */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever fields the contract names
  json: any;
  text: string;
  headers: Record<string, string>;
}

/** The claims exactly as the HTTP API JWT authorizer hands them to a Lambda: every value a string. */
export function jwtClaims(p: TestPrincipal): Record<string, string> {
  return {
    sub: p.sub,
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test',
    token_use: 'id',
    'cognito:username': p.sub,
    // the authorizer flattens the groups array into "[a b]"
    'cognito:groups': `[${p.groups.join(' ')}]`,
    ...(p.householdId ? { 'custom:householdId': p.householdId } : {}),
    ...(p.village ? { 'custom:village': p.village } : {}),
    ...(p.town ? { 'custom:town': p.town } : {}),
    ...(p.district ? { 'custom:district': p.district } : {}),
    ...(p.name ? { name: p.name } : {}),
    // what the user pool's sign-in trigger adds for staff, who sign in with an authenticator app
    // (shared/auth/staffSignIn.ts); without it principal.ts refuses a staff role
    ...signInClaims(p.groups, {}),
  };
}

function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));
}

export function httpEvent(
  method: string,
  pathTemplate: string,
  opts: Omit<InvokeOptions, 'method' | 'path'> = {},
): HttpEvent {
  const rawPath = fillPath(pathTemplate, opts.pathParameters ?? {});
  const query = opts.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const headers: Record<string, string> = {
    host: 'api.test',
    'user-agent': 'vitest',
    ...(opts.principal ? { authorization: 'Bearer test-token' } : {}),
    ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  // API Gateway lower-cases header names
  for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
  const now = new Date();
  const event = {
    version: '2.0',
    routeKey: `${method} ${pathTemplate}`,
    rawPath,
    rawQueryString,
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(opts.pathParameters && Object.keys(opts.pathParameters).length > 0
      ? { pathParameters: opts.pathParameters }
      : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'testapi',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: `${method} ${pathTemplate}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(opts.principal
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: jwtClaims(opts.principal), scopes: null },
            },
          }
        : {}),
    },
    ...(opts.body !== undefined
      ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
      : {}),
    isBase64Encoded: false,
  };
  return event as unknown as HttpEvent;
}

/** A Lambda context with a deadline, as Powertools (logger, idempotency) expects one. */
export function lambdaContext(functionName = 'api-test', timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2025/01/01/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function isRouteModule(target: RouteModule | LambdaHandler): target is RouteModule {
  return typeof target === 'object' && target !== null && 'handler' in target;
}

export async function invoke(
  target: RouteModule | LambdaHandler,
  opts: InvokeOptions = {},
): Promise<InvokeResult> {
  const handler = isRouteModule(target) ? target.handler : target;
  const method = isRouteModule(target) ? target.route.method : (opts.method ?? 'GET');
  const path = isRouteModule(target) ? target.route.path : (opts.path ?? '/');
  const event = httpEvent(method, path, opts);
  const functionName = isRouteModule(target) ? target.route.id : 'api-test';
  const raw = (await handler(event as never, lambdaContext(functionName))) as HttpResultLike;
  if (!raw || typeof raw.statusCode !== 'number') {
    throw new Error(`the handler did not answer an HTTP result: ${JSON.stringify(raw)}`);
  }
  const text = raw.body ?? '';
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: raw.statusCode, json, text, headers: raw.headers ?? {} };
}

// ---------------------------------------------------------------------------------------------------
// the per-file environment

export interface ApiEnvironment {
  services: LocalServices;
  /** a client for the documents bucket, for looking at what the handlers stored */
  s3: S3Client;
}

export interface ApiEnvironmentOptions {
  /**
   * Wire s3rver's ObjectCreated notifications to the upload verifier, as the bucket notification does
   * on AWS.
   */
  verifyUploads?: boolean;
}

/** Points the handlers at the given endpoints and forgets every cached client, config and wrapper. */
export async function pointHandlersAt(dynamoEndpoint: string, s3Endpoint: string): Promise<void> {
  Object.assign(process.env, STATIC_ENV, {
    TABLE_NAME,
    DOCUMENTS_BUCKET,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
  });
  const [{ resetClients }, { resetAppConfig }, { resetIdempotency }] = await Promise.all([
    import('../../shared/adapters/clients.js'),
    import('../../shared/adapters/config.js'),
    import('../../functions/api/http/idempotency.js'),
  ]);
  resetClients();
  resetAppConfig();
  resetIdempotency();
}

/** Starts DynamoDB Local and s3rver, creates the table and the bucket, and points the handlers at them. */
export async function startApiEnvironment(opts: ApiEnvironmentOptions = {}): Promise<ApiEnvironment> {
  let onObjectCreated: ((record: unknown) => Promise<void>) | undefined;
  if (opts.verifyUploads) {
    const { verifyUploads } = await import('../../functions/documents/verifyUpload.js');
    onObjectCreated = (record) => verifyUploads({ Records: [record] } as S3Event);
  }
  // fails at once, before anything else starts, when java is missing (with how to install it)
  const services = await withLocalServices({
    buckets: [DOCUMENTS_BUCKET],
    ...(onObjectCreated ? { onObjectCreated } : {}),
  });
  try {
    await createTable(services.dynamo.endpoint, TABLE_NAME);
    await ensureBucket(services.s3.endpoint, DOCUMENTS_BUCKET);
    await pointHandlersAt(services.dynamo.endpoint, services.s3.endpoint);
  } catch (error) {
    await services.stop();
    throw error;
  }
  return { services, s3: new S3Client(localClientConfig(services.s3.endpoint)) };
}

/**
 * One DynamoDB Local and one s3rver for the calling test file, started in beforeAll and stopped in
 * afterAll. The returned object is filled in once beforeAll has run.
 */
export function useApiEnvironment(opts: ApiEnvironmentOptions = {}): ApiEnvironment {
  const holder = {} as ApiEnvironment;
  beforeAll(async () => {
    Object.assign(holder, await startApiEnvironment(opts));
  });
  afterAll(async () => {
    holder.s3?.destroy();
    await holder.services?.stop();
  });
  return holder;
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 50, what = 'the condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** The error paths of a problem+json answer ("body.a, body.b" from an unknown-keys issue counts as two). */
export function problemPaths(res: InvokeResult): string[] {
  const errors: unknown = res.json?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: { path?: unknown }) => (typeof e.path === 'string' ? e.path.split(', ') : []));
}

/**
 * Asserts an API.md problem answer with the given status, and that every named field is listed
 * (the field itself or something inside it).
 */
export function expectProblem(res: InvokeResult, status: number, fields: string[] = []): void {
  expect(res.status, res.text).toBe(status);
  // soft: a malformed problem body fails the test without hiding what the rest of the test checks
  expect.soft(res.headers['content-type'] ?? '').toMatch(/^application\/problem\+json/);
  expect.soft(res.json).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    errors: expect.any(Array),
  });
  // the contract's problem: a stable code whose status is this status, and the Chinese a farmer reads
  const parsed = problemSchema.safeParse(res.json);
  expect.soft(parsed.success, `problem+json per shared/contract/problem.ts: ${res.text}`).toBe(true);
  if (parsed.success) expect.soft(PROBLEM_STATUS[parsed.data.code]).toBe(status);
  const paths = problemPaths(res);
  for (const field of fields) {
    expect
      .soft(
        paths.some((p) => p === field || p.startsWith(`${field}.`)),
        `${field} should be listed among ${JSON.stringify(paths)}`,
      )
      .toBe(true);
  }
}
