import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { TransactItem } from '../../adapters/table/dynamo.js';
import { assertWithdrawable } from '../../domain/lifecycle/transition.js';
import { releaseAll } from '../landClaims.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseDecision } from './caseChange.js';
import { releaseRedemptionItems } from './equity/redemption.js';
import { lifecycle } from './waiting.js';

/**
 * POST /cases/{caseId}/withdraw: allowed from any status before the agreement (退出自愿). A waiting step
 * is resumed with `withdrawn`, so the execution ends cleanly; a step that is running sees the status
 * when it next writes and stops. The land claims of the case are given back in the same transaction.
 * A case already withdrawn answers as it is.
 */
export function withdrawDecision(stored: StoredCase, actor: string, now: string): CaseDecision {
  const { case: c, pendingToken } = stored;
  if (c.status === 'withdrawn') return { unchanged: stored, events: [] };
  lifecycle(c.status, () => assertWithdrawable(c));
  // the land goes back in the same transaction: a later case for it may then take it
  const claims = releaseAll(c);
  const change = {
    actor,
    at: now,
    note: '申请人撤回申请 / withdrawn by the household',
    patch: { pendingTask: undefined, ...(claims ? { landClaims: claims.landClaims } : {}) },
  };
  // a failed case may be withdrawn only if it failed before the agreement (checked above)
  const next =
    c.status === 'failed'
      ? moveCase({ ...c, status: c.statusBeforeFailure ?? c.status }, 'withdrawn', change)
      : moveCase(c, 'withdrawn', change);
  return {
    read: stored,
    next,
    token: pendingToken ? 'consume' : 'keep',
    audit: { actor, action: 'case.withdrawn', reason: 'withdrawn by the household' },
    // the land goes back, and an equity exit's shares go back to the year's redemption quota
    ...extraOf(claims?.extra ?? [], releaseRedemptionItems(c)),
    events: [caseEvent('CaseWithdrawn', next, actor, c.status)],
    ...(pendingToken
      ? { resume: { token: pendingToken.token, output: { outcome: 'withdrawn' as const } } }
      : {}),
  };
}

function extraOf(...lists: readonly TransactItem[][]): { extra?: TransactItem[] } {
  const extra = lists.flat();
  return extra.length > 0 ? { extra } : {};
}
