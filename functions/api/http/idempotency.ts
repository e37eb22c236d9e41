import type { Context } from 'aws-lambda';
import { requireConfig } from '../../../shared/adapters/config.js';
import { IdempotencyKeyReused, RequestInProgress } from './idempotencyErrors.js';
import { bodyHash, readRecord, recordKey, releaseKey, saveAnswer, takeKey } from './idempotencyStore.js';
import { logger } from './observability.js';
import type { HttpResult } from './problem.js';

export { RequestInProgress };

/**
 * `Idempotency-Key` (API.md): a repeat with the same key and body returns the first answer; the same
 * key with another body is a conflict. The records live in the single table (./idempotencyStore.ts);
 * the key is scoped to the caller and the route (./route.ts) so that two users can never collide on it.
 * Until issue 17 this was Powertools idempotency, with the same records: replaced because it and its
 * JMESPath engine were 43 KiB of each of the 16 idempotent bundles, for the four steps below.
 *
 * While the first request runs, its record is "in progress" and a repeat is answered 409
 * IDEMPOTENCY_IN_PROGRESS. If the first request's function dies (a timeout, a crash, a restart) the
 * record stays in progress until its in-progress expiry: the moment the function would have timed out,
 * now + the context's `getRemainingTimeInMillis()` when the key is taken, capped at the API functions'
 * timeout, so no context, however long the deadline it claims, keeps a key locked for longer than the
 * function could have run: a retry after at most API_FUNCTION_TIMEOUT_MS goes through. The 409 says when
 * (`Retry-After`, from the record's own expiry). The cap is only safe while no POST function may run
 * longer than it: the local runtime test (test/local/localRuntimeUnits.test.ts) reads every POST
 * function's Timeout from the template.
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

/** A record that vanishes between the refused write and the read (its request failed) is tried again. */
const ATTEMPTS = 3;

/** Whole seconds until an in-progress record frees its key (at least 1; the timeout if it says nothing). */
function secondsUntilFree(inProgressUntil: number | undefined): number {
  if (inProgressUntil === undefined) return Math.ceil(API_FUNCTION_TIMEOUT_MS / 1000);
  return Math.max(1, Math.ceil((Number(inProgressUntil) - Date.now()) / 1000));
}

/**
 * `fn` run at most once per key and body: the first call takes the key and runs it; a repeat gets the
 * stored answer (COMPLETED), RequestInProgress (INPROGRESS), or IdempotencyKeyReused (another body, in
 * either state). A call whose work throws gives the key back. The request's own work is passed on every
 * call and nothing is kept between calls, so a warm container can never replay an earlier caller's work.
 */
export function idempotent(
  routeId: string,
  fn: Work,
): (input: IdempotentInput, context: Context) => Promise<HttpResult> {
  const tableName = requireConfig('TABLE_NAME');
  return async (input, context) => {
    const key = recordKey(routeId, input.key);
    const validation = bodyHash(input.body);
    for (let attempt = 1; ; attempt++) {
      const remaining = context.getRemainingTimeInMillis?.() ?? API_FUNCTION_TIMEOUT_MS;
      const inProgressUntil = Date.now() + Math.min(remaining, API_FUNCTION_TIMEOUT_MS);
      if (await takeKey(tableName, key, validation, inProgressUntil)) {
        let answer: HttpResult;
        try {
          answer = await fn(input);
        } catch (error) {
          await releaseKey(tableName, key, inProgressUntil).catch((e: unknown) =>
            // the key then stays taken until its in-progress expiry (≤ 10 s), as after a crash
            logger.error('the Idempotency-Key of a failed request could not be released', e as Error),
          );
          throw error;
        }
        // the work is done and stays done: a failure to remember the answer is logged, not answered as
        // one (the record then frees the key at its in-progress expiry, as after a crash)
        await saveAnswer(tableName, key, validation, answer).catch((e: unknown) =>
          logger.error('the answer to an Idempotency-Key could not be stored', e as Error),
        );
        return answer;
      }
      const held = await readRecord(tableName, key);
      if (held && held.validation !== validation) throw new IdempotencyKeyReused();
      if (held?.status === 'COMPLETED') return held.data as HttpResult;
      if (held?.status === 'INPROGRESS')
        throw new RequestInProgress(secondsUntilFree(held.in_progress_expiration));
      // gone since (its request failed and gave the key back), or expired meanwhile: take it again
      if (attempt >= ATTEMPTS) throw new RequestInProgress(1);
    }
  };
}

/**
 * Nothing is kept per container any more (Powertools kept a wrapper per route); the tests that start a
 * "fresh container" still call this.
 */
export function resetIdempotency(): void {}
