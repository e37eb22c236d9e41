import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { parametersForCase, stepSeconds } from '../../../workflow/deadlines.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { unresolvedObjectionIds } from '../object.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * CloseNotice, after the public notice's Wait. An unresolved objection sends the case back to village
 * review (the objections stay unresolved: the review that hears them settles them). Otherwise the town
 * audits the case (村 → 镇 → 区: `public_notice → town_review`). An objection filed while this step runs
 * makes its write lose the race, and the step decides again with the objection in view.
 */
export const NOTES = {
  objection: '公示期间有未处理的异议，退回村集体审核 / unresolved objection: back to village review',
  closed: '公示期满无异议，报镇审核 / notice ended without objection: on to the town',
} as const;

export function objectionEvent(c: Case): DomainEvent {
  return caseEvent('ObjectionRaised', c, WORKFLOW_ACTOR, 'public_notice', {
    noticeClosed: true,
    objectionIds: unresolvedObjectionIds(c),
  });
}

export function noticeClosedEvent(c: Case): DomainEvent {
  return caseEvent('NoticeClosed', c, WORKFLOW_ACTOR, 'public_notice');
}

/** A route with the deadlines of the case's parameters (the next step's wait reads them). */
async function routed(c: Case, next: TaskResult['next'], now: string): Promise<TaskResult> {
  return { caseId: c.caseId, next, seconds: stepSeconds(await parametersForCase(c, now)) };
}

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  switch (c.status) {
    case 'public_notice': {
      const open = unresolvedObjectionIds(c);
      if (open.length === 0) {
        const next = moveCase(c, 'town_review', { actor: WORKFLOW_ACTOR, at: now, note: NOTES.closed });
        return {
          kind: 'write',
          write: { next, audit: { action: 'notice.closed' }, events: [noticeClosedEvent(next)] },
          result: { value: await routed(c, 'town_review', now) },
        };
      }
      const next = moveCase(c, 'village_review', {
        actor: WORKFLOW_ACTOR,
        at: now,
        // the objections' words are theirs (GET /cases/{caseId} `objections`), not copied here
        note: `${NOTES.objection}（${open.length} 件 / ${open.length}）`,
        patch: { pendingTask: undefined },
      });
      return {
        kind: 'write',
        write: {
          next,
          audit: { action: 'notice.objection', detail: { objectionIds: open } },
          events: [objectionEvent(next)],
        },
        result: {
          value: {
            caseId: c.caseId,
            next: 'village_review',
            seconds: stepSeconds(await parametersForCase(c, now)),
          },
        },
      };
    }
    case 'town_review':
      return {
        kind: 'done',
        result: await routed(c, 'town_review', now),
        republish: lastWriteWas(c, 'town_review', 'notice.closed') ? [noticeClosedEvent(c)] : [],
      };
    // decided by the town (and the district) meanwhile, or a case priced at the notice's end before
    // the chain existed: the wait of that step finds it
    case 'district_approval':
      return { kind: 'done', result: await routed(c, 'district_approval', now) };
    case 'offers':
      return { kind: 'done', result: await routed(c, 'resettlement_choice', now) };
    case 'village_review':
      return {
        kind: 'done',
        result: {
          caseId: c.caseId,
          next: 'village_review',
          seconds: stepSeconds(await parametersForCase(c, now)),
        },
        republish: lastWriteWas(c, 'village_review', 'notice.objection') ? [objectionEvent(c)] : [],
      };
    case 'withdrawn':
      return { kind: 'done', result: { caseId: c.caseId, next: 'end' } };
    default:
      throw new UnexpectedCaseStatusError('closeNotice', c.status);
  }
}

export function closeNotice(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, (stored) => decide(stored, now));
}
