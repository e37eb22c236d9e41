import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { IllegalTransition } from '../../errors/appError.js';
import { caseEvent, touchCase } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';

/**
 * POST /cases/{caseId}/objections: an objection during the public notice (公示) is recorded at once;
 * when the notice ends the workflow sends a case with an unresolved objection back to village review.
 */
export function objectionChange(
  stored: StoredCase,
  input: { objectionId: string; text: string },
  actor: string,
  now: string,
): CaseChange {
  const c = stored.case;
  if (c.status !== 'public_notice') {
    throw new IllegalTransition(
      { zh: '只有在公示期间才能提出异议。', en: 'objections are taken only during the public notice' },
      { caseStatus: c.status },
    );
  }
  const next = touchCase(c, {
    actor,
    at: now,
    note: '公示期间收到异议 / objection received during the public notice',
    patch: {
      objections: [
        ...c.objections,
        { objectionId: input.objectionId, text: input.text, by: actor, at: now, resolved: false },
      ],
    },
  });
  return {
    read: stored,
    next,
    token: 'keep',
    audit: { actor, action: 'objection.raised', reason: input.text },
    events: [caseEvent('ObjectionRaised', next, actor, c.status, { objectionId: input.objectionId })],
  };
}
