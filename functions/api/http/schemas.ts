import * as z from 'zod';
import { requestIdSchema } from '../../../shared/domain/model/common.js';

/** Shared request schemas: path parameters are strict, unknown query parameters are ignored. */
export const noParams = z.strictObject({});
export const anyQuery = z.object({});
export const noBody = z.undefined({ error: 'this request takes no body' });
/** Actions with nothing to say (submit, withdraw) accept no body or an empty object. */
export const emptyBody = z.union([z.undefined(), z.strictObject({})], {
  error: 'this request takes no fields',
});
export const caseParams = z.strictObject({ caseId: requestIdSchema });
