import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { withActorName } from '../../../shared/auth/actorName.js';
import { authorizeRoute, type RouteId, type Scope } from '../../../shared/auth/authorization.js';
import { type Principal, principalFromClaims, type Role } from '../../../shared/auth/principal.js';
import { AppError, Unauthenticated, ValidationFailed } from '../../../shared/errors/appError.js';
import { withWriteDeadline } from '../../../shared/fund/contention.js';
import type { idempotent } from './idempotency.js';
import { IdempotencyKeyReused, RequestInProgress } from './idempotencyErrors.js';
import { logger, metrics } from './observability.js';
import { fieldErrors, type HttpResult, json, problem, problemOf, withSecurityHeaders } from './problem.js';
import { claimsOf, type HttpEvent, header, readJsonBody } from './request.js';

export interface RouteContext<P, Q, B> {
  principal: Principal;
  grants: { role: Role; scope: Scope }[];
  params: P;
  query: Q;
  body: B;
  /** one clock reading per request, so every record the request writes agrees on the time */
  now: string;
  requestId: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** raw text body (CSV); `body` is ignored when set */
  text?: string;
  /**
   * raw bytes (xlsx); `body` is ignored when set. Sent base64 with `isBase64Encoded: true`, which API
   * Gateway (HTTP API, payload 2.0) and the local runtime (local/runtime/httpApi.ts) decode to the bytes.
   */
  binary?: Uint8Array;
}

export interface RouteDefinition<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  id: RouteId;
  method: 'GET' | 'PUT' | 'POST';
  /** API.md path with {placeholders}, e.g. /cases/{caseId}/review */
  path: string;
  /**
   * The schemas of its JSON answers by status: its own entry of shared/contract/routes.ts ROUTE_RESPONSES
   * (test/contract checks they are the same schemas). Named here rather than looked up in that registry,
   * so that a function's bundle carries its own answers' schemas and not every route's (issue 17).
   */
  responses: Readonly<Record<number, z.ZodType>>;
  params: P;
  query: Q;
  body: B;
  /** accepts Idempotency-Key (POSTs that create things or move money) */
  idempotent?: boolean;
  handle(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<RouteResult>;
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationFailed(
      { zh: '提交的内容有误，请按提示修改。', en: `the ${where} is not valid` },
      fieldErrors(result.error, where === 'body' ? 'body' : where),
    );
  }
  return result.data;
}

/**
 * The answer as the wire contract (shared/contract) says it must be: a JSON body is checked against its
 * route's schema before it leaves, so a handler can never drift from what the portal and outside clients
 * are written against (every API test goes through here, so every test checks it). The body is sent as
 * the handler built it (extra fields are allowed by API.md); a body that breaks the contract is a bug,
 * logged and answered as one.
 */
function toHttp(
  routeId: RouteId,
  responses: Readonly<Record<number, z.ZodType>>,
  result: RouteResult,
): HttpResult {
  if (result.binary !== undefined) {
    return {
      statusCode: result.status,
      headers: result.headers ?? {},
      body: Buffer.from(result.binary).toString('base64'),
      isBase64Encoded: true,
    };
  }
  if (result.text !== undefined) {
    return { statusCode: result.status, headers: result.headers ?? {}, body: result.text };
  }
  const schema = responses[result.status];
  if (!schema) throw new Error(`${routeId} answered ${result.status}, which the contract does not list`);
  const checked = schema.safeParse(result.body);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 10);
    throw new Error(`${routeId} answered a body outside the contract (${issues.join('; ')})`);
  }
  return json(result.status, result.body, result.headers);
}

function errorToHttp(error: unknown): HttpResult {
  if (error instanceof AppError) return problemOf(error);
  if (error instanceof IdempotencyKeyReused) {
    return problem('IDEMPOTENCY_KEY_REUSED', {
      en: 'this Idempotency-Key was already used with a different request body',
      zh: '该请求编号（Idempotency-Key）已用于内容不同的请求。',
    });
  }
  if (error instanceof RequestInProgress) {
    const seconds = error.retryAfterSeconds;
    // the same request may be sent again after Retry-After: by then the first has answered, or its
    // function has timed out and the key is free (functions/api/http/idempotency.ts)
    const answer = problem(
      'IDEMPOTENCY_IN_PROGRESS',
      {
        en: `a request with this Idempotency-Key is still being processed; send it again in ${seconds} s`,
        zh: `相同的请求正在处理中，请 ${seconds} 秒后再次发送。`,
      },
      [],
      { retryAfterSeconds: seconds },
    );
    return { ...answer, headers: { ...answer.headers, 'retry-after': String(seconds) } };
  }
  // stored data that no longer parses, an outage, or a bug: never the client's fault, never leaked
  logger.error('unhandled error', error instanceof Error ? error : String(error));
  metrics.addMetric('UnhandledError', 'Count', 1);
  return problem('INTERNAL', { en: 'the request could not be completed; it has been logged' });
}

/** How an idempotent route runs its work under its key: ./idempotency.ts, passed in by ./idempotentRoute.ts. */
export type IdempotentRunner = typeof idempotent;

/**
 * The core request pipeline: authenticate, authorize the route, validate, run (idempotently), map errors.
 * An idempotent route needs `runIdempotent` (its handler imports lambdaHandler from ./idempotentRoute.ts):
 * only the POSTs that accept an Idempotency-Key carry the idempotency records code in their bundles.
 */
export function routeCore<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
  runIdempotent?: IdempotentRunner,
) {
  if (route.idempotent && !runIdempotent) {
    // a key the route accepts must never be ignored silently: fail when the handler module loads
    throw new Error(`${route.id} is idempotent: import lambdaHandler from ./http/idempotentRoute.js`);
  }
  const answer = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    // one metric per request: the request count per route is worth having, and logMetrics otherwise
    // warns on every invocation that has nothing to publish
    // (a metric per route rather than a `route` dimension: a dimension would outlive an invocation whose
    // metrics are not flushed, and warn on the next one)
    metrics.addMetric(`${route.id}Request`, 'Count', 1);
    try {
      const principal = principalFromClaims(claimsOf(event));
      if (!principal) throw new Unauthenticated();
      const grants = authorizeRoute(route.id, principal);
      const params = parseOrThrow(route.params, event.pathParameters ?? {}, 'path');
      const query = parseOrThrow(route.query, event.queryStringParameters ?? {}, 'query');
      const rawBody = route.method === 'GET' ? undefined : readJsonBody(event);
      const body = parseOrThrow(route.body, rawBody, 'body');
      if (typeof (params as { caseId?: unknown }).caseId === 'string') {
        logger.appendKeys({ caseId: (params as { caseId: string }).caseId });
      }
      // contended writes (the fund's balance item) retry until the function's own deadline, not a
      // fixed number of times (shared/fund/contention.ts)
      const run = async () =>
        toHttp(
          route.id,
          route.responses,
          await withWriteDeadline(context.getRemainingTimeInMillis?.(), () =>
            // the actor's display name for the timeline entries the request writes (issue 18)
            withActorName(principal, () =>
              route.handle({
                principal,
                grants,
                params,
                query,
                body,
                now: new Date().toISOString(),
                requestId: context.awsRequestId,
              }),
            ),
          ),
        );
      const key = route.idempotent ? header(event, 'idempotency-key') : undefined;
      if (key !== undefined && runIdempotent) {
        if (key.length === 0 || key.length > 200) {
          throw new ValidationFailed('Idempotency-Key must be 1 to 200 characters', [
            {
              path: 'headers.idempotency-key',
              message: '1 to 200 characters',
              messageZh: '长度须为 1 至 200 个字符',
            },
          ]);
        }
        const scopedKey = `${principal.sub}|${JSON.stringify(event.pathParameters ?? {})}|${key}`;
        return await runIdempotent(route.id, async () => run())(
          { key: scopedKey, body: rawBody ?? null },
          context,
        );
      }
      return await run();
    } catch (error) {
      return errorToHttp(error);
    }
  };
  // on every answer, a replayed idempotent one included (it was stored without it)
  return async (event: HttpEvent, context: Context): Promise<HttpResult> =>
    withSecurityHeaders(await answer(event, context));
}

/**
 * A Lambda handler for a route: the core with the logger and metrics (./observability.ts) around it, as
 * Powertools' middy middlewares (injectLambdaContext with resetKeys, logMetrics) did before issue 17: the
 * logger gets the Lambda context (and logs the event when POWERTOOLS_LOGGER_LOG_EVENT says so), and after
 * every answer the keys a request appended are dropped and its metrics are published. The core never
 * throws (errors become problems).
 */
export function lambdaHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
  runIdempotent?: IdempotentRunner,
) {
  const core = routeCore(route, runIdempotent);
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    logger.addContext(context);
    logger.logEventIfEnabled(event);
    try {
      return await core(event, context);
    } finally {
      logger.resetKeys();
      metrics.publishStoredMetrics();
    }
  };
}
