import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { BadRequestError, HttpError, UnauthorizedError } from '../../../shared/adapters/errors.js';
import { authorizeRoute, type RouteId, type Scope } from '../../../shared/auth/authorization.js';
import { type Principal, principalFromClaims, type Role } from '../../../shared/auth/principal.js';
import { idempotent } from './idempotency.js';
import { logger, metrics } from './observability.js';
import { fieldErrors, type HttpResult, json, problem } from './problem.js';
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
}

export interface RouteDefinition<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  id: RouteId;
  method: 'GET' | 'PUT' | 'POST';
  /** API.md path with {placeholders}, e.g. /cases/{caseId}/review */
  path: string;
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
    throw new BadRequestError(
      `the ${where} is not valid`,
      fieldErrors(result.error, where === 'body' ? 'body' : where),
    );
  }
  return result.data;
}

function toHttp(result: RouteResult): HttpResult {
  if (result.text !== undefined) {
    return { statusCode: result.status, headers: result.headers ?? {}, body: result.text };
  }
  return json(result.status, result.body, result.headers);
}

function errorToHttp(error: unknown): HttpResult {
  if (error instanceof HttpError)
    return problem(error.status, error.title, error.message, error.errors, error.extra);
  if (error instanceof IdempotencyValidationError) {
    return problem(409, 'Conflict', 'this Idempotency-Key was already used with a different request body');
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return problem(
      409,
      'Conflict',
      'a request with this Idempotency-Key is still being processed; retry shortly',
    );
  }
  // stored data that no longer parses, an outage, or a bug: never the client's fault, never leaked
  logger.error('unhandled error', error instanceof Error ? error : String(error));
  metrics.addMetric('UnhandledError', 'Count', 1);
  return problem(500, 'Internal Server Error', 'the request could not be completed; it has been logged');
}

/** The core request pipeline: authenticate, authorize the route, validate, run (idempotently), map errors. */
export function routeCore<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
) {
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    // one metric per request: the request count per route is worth having, and logMetrics otherwise
    // warns on every invocation that has nothing to publish
    // (a metric per route rather than a `route` dimension: a dimension would outlive an invocation whose
    // metrics are not flushed, and warn on the next one)
    metrics.addMetric(`${route.id}Request`, 'Count', 1);
    try {
      const principal = principalFromClaims(claimsOf(event));
      if (!principal) throw new UnauthorizedError();
      const grants = authorizeRoute(route.id, principal);
      const params = parseOrThrow(route.params, event.pathParameters ?? {}, 'path');
      const query = parseOrThrow(route.query, event.queryStringParameters ?? {}, 'query');
      const rawBody = route.method === 'GET' ? undefined : readJsonBody(event);
      const body = parseOrThrow(route.body, rawBody, 'body');
      if (typeof (params as { caseId?: unknown }).caseId === 'string') {
        logger.appendKeys({ caseId: (params as { caseId: string }).caseId });
      }
      const run = async () =>
        toHttp(
          await route.handle({
            principal,
            grants,
            params,
            query,
            body,
            now: new Date().toISOString(),
            requestId: context.awsRequestId,
          }),
        );
      const key = route.idempotent ? header(event, 'idempotency-key') : undefined;
      if (key !== undefined) {
        if (key.length === 0 || key.length > 200) {
          throw new BadRequestError('Idempotency-Key must be 1 to 200 characters', [
            { path: 'headers.idempotency-key', message: '1 to 200 characters' },
          ]);
        }
        const scopedKey = `${principal.sub}|${JSON.stringify(event.pathParameters ?? {})}|${key}`;
        return await idempotent(route.id, async () => run())(
          { key: scopedKey, body: rawBody ?? null },
          context,
        );
      }
      return await run();
    } catch (error) {
      return errorToHttp(error);
    }
  };
}

/** A Lambda handler for a route: middy with the Powertools logger and metrics around the core. */
export function lambdaHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
) {
  return middy(routeCore(route))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
