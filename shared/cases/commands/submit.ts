import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { Case } from '../../domain/model/case.js';
import { IllegalTransition } from '../../errors/appError.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseDecision } from './caseChange.js';
import { waitingToken } from './waiting.js';

/** The execution that carries a case from its submission; its name makes a repeated start harmless. */
export const startOf = (c: Pick<Case, 'caseId'>) => ({
  executionName: c.caseId,
  input: { caseId: c.caseId },
});

/**
 * POST /cases/{caseId}/submit: a draft starts the workflow; a returned case is resubmitted into its
 * waiting step. A repeated submit of a case still in `submitted` writes nothing and issues the start
 * again, so a lost start is healed by the household simply trying again.
 */
export function submitDecision(stored: StoredCase, actor: string, now: string): CaseDecision {
  const c = stored.case;
  if (c.status === 'submitted') return { unchanged: stored, events: [], start: startOf(c) };
  if (c.status === 'draft') {
    const next = moveCase(c, 'submitted', {
      actor,
      at: now,
      note: '申请已提交 / application submitted',
      patch: { submittedAt: now },
    });
    return {
      read: stored,
      next,
      token: 'keep',
      audit: { actor, action: 'case.submitted' },
      events: [caseEvent('CaseSubmitted', next, actor, 'draft')],
      start: startOf(c),
    };
  }
  if (c.status === 'returned') {
    const token = waitingToken(stored, 'returned', { zh: '补正后重新提交', en: 'resubmission' });
    const next = moveCase(c, 'resubmitted', {
      actor,
      at: now,
      note: '已补正并重新提交 / corrected and resubmitted',
      patch: { pendingTask: undefined },
    });
    return {
      read: stored,
      next,
      token: 'consume',
      audit: { actor, action: 'case.resubmitted' },
      events: [caseEvent('CaseResubmitted', next, actor, 'returned')],
      resume: { token: token.token, output: { outcome: 'resubmitted' } },
    };
  }
  throw new IllegalTransition(
    { zh: `案件当前状态为“${c.status}”，不能提交。`, en: `a case in status ${c.status} cannot be submitted` },
    { caseStatus: c.status },
  );
}
