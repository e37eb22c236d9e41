import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { Principal } from '../../auth/principal.js';
import type { CaseClaimAnswer } from '../../contract/claims.js';
import type { Case } from '../../domain/model/case.js';
import { Forbidden, IllegalTransition } from '../../errors/appError.js';
import { activeClaim, claimedByView, mayActOnStep, stepDesk } from '../deskClaims.js';
import type { CaseDecision } from './caseChange.js';
import { assertMayDecide } from './duties.js';

/**
 * 认领 and 释放 (issue 18): a desk claim on the step a case waits in. Only someone who may act on that
 * step may claim or release it: its role over the case's area (the authorization table, through
 * ../deskClaims.ts) and not barred by the separation of duties (the same gate as the decision). The
 * claim is advisory, so a colleague may take over a step someone else claimed: the takeover is allowed
 * and audited with whose claim it was (`case.claim_taken_over`), and anyone who may act on the step may
 * release it (a colleague on leave). The write changes no status, adds no timeline entry (the household
 * does not follow the office's desk work) and keeps `updatedAt`, so the queues keep their order; the
 * audit trail has every claim, takeover and release.
 */
export interface Claimant {
  principal: Principal;
  /** the display name from the token, when it carries one */
  name?: string;
  now: string;
}

export interface ClaimOutcome {
  decision: CaseDecision;
  answer: CaseClaimAnswer;
}

function deskOf(stored: StoredCase, who: Claimant) {
  const c = stored.case;
  const desk = stepDesk(c);
  if (!desk) {
    throw new IllegalTransition(
      {
        zh: '该案件当前没有待工作人员办理的环节，无需认领。',
        en: 'the case waits for no staff step now; there is nothing to claim',
      },
      { caseStatus: c.status },
    );
  }
  if (!mayActOnStep(stored, who.principal)) {
    throw new Forbidden(
      { zh: '您不办理该案件当前的环节，不能认领。', en: 'you do not act on the step this case waits in' },
      { step: desk.kind, role: desk.role },
    );
  }
  assertMayDecide(c, who.principal, desk.duty);
  return desk;
}

/** The case with its claim changed and nothing else: a new version, the same status and time. */
function withClaim(c: Case, claim: Case['deskClaim']): Case {
  return { ...c, deskClaim: claim, version: c.version + 1 };
}

export function claimDecision(stored: StoredCase, who: Claimant): ClaimOutcome {
  const c = stored.case;
  const desk = deskOf(stored, who);
  const held = activeClaim(c);
  if (held?.sub === who.principal.sub) {
    // claiming one's own claim again answers as it stands
    return {
      decision: { unchanged: stored, events: [] },
      answer: { caseId: c.caseId, claimedBy: claimedByView(held) },
    };
  }
  const claim = {
    sub: who.principal.sub,
    ...(who.name ? { name: who.name } : {}),
    at: who.now,
    status: c.status,
    kind: desk.kind,
  };
  return {
    decision: {
      read: stored,
      next: withClaim(c, claim),
      token: 'keep',
      audit: {
        actor: who.principal.sub,
        at: who.now,
        action: held ? 'case.claim_taken_over' : 'case.claimed',
        reason: held ? `claim taken over from ${held.sub}` : 'claimed at the desk',
        detail: { step: desk.kind, ...(held ? { previous: claimedByView(held) } : {}) },
      },
      events: [],
    },
    answer: {
      caseId: c.caseId,
      claimedBy: claimedByView(claim),
      ...(held ? { takenOverFrom: claimedByView(held) } : {}),
    },
  };
}

export function releaseDecision(stored: StoredCase, who: Claimant): ClaimOutcome {
  const c = stored.case;
  const desk = deskOf(stored, who);
  const held = activeClaim(c);
  if (!held)
    return { decision: { unchanged: stored, events: [] }, answer: { caseId: c.caseId, claimedBy: null } };
  const own = held.sub === who.principal.sub;
  return {
    decision: {
      read: stored,
      next: withClaim(c, undefined),
      token: 'keep',
      audit: {
        actor: who.principal.sub,
        at: who.now,
        action: 'case.claim_released',
        reason: own ? 'released by its holder' : `released for ${held.sub}`,
        detail: { step: desk.kind, holder: claimedByView(held) },
      },
      events: [],
    },
    answer: { caseId: c.caseId, claimedBy: null },
  };
}
