import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { PolicyParameters } from '../../../domain/model/policy.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { noticeStartIndex, parametersForCase, stepSeconds } from '../../../workflow/deadlines.js';
import { caseEvent } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { caseAtEntry } from './history.js';
import { routeOf, runStep, type StepDecision } from './runStep.js';

/**
 * StartNotice: the village approved, the case is in `public_notice` (公示). The case is not written: the
 * status was set by the approval. The step announces the notice (PublicNoticeStarted, its inbox notices
 * written by the step in one transaction before it is published) and answers the notice length in
 * `seconds.public_notice`, from the case's parameters, for the Wait that follows.
 */

/**
 * The announcement, identified by the write that opened the notice (not by today's version, which an
 * objection changes), so that a retried or re-driven step announces the same notice with the same id.
 */
export function noticeEvent(c: Case, params: PolicyParameters): DomainEvent | undefined {
  const opened = caseAtEntry(c, noticeStartIndex(c));
  if (!opened) return undefined;
  // an announcement, not a move: the approval's ReviewDecided already told of village_review → public_notice
  return caseEvent('PublicNoticeStarted', opened, WORKFLOW_ACTOR, 'public_notice', {
    days: params.publicNoticeDays,
  });
}

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  if (c.status === 'public_notice') {
    const params = await parametersForCase(c, now);
    const event = noticeEvent(c, params);
    return {
      kind: 'done',
      result: { caseId: c.caseId, next: 'public_notice', seconds: stepSeconds(params) },
      // the announcement is this step's own (no write carries it): its notices go with it
      announce: event ? [event] : [],
    };
  }
  // withdrawn during the notice, or a notice already closed: the Wait and CloseNotice route it
  const route = ['withdrawn', 'village_review', 'town_review', 'district_approval', 'offers'].includes(
    c.status,
  )
    ? routeOf(c.status)
    : undefined;
  if (!route) throw new UnexpectedCaseStatusError('startNotice', c.status);
  return { kind: 'done', result: { caseId: c.caseId, next: route } };
}

export function startNotice(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, (stored) => decide(stored, now));
}
