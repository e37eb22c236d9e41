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

/** A page of a list: the items and the cursor of the next page (`null` on the last page). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
