import * as z from 'zod';
import { isoDateSchema, isoDateTimeSchema } from '../domain/model/common.js';

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
 * The most money any one amount a person states may be: ¥1 000 000 000.00 (10^11 fen). Far below 2^53
 * (≈ 9 × 10^15), so sums of amounts and balances stay exact integers in JavaScript and DynamoDB alike;
 * a real exit is at most a few million yuan, a district's appropriation a few hundred million.
 */
export const MAX_AMOUNT_FEN = 100_000_000_000;
/** An amount a request states: a positive integer of fen, at most MAX_AMOUNT_FEN. */
export const statedFenSchema = z.number().int().positive().max(MAX_AMOUNT_FEN);

/** A page of a list: the items and the cursor of the next page (`null` on the last page). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
