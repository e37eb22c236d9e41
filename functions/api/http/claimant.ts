import type { Principal } from '../../../shared/auth/principal.js';
import type { Claimant } from '../../../shared/cases/commands/claim.js';

/**
 * The claimant of a desk claim: the caller, with the display name their token carries when it carries
 * one (the staff `name` claim of issue 18; a principal without it claims by `sub` alone).
 */
export function claimantOf(principal: Principal, now: string): Claimant {
  const name = 'name' in principal && typeof principal.name === 'string' ? principal.name : undefined;
  return { principal, now, ...(name ? { name: name.slice(0, 64) } : {}) };
}
