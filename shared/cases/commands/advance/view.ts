import type { AdvanceState, Case } from '../../../domain/model/case.js';
import type { DomainEvent, DomainEventType } from '../../../domain/model/event.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { caseEvent } from '../../moveCase.js';

/** What POST /cases/{caseId}/advance answers: derived from the stored case only, so a retry answers the same. */
export interface AdvanceDecisionView {
  caseId: string;
  status: Case['status'];
  advance: AdvanceState;
}

export function decisionView(c: Case): AdvanceDecisionView {
  if (!c.advance) throw new Error(`case ${c.caseId} has no advance`);
  return { caseId: c.caseId, status: c.status, advance: c.advance };
}

/**
 * Event ids come from the advance, not the case version: whichever request finally sends an event (the
 * first call or its retry after a crash), consumers see the same id and keep one.
 */
export function advanceEvent(
  type: DomainEventType,
  c: Case,
  actor: string,
  from: Case['status'],
  tag: string,
): DomainEvent {
  const a = c.advance;
  return {
    ...caseEvent(type, c, actor, from, {
      amountFen: a?.amountFen,
      requiredApprovals: a?.requiredApprovals,
      approvals: a?.approvals.length,
      ...(a?.entryId ? { entryId: a.entryId } : {}),
      ...(a?.rejectionReason ? { reason: a.rejectionReason } : {}),
    }),
    eventId: `${c.caseId}:${c.agreement?.agreementId ?? 'none'}:${type}:${tag}`,
  };
}

export const NOTES = {
  pending:
    '基金管理员同意垫付，待另一名管理员复核 / approved by one fund administrator; a second is required',
  paid: '专项基金先行垫付已拨付 / the special fund has paid the advance',
  queued: '专项基金余额不足，按审批时间排队等待拨付 / the fund cannot cover it now; queued by approval time',
  rejected: '专项基金不予垫付 / the special fund refused the advance',
} as const;

/** A payment note that names the tranche when the schedule has more than one ("中文 / English"). */
export function trancheNote(note: string, t: Pick<Tranche, 'tranche'>, count: number): string {
  if (count <= 1) return note;
  const [zh, en] = note.split(' / ');
  return `${zh}（第 ${t.tranche} 期，共 ${count} 期） / ${en} (tranche ${t.tranche} of ${count})`;
}
