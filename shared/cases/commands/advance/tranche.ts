import { scheduleOf } from '../../../domain/compensation/schedule.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent, DomainEventType } from '../../../domain/model/event.js';
import type { LedgerEntry } from '../../../domain/model/ledger.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { trancheEntryId } from '../../../fund/advance.js';
import { caseEvent } from '../../moveCase.js';

/**
 * The money side of one tranche of the payment schedule (分期支付): its ledger entry and its events.
 * The entry id derives from the agreement and the tranche, so no retry, restart or race can pay a
 * tranche twice (the ledger's guard item refuses a second entry with the same id).
 */
export function trancheEntry(c: Case, t: Tranche, actor: string, at: string): LedgerEntry {
  if (!c.agreement) throw new Error(`case ${c.caseId} has no agreement`);
  const count = scheduleOf(c).length;
  return {
    entryId: trancheEntryId(c.agreement.agreementId, t.tranche, count),
    at,
    kind: 'advance',
    amountFen: t.amountFen,
    debit: 'advances',
    credit: 'fund_cash',
    actor,
    caseId: c.caseId,
    agreementId: c.agreement.agreementId,
    reference: count <= 1 ? c.agreement.agreementId : `${c.agreement.agreementId} T${t.tranche}/${count}`,
    ...(count > 1 ? { tranche: t.tranche } : {}),
  };
}

/**
 * An event about one tranche (AdvanceQueued, AdvanceDisbursed): `amountFen` is the tranche's, so the
 * money the reports sum is the money the ledger moved. The id derives from the agreement and the
 * tranche: whichever request sends it (the first or a retry after a crash), consumers keep one.
 */
export function trancheEvent(
  type: DomainEventType,
  c: Case,
  actor: string,
  from: Case['status'],
  t: Tranche,
  tag: string,
): DomainEvent {
  const schedule = scheduleOf(c);
  return {
    ...caseEvent(type, c, actor, from, {
      amountFen: t.amountFen,
      tranche: t.tranche,
      tranches: schedule.length,
      milestone: t.milestone,
      sharePct: t.sharePct,
      payableFen: c.agreement?.payableFen,
      requiredApprovals: c.advance?.requiredApprovals,
      approvals: c.advance?.approvals.length,
      ...(t.entryId ? { entryId: t.entryId } : {}),
    }),
    // the first tranche keeps the id an advance's event had, so a retry across the change sends one
    eventId:
      t.tranche === 1
        ? `${c.caseId}:${c.agreement?.agreementId ?? 'none'}:${type}:${tag}`
        : `${c.caseId}:${c.agreement?.agreementId ?? 'none'}:${type}:T${t.tranche}:${tag}`,
  };
}

/** Whether `t` is the schedule's last tranche (its payment closes the case). */
export function isLastTranche(c: Case, t: Tranche): boolean {
  return t.tranche === scheduleOf(c).length;
}
