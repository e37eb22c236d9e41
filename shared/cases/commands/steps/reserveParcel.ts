import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { getHousehold } from '../../../adapters/table/registryRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { CaseStatus } from '../../../domain/model/status.js';
import { type ReserveResult, recordReserve, reserveItems, reserveRecord } from '../../../fund/reserve.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { routeOf, runStep, type StepDecision } from './runStep.js';

/**
 * Reserve: the advance is paid, the exited homestead enters the district reserve (收储) and the land leg
 * begins (wave 2): `disbursed → vacating` for a homestead (腾退, then 处置 and 注销登记), `disbursed →
 * handing_over` for contract land (交回). The reserve record is written in the case's own transaction
 * (keyed by the case, once); a re-run records nothing twice; quota accrues only when the
 * reclaimed land is accepted (the `disposed` milestone). A case stored `reserved` before the land leg
 * still closes (Close).
 */
export const RESERVED_NOTE = '已纳入收储，待腾退 / entered the reserve; to be vacated';
export const HANDOVER_NOTE = '补偿已支付，待交回承包地 / paid; the contract land is to be handed over';

/** Where the land leg begins for the case's type. */
function landLegOf(c: Case): { status: CaseStatus; next: TaskResult['next']; note: string } {
  return c.application.type === 'homestead_exit'
    ? { status: 'vacating', next: 'vacated', note: RESERVED_NOTE }
    : { status: 'handing_over', next: 'handed_over', note: HANDOVER_NOTE };
}

/** Statuses past the reserve: a re-driven Reserve goes where the case is. */
const LATER: readonly CaseStatus[] = ['vacating', 'disposing', 'cancelling', 'handing_over', 'closed'];

export function reservedEvent(c: Case): DomainEvent {
  return caseEvent('ParcelReserved', c, WORKFLOW_ACTOR, 'disbursed', {
    constructionLand: c.application.type === 'homestead_exit',
    parcelIds: c.application.type === 'homestead_exit' ? c.application.parcelIds : [],
  });
}

async function decide(stored: StoredCase, now: string, tries: number): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  if (c.status === 'reserved') return { kind: 'done', result: { caseId: c.caseId, next: 'close' } };
  const leg = landLegOf(c);
  if (c.status === leg.status) {
    return {
      kind: 'done',
      result: { caseId: c.caseId, next: leg.next },
      republish: lastWriteWas(c, leg.status, 'reserve.recorded') ? [reservedEvent(c)] : [],
    };
  }
  const route = routeOf(c.status);
  if (c.status !== 'disbursed') {
    // a re-driven execution after the land leg moved on: where the case is
    if (route && LATER.includes(c.status)) return { kind: 'done', result: { caseId: c.caseId, next: route } };
    throw new UnexpectedCaseStatusError('reserveParcel', c.status);
  }
  const household = await getHousehold(c.householdId);
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  // first try: the reserve record in the case's own transaction (one request for both). After a refusal
  // (someone wrote the case, the district's counts were busy, or a record left by a run that died
  // between the two writes the step made before) the record goes first on its own, idempotent by the
  // case, and the case after it, as before
  const together = tries === 0 ? reserveRecord(c, household, now) : undefined;
  const reserve: ReserveResult = together
    ? { recorded: true, record: together, replayed: false }
    : await recordReserve(c, household, now);
  const next = moveCase(c, leg.status, { actor: WORKFLOW_ACTOR, at: now, note: leg.note });
  return {
    kind: 'write',
    write: {
      next,
      audit: {
        action: 'reserve.recorded',
        detail: reserve.recorded
          ? { areaCentiM2: reserve.record.areaCentiM2, quotaMu4: reserve.record.quotaMu4 }
          : { reason: reserve.reason },
      },
      events: [reservedEvent(next)],
      ...(together ? { extra: reserveItems(together) } : {}),
    },
    result: { value: { caseId: c.caseId, next: leg.next } },
  };
}

export function reserveParcel(event: TaskEvent, now: string): Promise<TaskResult> {
  let tries = 0;
  return runStep(event.caseId, (stored) => decide(stored, now, tries++));
}
