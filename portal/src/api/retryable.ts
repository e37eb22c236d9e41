// with its extension, unlike the portal's other imports: test/contract reads this file under NodeNext
/**
 * After these codes the very same request may simply be sent again. Imported from the zod-free half of
 * the contract (shared/contract/problemCodes.ts), so that the portal's bundle carries no zod.
 */
export { RETRYABLE_CODES } from '../../../shared/contract/problemCodes.js';
