import { scheduleOf } from '../../../domain/compensation/schedule.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent, DomainEventType } from '../../../domain/model/event.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { caseEvent } from '../../moveCase.js';
import { trancheNote } from '../advance/view.js';

/**
 * Collective payments (DOMAIN.md wave 2 "Who pays"): contract-land and equity tranches are paid by the
 * village collective (or the taker it names), never by the special fund. Each tranche goes
 * `scheduled → payable` (its milestone: the cooling-off's end, the handover) `→ paid` (the village records
 * the transfer, one record per agreement and tranche, ever) `→ confirmed` (the household's receipt) or
 * `disputed` (the town is told; the household may confirm later, when the money has arrived).
 */
export type CollectiveStage = 'due' | 'recorded' | 'confirmed' | 'disputed';

const EVENT: Record<CollectiveStage, DomainEventType> = {
  due: 'CollectivePaymentDue',
  recorded: 'CollectivePaymentRecorded',
  confirmed: 'CollectivePaymentConfirmed',
  disputed: 'CollectivePaymentDisputed',
};

const NOTE: Record<CollectiveStage, string> = {
  due: '应由村集体支付 / due from the village collective',
  recorded: '村集体已登记支付 / the village collective recorded the payment',
  confirmed: '农户已确认收款 / the household confirmed the receipt',
  disputed: '农户对支付有异议，已告知镇审核员 / the household disputed the payment; the town is told',
};

/** The payment's record id: one per (agreement, tranche), ever. */
export function collectivePaymentId(agreementId: string, tranche: number): string {
  return `COL-${agreementId}-T${tranche}`;
}

/** A timeline note for the stage, naming the tranche when the schedule has more than one. */
export function collectiveNote(stage: CollectiveStage, t: Pick<Tranche, 'tranche'>, count: number): string {
  return trancheNote(NOTE[stage], t, count);
}

/**
 * The stage's event. The id derives from the agreement, the tranche and the stage, so a retry sends the
 * same one; a dispute may happen more than once (it carries the time), a confirmation once.
 */
export function collectiveEvent(
  stage: CollectiveStage,
  c: Case,
  actor: string,
  from: Case['status'],
  t: Tranche,
): DomainEvent {
  const schedule = scheduleOf(c);
  return {
    ...caseEvent(EVENT[stage], c, actor, from, {
      tranche: t.tranche,
      tranches: schedule.length,
      milestone: t.milestone,
      amountFen: t.amountFen,
      payer: 'collective',
      ...(t.bankReference ? { bankReference: t.bankReference } : {}),
      ...(t.paymentId ? { paymentId: t.paymentId } : {}),
      ...(stage === 'disputed' && t.dispute ? { text: t.dispute.text } : {}),
    }),
    eventId: `${c.caseId}:${c.agreement?.agreementId ?? 'none'}:${EVENT[stage]}:T${t.tranche}${
      stage === 'disputed' ? `:${t.dispute?.at ?? ''}` : ''
    }`,
  };
}

/** Whether `t` is the schedule's last collective tranche: its confirmed receipt closes the case. */
export function isLastCollectiveTranche(c: Case, t: Tranche): boolean {
  const collective = (c.paymentSchedule ?? []).filter((x) => x.payer === 'collective');
  return collective.at(-1)?.tranche === t.tranche;
}
