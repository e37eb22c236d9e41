import { keys } from '../../../adapters/keys.js';
import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { tableName } from '../../../adapters/table/dynamo.js';
import type { Principal } from '../../../auth/principal.js';
import type { CollectivePaymentInput } from '../../../contract/collectivePayments.js';
import { yuan } from '../../../domain/compensation/format.js';
import { withTranche } from '../../../domain/compensation/schedule.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { IllegalTransition, ValidationFailed } from '../../../errors/appError.js';
import { touchCase } from '../../moveCase.js';
import type { CaseChange } from '../caseChange.js';
import { assertMayDecide } from '../duties.js';
import { waitingToken } from '../waiting.js';
import { collectiveEvent, collectiveNote, collectivePaymentId } from './payments.js';

const STEP = { zh: '村集体支付', en: "the collective's payment" };

/**
 * POST /cases/{caseId}/collective-payments (village_reviewer of the case's village): the collective paid
 * the tranche due. The amount must be the tranche's to the fen (400 with the amount due); a tranche not
 * yet due, or already recorded, is 409. The payment's record item (one per agreement and tranche, ever)
 * is written with the case, so a duplicate click, a retry or two clerks at once record it once. The
 * case stays `paying` with its step still waiting: the household confirms the receipt next.
 */
export function recordPaymentChange(
  stored: StoredCase,
  input: CollectivePaymentInput,
  principal: Principal,
  now: string,
): CaseChange {
  const c = stored.case;
  // the step must be the collective payment, and the workflow waiting in it
  waitingToken(stored, 'paying', STEP);
  // recording a payment is the collective's bookkeeping: nobody records one on their own household's case
  assertMayDecide(c, principal, 'collective_payment');
  if (!c.agreement || !c.paymentSchedule) throw new Error(`case ${c.caseId} is paying without a schedule`);
  const t = c.paymentSchedule.find((x) => x.tranche === input.tranche);
  if (t?.payer !== 'collective') {
    const ours = c.paymentSchedule.filter((x) => x.payer === 'collective').map((x) => x.tranche);
    throw new ValidationFailed(
      { zh: '没有这一期应由村集体支付的款项', en: 'no such tranche is the collective’s to pay' },
      [
        {
          path: 'body.tranche',
          message: `the collective pays tranche ${ours.join(', ') || '(none)'} of this agreement`,
          messageZh: `本协议由村集体支付的是第 ${ours.join('、') || '（无）'} 期`,
        },
      ],
    );
  }
  if (t.status !== 'payable') {
    const done = t.status === 'paid' || t.status === 'confirmed' || t.status === 'disputed';
    throw new IllegalTransition(
      done
        ? {
            zh: `第 ${t.tranche} 期已登记支付（${t.bankReference ?? ''}），同一期只登记一次。`,
            en: `tranche ${t.tranche} is already recorded as paid (${t.bankReference ?? ''}); a tranche is recorded once`,
          }
        : {
            zh: `第 ${t.tranche} 期尚未到期（${t.milestone}）。`,
            en: `tranche ${t.tranche} is not due yet (${t.milestone})`,
          },
      { tranche: t.tranche, trancheStatus: t.status },
    );
  }
  if (input.amountFen !== t.amountFen) {
    throw new ValidationFailed(
      { zh: '支付金额与本期应付金额不符', en: 'the amount differs from the tranche' },
      [
        {
          path: 'body.amountFen',
          message: `tranche ${t.tranche} is ${t.amountFen} fen (¥${yuan(t.amountFen)}); ${input.amountFen} was sent`,
          messageZh: `第 ${t.tranche} 期应付 ${yuan(t.amountFen)} 元（${t.amountFen} 分），提交的是 ${yuan(input.amountFen)} 元`,
        },
      ],
      { trancheAmountFen: t.amountFen },
    );
  }
  const paymentId = collectivePaymentId(c.agreement.agreementId, t.tranche);
  const paid: Tranche = {
    ...t,
    status: 'paid',
    paidAt: now,
    paymentId,
    bankReference: input.bankReference,
    recordedBy: principal.sub,
  };
  const count = c.paymentSchedule.length;
  const next = touchCase(c, {
    actor: principal.sub,
    at: now,
    note: collectiveNote('recorded', paid, count),
    patch: { paymentSchedule: withTranche(c.paymentSchedule, paid) },
  });
  return {
    read: stored,
    next,
    // the step goes on waiting: the household's receipt ends it
    token: 'keep',
    audit: {
      actor: principal.sub,
      action: 'collective_payment.recorded',
      detail: {
        paymentId,
        tranche: t.tranche,
        amountFen: t.amountFen,
        bankReference: input.bankReference,
        ...(input.payerName ? { payerName: input.payerName } : {}),
      },
    },
    extra: [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.collectivePayment(c.caseId, c.agreement.agreementId, t.tranche),
            type: 'CollectivePayment',
            paymentId,
            caseId: c.caseId,
            agreementId: c.agreement.agreementId,
            tranche: t.tranche,
            amountFen: t.amountFen,
            bankReference: input.bankReference,
            ...(input.payerName ? { payerName: input.payerName } : {}),
            village: c.village,
            districtCode: c.districtCode,
            recordedBy: principal.sub,
            at: now,
          },
          // one record per (agreement, tranche), ever
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ],
    events: [collectiveEvent('recorded', next, principal.sub, c.status, paid)],
  };
}
