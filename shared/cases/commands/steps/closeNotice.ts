import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { getHousehold, getVillage } from '../../../adapters/table/registryRepository.js';
import { offersFor } from '../../../domain/compensation/offers.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { parametersForCase, parametersInForceToday, stepSeconds } from '../../../workflow/deadlines.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * CloseNotice, after the public notice's Wait. An unresolved objection sends the case back to village
 * review (the objections stay unresolved: the review that hears them settles them). Otherwise the
 * offers are priced with the parameters in force today (the version is kept on the case, which is
 * priced once), and the household chooses. An objection filed while this step runs makes its write
 * lose the race, and the step decides again with the objection in view.
 */
export const NOTES = {
  objection: '公示期间有未处理的异议，退回村集体审核 / unresolved objection: back to village review',
  offers: '公示期满无异议，生成补偿方案 / notice ended without objection: offers computed',
} as const;

function unresolved(c: Case) {
  return c.objections.filter((o) => !o.resolved);
}

export function objectionEvent(c: Case): DomainEvent {
  return caseEvent('ObjectionRaised', c, WORKFLOW_ACTOR, 'public_notice', {
    noticeClosed: true,
    objectionIds: unresolved(c).map((o) => o.objectionId),
  });
}

export function offersEvent(c: Case): DomainEvent {
  return caseEvent('OffersComputed', c, WORKFLOW_ACTOR, 'public_notice', {
    parametersVersion: c.parametersVersion,
    offers: c.offers.map((o) => ({
      option: o.option,
      amountFen: o.amountFen,
      ...(o.balanceFen === undefined ? {} : { balanceFen: o.balanceFen }),
    })),
    ...(c.offers[0]?.rewardDeadline ? { rewardDeadline: c.offers[0].rewardDeadline } : {}),
  });
}

async function price(c: Case, now: string): Promise<StepDecision<TaskResult>> {
  const [household, village, params] = await Promise.all([
    getHousehold(c.householdId),
    getVillage(c.village),
    parametersInForceToday(c, now),
  ]);
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  if (!village) throw new Error(`village ${c.village} of case ${c.caseId} is not in the registry`);
  const offers = offersFor(c.application, household, village.tier, params, now);
  const next = moveCase(c, 'offers', {
    actor: WORKFLOW_ACTOR,
    at: now,
    note: NOTES.offers,
    patch: { offers, offeredAt: now, parametersVersion: params.version },
  });
  return {
    kind: 'write',
    write: {
      next,
      audit: {
        action: 'offers.computed',
        detail: { parametersVersion: params.version, offers: offers.map((o) => [o.option, o.amountFen]) },
      },
      events: [offersEvent(next)],
    },
    result: { value: { caseId: c.caseId, next: 'resettlement_choice', seconds: stepSeconds(params) } },
  };
}

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  switch (c.status) {
    case 'public_notice': {
      const open = unresolved(c);
      if (open.length === 0) return price(c, now);
      const next = moveCase(c, 'village_review', {
        actor: WORKFLOW_ACTOR,
        at: now,
        note: `${NOTES.objection}：${open.map((o) => o.text).join('；')}`,
        patch: { pendingTask: undefined },
      });
      return {
        kind: 'write',
        write: {
          next,
          audit: {
            action: 'notice.objection',
            reason: open.map((o) => o.text).join('; '),
            detail: { objectionIds: open.map((o) => o.objectionId) },
          },
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
    case 'offers':
      return {
        kind: 'done',
        result: {
          caseId: c.caseId,
          next: 'resettlement_choice',
          seconds: stepSeconds(await parametersForCase(c, now)),
        },
        republish: lastWriteWas(c, 'offers', 'offers.computed') ? [offersEvent(c)] : [],
      };
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
