import type { Case } from '../model/case.js';

/**
 * Whether a case has exited its land: the agreement is signed (and stays so, whatever follows), unless
 * the household rescinded it in the cooling-off (冷静期), which gives the land back as if never signed.
 * Land claims (shared/cases/landClaims.ts) and the registry's refusal to drop claimed land
 * (shared/adapters/table/claimedLand.ts) both say so with it.
 */
export function hasExited(c: Pick<Case, 'status' | 'agreement'>): boolean {
  if (c.status === 'rescinded') return false;
  return c.agreement !== undefined || c.status === 'closed';
}
