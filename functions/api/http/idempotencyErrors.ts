/**
 * The two ways an Idempotency-Key stops a request (API.md), as the HTTP edge (./route.ts) maps them to
 * problems. Kept apart from ./idempotency.ts so that the edge of a route without idempotency (every GET)
 * names them without bundling Powertools idempotency and JMESPath (≈ 43 KiB a bundle; docs/performance.md).
 */

/** A repeat arrived while the first request with its key is still in progress. */
export class RequestInProgress extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('a request with this Idempotency-Key is still in progress');
    this.name = 'RequestInProgress';
  }
}

/** The key was already used with a different request body. */
export class IdempotencyKeyReused extends Error {
  constructor() {
    super('this Idempotency-Key was already used with a different request body');
    this.name = 'IdempotencyKeyReused';
  }
}
