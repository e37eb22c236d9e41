import { getObjection, objectionPut } from '../../adapters/table/caseHistory.js';
import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { Case } from '../../domain/model/case.js';
import { MAX_OBJECTIONS_PER_CASE } from '../../domain/model/limits.js';
import { AlreadyExists, IllegalTransition, RuleRefused } from '../../errors/appError.js';
import { noticeStartIndex } from '../../workflow/deadlines.js';
import { caseEvent, touchCase } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';

/**
 * POST /cases/{caseId}/objections: an objection during the public notice (公示) is recorded at once;
 * when the notice ends the workflow sends a case with an unresolved objection back to village review.
 *
 * The objection is an item of its own beside the case (`OBJECTION#{noticeStartedAt}#{by}`, written in
 * the case's transaction): the case keeps only their count and the ids the village has not heard, so
 * the case item does not grow with them (issue 16). Each person objects once per notice (a second one
 * is 409 ALREADY_EXISTS); a case takes at most MAX_OBJECTIONS_PER_CASE online (422 beyond, naming the
 * village's written channel), which also bounds how often objections can send it back to the village.
 */
export const OBJECTION_NOTE = '公示期间收到异议 / objection received during the public notice';

/** The objections a case has taken, inside its item (before issue 16) and beside it. */
export function objectionsFiled(c: Pick<Case, 'objections' | 'objectionCount'>): number {
  return c.objections.length + (c.objectionCount ?? 0);
}

/** The ids of the objections no village review has heard yet, of either kind. */
export function unresolvedObjectionIds(c: Pick<Case, 'objections' | 'openObjectionIds'>): string[] {
  return [
    ...c.objections.filter((o) => !o.resolved).map((o) => o.objectionId),
    ...(c.openObjectionIds ?? []),
  ];
}

/** The patch of a village review: every objection it heard is settled. */
export function settleObjections(
  c: Case,
): Pick<Case, 'objections'> & Partial<Pick<Case, 'openObjectionIds'>> {
  return {
    objections: c.objections.map((o) => ({ ...o, resolved: true })),
    ...(c.openObjectionIds ? { openObjectionIds: [] } : {}),
  };
}

/** The start of the current notice: the key under which each person objects once. */
export function noticeStartedAt(c: Pick<Case, 'timeline' | 'updatedAt'>): string {
  return c.timeline[noticeStartIndex(c)]?.at ?? c.updatedAt;
}

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
  const filed = objectionsFiled(c);
  if (filed >= MAX_OBJECTIONS_PER_CASE) {
    throw new RuleRefused(
      {
        zh: `本案件已在网上收到 ${filed} 件异议，达到上限（${MAX_OBJECTIONS_PER_CASE} 件），村集体审核将一并听取；如有新的异议，请向村集体经济组织书面提出。`,
        en: `the case has taken ${filed} objections online, the most one case takes (${MAX_OBJECTIONS_PER_CASE}); the village review hears them all. Raise a new objection in writing with the village collective`,
      },
      [
        {
          path: 'body.text',
          message: `at most ${MAX_OBJECTIONS_PER_CASE} objections per case online`,
          messageZh: `每个案件网上最多受理 ${MAX_OBJECTIONS_PER_CASE} 件异议`,
        },
      ],
      { objections: filed, maxObjections: MAX_OBJECTIONS_PER_CASE },
    );
  }
  const notice = noticeStartedAt(c);
  const next = touchCase(c, {
    actor,
    at: now,
    note: OBJECTION_NOTE,
    patch: {
      objectionCount: (c.objectionCount ?? 0) + 1,
      openObjectionIds: [...(c.openObjectionIds ?? []), input.objectionId],
    },
  });
  return {
    read: stored,
    next,
    token: 'keep',
    audit: {
      actor,
      action: 'objection.raised',
      reason: input.text,
      detail: { objectionId: input.objectionId },
    },
    extra: [
      objectionPut({
        objectionId: input.objectionId,
        caseId: c.caseId,
        text: input.text,
        by: actor,
        at: now,
        noticeStartedAt: notice,
      }),
    ],
    events: [caseEvent('ObjectionRaised', next, actor, c.status, { objectionId: input.objectionId })],
    // the case moved on meanwhile (StaleWrite, read again), or this person has objected in this notice
    explainRefusal: async () => {
      const earlier = await getObjection(c.caseId, notice, actor);
      if (!earlier) return;
      throw new AlreadyExists(
        {
          zh: '您在本次公示期间已对该案件提出过异议，村集体审核时将听取；请勿重复提交。',
          en: 'you have already objected to this case during this notice; the village review will hear it',
        },
        { objectionId: earlier.objectionId },
      );
    },
  };
}
