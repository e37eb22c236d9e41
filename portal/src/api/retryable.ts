// with its extension, unlike the portal's other imports: test/contract reads this file under NodeNext
import type { ProblemCode } from '../../../shared/contract/problem.js';

/**
 * RETRYABLE_CODES of shared/contract/problem.ts: after these the very same request may simply be sent
 * again. Kept here as a list because problem.ts builds zod schemas, and importing a value from it would
 * put zod in every household's download (test/contract checks that the two lists agree).
 */
export const RETRYABLE_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'NOT_READY',
  'STALE_WRITE',
  'BUSY',
  'IDEMPOTENCY_IN_PROGRESS',
]);
