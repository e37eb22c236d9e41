import type * as z from 'zod';
import { idempotent } from './idempotency.js';
import { routeCore as coreOf, lambdaHandler as handlerOf, type RouteDefinition } from './route.js';

export type { RouteContext, RouteDefinition } from './route.js';

/**
 * The handler of a route that accepts an Idempotency-Key (`idempotent: true`): ./route.ts with the
 * idempotency records (./idempotency.ts). A route without a key imports ./route.ts, and its bundle
 * leaves them out.
 */
export function lambdaHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
) {
  return handlerOf(route, idempotent);
}

/** The core pipeline of an idempotent route, without middy (tests call it directly). */
export function routeCore<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
) {
  return coreOf(route, idempotent);
}
