import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { cancelSharesItem } from '../../../adapters/table/parcelExit.js';
import type { Principal } from '../../../auth/principal.js';
import type { ReceiptInput } from '../../../contract/collectivePayments.js';
import { withTranche } from '../../../domain/compensation/schedule.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { IllegalTransition, NotFound } from '../../../errors/appError.js';
import { STEP_OUTCOMES } from '../../../workflow/contract.js';
import { caseEvent, moveCase, touchCase } from '../../moveCase.js';
import type { CaseDecision } from '../caseChange.js';
import { waitingToken } from '../waiting.js';
import { collectiveEvent, collectiveNote, isLastCollectiveTranche } from './payments.js';

const STEP = { zh: '确认收款', en: 'the receipt of the payment' };

/**
 * POST /cases/{caseId}/collective-payments/{tranche}/receipt (the household, own case): the answer to a
 * recorded collective payment.
 * - `confirmed: true`: the tranche is `confirmed` and the step ends: contract land's first tranche →
 *   the handover; the last collective tranche → closed. For an equity exit the registry's shares fall by
 *   the shares exited in the same transaction (conditional: they are still held). Confirming twice
 *   answers the same (nothing changes).
 * - `confirmed: false, text`: the tranche is `disputed`, the town is told (event + notices); the case
 *   keeps waiting, so the household may confirm later when the money arrives, and the deadline's
 *   escalation goes on up the ladder. A confirmed tranche can no longer be disputed (409).
 */
export function receiptChange(
  stored: StoredCase,
  trancheNo: number,
  input: ReceiptInput,
  principal: Principal,
  now: string,
): CaseDecision {
  const c = stored.case;
  const t = c.paymentSchedule?.find((x) => x.tranche === trancheNo && x.payer === 'collective');
  if (!c.agreement || !c.paymentSchedule || !t) {
    throw new NotFound({
      zh: `本案件没有由村集体支付的第 ${trancheNo} 期款项。`,
      en: `the case has no tranche ${trancheNo} paid by the collective`,
    });
  }
  if (t.status === 'confirmed') {
    if (input.confirmed) return { unchanged: stored, events: [] };
    throw new IllegalTransition(
      { zh: `第 ${t.tranche} 期已确认收款。`, en: `tranche ${t.tranche} was already confirmed as received` },
      { tranche: t.tranche, trancheStatus: t.status },
    );
  }
  if (t.status !== 'paid' && t.status !== 'disputed') {
    throw new IllegalTransition(
      {
        zh: `村集体尚未登记第 ${t.tranche} 期的支付。`,
        en: `the collective has not recorded a payment of tranche ${t.tranche} yet`,
      },
      { tranche: t.tranche, trancheStatus: t.status },
    );
  }
  const token = waitingToken(stored, 'paying', STEP);
  const count = c.paymentSchedule.length;
  if (!input.confirmed) {
    const disputed: Tranche = { ...t, status: 'disputed', dispute: { text: input.text, at: now } };
    const next = touchCase(c, {
      actor: principal.sub,
      at: now,
      // the household's words are stored once, in the tranche's `dispute`
      note: collectiveNote('disputed', disputed, count),
      patch: { paymentSchedule: withTranche(c.paymentSchedule, disputed) },
    });
    return {
      read: stored,
      next,
      token: 'keep',
      audit: {
        actor: principal.sub,
        action: 'collective_payment.disputed',
        reason: input.text,
        detail: { tranche: t.tranche, paymentId: t.paymentId, amountFen: t.amountFen },
      },
      events: [collectiveEvent('disputed', next, principal.sub, c.status, disputed)],
    };
  }
  const confirmed: Tranche = { ...t, status: 'confirmed', confirmedAt: now };
  const last = isLastCollectiveTranche(c, t);
  const outcome = last ? 'final_confirmed' : 'confirmed';
  const app = c.application;
  // equity (二(二)5): the shares leave the household's holding when the payment for them is confirmed
  const cancelShares = last && app.type === 'equity_exit';
  const next = moveCase(c, STEP_OUTCOMES.collective_payment[outcome], {
    actor: principal.sub,
    at: now,
    note: collectiveNote('confirmed', confirmed, count),
    patch: {
      paymentSchedule: withTranche(c.paymentSchedule, confirmed),
      pendingTask: undefined,
      ...(cancelShares ? { equity: { ...(c.equity ?? {}), sharesCancelledAt: now } } : {}),
    },
  });
  return {
    read: stored,
    next,
    token: 'consume',
    audit: {
      actor: principal.sub,
      action: 'collective_payment.confirmed',
      detail: {
        tranche: t.tranche,
        paymentId: t.paymentId,
        amountFen: t.amountFen,
        ...(cancelShares ? { sharesCancelled: app.shares } : {}),
      },
    },
    ...(cancelShares ? { extra: [cancelSharesItem(c.householdId, app.shares, now)] } : {}),
    events: [
      collectiveEvent('confirmed', next, principal.sub, c.status, confirmed),
      ...(last ? [caseEvent('CaseClosed', next, principal.sub, c.status, { by: 'collective_payment' })] : []),
    ],
    resume: { token: token.token, output: { outcome } },
  };
}
