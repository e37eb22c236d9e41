import * as z from 'zod';
import { isoDateSchema, isoDateTimeSchema } from '../domain/model/common.js';
import { MAX_AMOUNT_FEN } from '../domain/model/limits.js';

/**
 * The building blocks every response schema shares. Responses are `z.object`, never strict: API.md
 * allows extra response fields, so a server that adds one must not break the contract or its clients.
 */

/** An instant, ISO-8601 with its offset (API.md: times are ISO-8601 UTC). */
export const timeSchema = isoDateTimeSchema;
/** A calendar day (YYYY-MM-DD), e.g. a contract's term end or a meeting date. */
export const daySchema = isoDateSchema;
/** Money: integer fen (分), in fields ending `Fen`; never a float. */
export const fenSchema = z.number().int();

/**
 * The most money any one amount a person states may be: ¥1 000 000 000.00 (10^11 fen), defined beside
 * the other bounds (shared/domain/model/limits.ts), where the domain's pricing holds offers to it too.
 */
export { MAX_AMOUNT_FEN };
/** An amount a request states: a positive integer of fen, at most MAX_AMOUNT_FEN. */
export const statedFenSchema = z.number().int().positive().max(MAX_AMOUNT_FEN);

/** A page of a list: the items and the cursor of the next page (`null` on the last page). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
