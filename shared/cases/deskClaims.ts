import type { StoredCase } from '../adapters/table/caseRepository.js';
import type { RouteId } from '../auth/authorization.js';
import type { Principal, Role } from '../auth/principal.js';
import type { ClaimedByView } from '../contract/claims.js';
import type { Case, PendingTaskKind } from '../domain/model/case.js';
import type { Duty } from '../domain/review/separationOfDuties.js';
import { actsAs } from './commands/actsAs.js';
import { pendingRole } from './pendingRole.js';

/**
 * Who may act on each human step, as the authorization table knows it: the route that decides the step
 * (its scopes: the village's, the town's, the district's) and the separation-of-duties duty it is. The
 * household's own steps (resubmission, the choice) have no desk and cannot be claimed.
 */
const STEP_DESK: Record<PendingTaskKind, { route: RouteId; duty: Duty } | undefined> = {
  village_review: { route: 'reviewCase', duty: 'village_review' },
  town_review: { route: 'reviewCase', duty: 'town_review' },
  district_approval: { route: 'reviewCase', duty: 'district_approval' },
  fund_review: { route: 'decideAdvance', duty: 'fund_approval' },
  vacated: { route: 'recordMilestone', duty: 'vacated' },
  disposed: { route: 'recordMilestone', duty: 'disposed' },
  certificate_cancelled: { route: 'recordMilestone', duty: 'certificate_cancelled' },
  handed_over: { route: 'recordMilestone', duty: 'handed_over' },
  collective_payment: { route: 'recordCollectivePayment', duty: 'collective_payment' },
  resubmission: undefined,
  resettlement_choice: undefined,
};

/** The staff desk of the step the case waits in: its role, route and duty; undefined when none. */
export function stepDesk(
  c: Case,
): { role: Role; route: RouteId; duty: Duty; kind: PendingTaskKind } | undefined {
  const kind = c.pendingTask?.kind;
  const role = pendingRole(c);
  if (!kind || !role || role === 'applicant') return undefined;
  const desk = STEP_DESK[kind];
  return desk ? { ...desk, role, kind } : undefined;
}

/** Whether `principal` may act on the step the case waits in (its role, over this case's area). */
export function mayActOnStep(stored: StoredCase, principal: Principal): boolean {
  const desk = stepDesk(stored.case);
  return desk !== undefined && actsAs(desk.route, stored, principal, desk.role);
}

/**
 * The claim of the step the case waits in now. A claim is over once the case has left the step it was
 * made in (another status or another task, or the step's staff hand passed to the household), whether
 * or not a write cleared it: nothing needs to run when a case moves for the claim to end.
 */
export function activeClaim(c: Case): Case['deskClaim'] {
  const claim = c.deskClaim;
  if (!claim || !c.pendingTask) return undefined;
  if (claim.status !== c.status || claim.kind !== c.pendingTask.kind) return undefined;
  return stepDesk(c) ? claim : undefined;
}

/** The claim as the API shows it (`claimedBy`). */
export function claimedByView(claim: NonNullable<Case['deskClaim']>): ClaimedByView {
  return { sub: claim.sub, ...(claim.name ? { name: claim.name } : {}), at: claim.at };
}
