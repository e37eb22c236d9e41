import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoClient } from '../../../shared/adapters/clients.js';
import { requireConfig } from '../../../shared/adapters/config.js';
import { IDEMPOTENCY_PK_PREFIX } from '../../../shared/adapters/tableDesign.js';
import { IdempotencyKeyReused, RequestInProgress } from './idempotencyErrors.js';
import type { HttpResult } from './problem.js';

export { RequestInProgress };

/**
 * `Idempotency-Key` (API.md): a repeat with the same key and body returns the first answer; the same
 * key with another body is a conflict. Backed by Powertools idempotency in the single table. The key is
 * scoped to the caller and the route so that two users can never collide on a key.
 *
 * While the first request runs, its record is "in progress" and a repeat is answered 409
 * IDEMPOTENCY_IN_PROGRESS. If the first request's function dies (a timeout, a crash, a restart) the
 * record stays in progress until its in-progress expiry, which Powertools sets to the moment the
 * function would have timed out: now + the context's `getRemainingTimeInMillis()` when the record is
 * saved. That remaining time is also capped here at the API functions' timeout, so no context, however
 * long the deadline it claims, keeps a key locked for longer than the function could have run: a retry
 * after at most API_FUNCTION_TIMEOUT_MS goes through. The 409 says when (`Retry-After`, from the record's
 * own expiry). The cap is only safe while no POST function may run longer than it: the local runtime
 * test (test/local/localRuntimeUnits.test.ts) reads every POST function's Timeout from the template.
 */

/**
 * The timeout of every API function (infra/constructs/appFunction.ts's default, which infra/constructs/
 * api.ts does not override; API Gateway's HTTP API gives up at 30 s anyway).
 */
export const API_FUNCTION_TIMEOUT_MS = 10_000;

export interface IdempotentInput {
  key: string;
  body: unknown;
}

type Work = (input: IdempotentInput) => Promise<HttpResult>;
type Wrapped = (input: IdempotentInput, context: Context, work: Work) => Promise<HttpResult>;

// one wrapper per route and table; the request's own work is passed on every call, never captured,
// so a warm container can never replay an earlier caller's request
const wrapped = new Map<string, { handler: Wrapped; store: DynamoDBPersistenceLayer }>();

/** The Lambda context as Powertools reads it: the remaining time no longer than the function's timeout. */
function boundedContext(context: Context): Context {
  return {
    ...context,
    getRemainingTimeInMillis: () => Math.min(context.getRemainingTimeInMillis(), API_FUNCTION_TIMEOUT_MS),
  };
}

/** Whole seconds until the in-progress record of `input` expires (at least 1; the timeout if unknown). */
async function secondsUntilFree(store: DynamoDBPersistenceLayer, input: IdempotentInput): Promise<number> {
  try {
    const record = await store.getRecord(input as unknown as Parameters<typeof store.getRecord>[0]);
    const expiry = record.inProgressExpiryTimestamp;
    if (expiry !== undefined) return Math.max(1, Math.ceil((expiry - Date.now()) / 1000));
  } catch {
    // gone meanwhile, or unreadable: the longest it can take is the function's timeout
  }
  return Math.ceil(API_FUNCTION_TIMEOUT_MS / 1000);
}

export function idempotent(
  routeId: string,
  fn: Work,
): (input: IdempotentInput, context: Context) => Promise<HttpResult> {
  const tableName = requireConfig('TABLE_NAME');
  const cacheKey = `${routeId}@${tableName}`;
  let entry = wrapped.get(cacheKey);
  if (!entry) {
    const store = new DynamoDBPersistenceLayer({
      tableName,
      keyAttr: 'PK',
      sortKeyAttr: 'SK',
      staticPkValue: `${IDEMPOTENCY_PK_PREFIX}${routeId}`,
      awsSdkV3Client: dynamoClient(),
    });
    const config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: 7 * 24 * 3600,
      throwOnNoIdempotencyKey: true,
    });
    // called as (input, context, work): Powertools sees a Lambda context second and registers it on
    // every call, so the in-progress expiry is taken from this request's own deadline
    const handler = makeIdempotent(
      async (input: IdempotentInput, _context: Context, work: Work) => work(input),
      { persistenceStore: store, config },
    );
    entry = { handler, store };
    wrapped.set(cacheKey, entry);
  }
  const { handler, store } = entry;
  return async (input, context) => {
    try {
      return await handler(input, boundedContext(context), fn);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new RequestInProgress(await secondsUntilFree(store, input));
      }
      if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReused();
      throw error;
    }
  };
}

/** Forget wrappers (tests point TABLE_NAME at a new table). */
export function resetIdempotency(): void {
  wrapped.clear();
}
