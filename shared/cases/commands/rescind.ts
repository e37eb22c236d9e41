import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { TransactItem } from '../../adapters/table/dynamo.js';
import { assertTransition } from '../../domain/lifecycle/transition.js';
import { releaseAll } from '../landClaims.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseDecision } from './caseChange.js';
import { releaseRedemptionItems } from './equity/redemption.js';
import { lifecycle } from './waiting.js';

/**
 * POST /cases/{caseId}/rescind (冷静期内解除协议, DOMAIN.md wave 2): during the cooling-off after signing,
 * the household may undo the agreement. Nothing was paid (the fund review opens only when the
 * cooling-off ends), so the case simply ends `rescinded`; the land claims go back in the same
 * transaction, so the household may file again later. The execution is waiting in a Wait state, not on
 * a token: when it wakes, OpenFundReview sees the rescinded case and ends. After the cooling-off the
 * life cycle refuses it (409): the agreement binds. A case already rescinded answers as it is.
 */
export const RESCINDED_ACTION = 'agreement.rescinded';

export function rescindDecision(stored: StoredCase, actor: string, now: string): CaseDecision {
  const c = stored.case;
  if (c.status === 'rescinded') return { unchanged: stored, events: [] };
  lifecycle(c.status, () => assertTransition(c.status, 'rescinded'));
  const next = moveCase(c, 'rescinded', {
    actor,
    at: now,
    note: '申请人在冷静期内解除退出协议 / the household rescinded the agreement in the cooling-off',
    patch: { pendingTask: undefined },
  });
  // the land is free again: released in the same transaction as the move
  const claims = releaseAll(next);
  const released = claims ? { ...next, landClaims: claims.landClaims } : next;
  return {
    read: stored,
    next: released,
    token: 'keep',
    audit: {
      actor,
      action: RESCINDED_ACTION,
      reason: 'rescinded by the household in the cooling-off',
      detail: { agreementId: c.agreement?.agreementId, coolingOffEndsAt: c.coolingOffEndsAt },
    },
    // the land goes back, and an equity exit's shares go back to the year's redemption quota
    ...extraOf(claims?.extra ?? [], releaseRedemptionItems(c)),
    events: [
      caseEvent('AgreementRescinded', released, actor, c.status, { agreementId: c.agreement?.agreementId }),
    ],
  };
}

function extraOf(...lists: readonly TransactItem[][]): { extra?: TransactItem[] } {
  const extra = lists.flat();
  return extra.length > 0 ? { extra } : {};
}
