import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoClient } from '../../../shared/adapters/clients.js';
import { requireConfig } from '../../../shared/adapters/config.js';
import { IDEMPOTENCY_PK_PREFIX } from '../../../shared/adapters/tableDesign.js';
import type { HttpResult } from './problem.js';

/**
 * `Idempotency-Key` (API.md): a repeat with the same key and body returns the first answer; the same
 * key with another body is a conflict. Backed by Powertools idempotency in the single table. The key is
 * scoped to the caller and the route so that two users can never collide on a key.
 */
export interface IdempotentInput {
  key: string;
  body: unknown;
}

type Work = (input: IdempotentInput) => Promise<HttpResult>;
type Wrapped = (input: IdempotentInput, context: Context, work: Work) => Promise<HttpResult>;

// one wrapper per route and table; the request's own work is passed on every call, never captured,
// so a warm container can never replay an earlier caller's request
const wrapped = new Map<string, Wrapped>();

export function idempotent(
  routeId: string,
  fn: Work,
): (input: IdempotentInput, context: Context) => Promise<HttpResult> {
  const tableName = requireConfig('TABLE_NAME');
  const cacheKey = `${routeId}@${tableName}`;
  let handler = wrapped.get(cacheKey);
  if (!handler) {
    const persistenceStore = new DynamoDBPersistenceLayer({
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
    handler = makeIdempotent(async (input: IdempotentInput, _context: Context, work: Work) => work(input), {
      persistenceStore,
      config,
    });
    wrapped.set(cacheKey, handler);
  }
  const bound = handler;
  return (input, context) => bound(input, context, fn);
}

/** Forget wrappers (tests point TABLE_NAME at a new table). */
export function resetIdempotency(): void {
  wrapped.clear();
}
