import { describe, expect, it } from 'vitest';
import {
  checkDispute,
  checkPayment,
  disputedTranches,
  emptyPaymentForm,
  fenToYuanInput,
  PAYER_MAX,
  type PaymentFormState,
  paidByCollective,
  payingWaitsOn,
  paymentBody,
  paymentFieldOf,
  receiptBody,
  type TrancheLike,
  trancheToAnswer,
  trancheToRecord,
} from '../../portal/src/lib/collectivePayment.js';
import { paidSoFar } from '../../portal/src/lib/paid.js';
import {
  collectivePaymentInputSchema,
  receiptInputSchema,
} from '../../shared/contract/collectivePayments.js';

/**
 * Who pays (DOMAIN.md wave 2): the village records the collective's payment of a contract-land or
 * equity tranche, the household confirms receipt or disputes it. The portal's reading of the case
 * (which tranche waits for whom), the record form's checks and the bodies it sends, without a browser.
 */
const tranche = (change: Partial<TrancheLike>): TrancheLike => ({
  tranche: 1,
  milestone: 'cooling_off_ended',
  sharePct: 70,
  amountFen: 3_500_012,
  payer: 'collective',
  status: 'payable',
  ...change,
});
const paying = (
  schedule: TrancheLike[],
  role?: string,
): { status: string; pendingTask?: { kind: string; role?: string }; paymentSchedule: TrancheLike[] } => ({
  status: 'paying',
  pendingTask: { kind: 'collective_payment', ...(role ? { role } : {}) },
  paymentSchedule: schedule,
});
const fields = (errors: { field: string; key: string; values?: Record<string, unknown> }[]) =>
  errors.map((e) => `${e.field}:${e.key}${e.values ? JSON.stringify(e.values) : ''}`);

describe('the tranche that waits', () => {
  const first = tranche({});
  const second = tranche({ tranche: 2, milestone: 'handed_over', sharePct: 30, status: 'scheduled' });

  it('is the village’s to record while the collective’s tranche is payable and the task is the village’s', () => {
    expect(trancheToRecord(paying([first, second], 'village_reviewer'))).toEqual(first);
    // a server that names no role: the payable tranche says it
    expect(trancheToRecord(paying([first, second]))).toEqual(first);
    expect(trancheToRecord(paying([first, second], 'applicant'))).toBeUndefined();
    expect(
      trancheToRecord({ ...paying([first], 'village_reviewer'), status: 'handing_over' }),
    ).toBeUndefined();
    // the fund's tranches are never the village's
    expect(trancheToRecord(paying([{ ...first, payer: 'fund' }], 'village_reviewer'))).toBeUndefined();
  });

  it('is the household’s to answer once the village recorded it as paid', () => {
    const paid = { ...first, status: 'paid', bankReference: 'ICBC-1', paidAt: '2026-03-01T02:00:00Z' };
    expect(trancheToAnswer(paying([paid, second], 'applicant'))).toEqual(paid);
    expect(trancheToAnswer(paying([{ ...first, status: 'confirmed' }, second], 'village_reviewer'))).toBe(
      undefined,
    );
    expect(trancheToAnswer(paying([first, second]))).toBeUndefined();
    // a dispute does not end it: the household confirms once the money has arrived
    const disputed = { ...paid, status: 'disputed', dispute: { text: '未到账', at: '2026-03-02T02:00:00Z' } };
    expect(trancheToAnswer(paying([disputed, second], 'applicant'))).toEqual(disputed);
  });

  it('lists the disputed tranches', () => {
    const disputed = {
      ...first,
      status: 'disputed',
      dispute: { text: '未到账', at: '2026-03-02T02:00:00Z' },
    };
    expect(disputedTranches(paying([disputed, second]))).toEqual([disputed]);
  });

  it('names whose move a queue row waits for', () => {
    expect(payingWaitsOn(paying([first], 'village_reviewer'))).toBe('village_reviewer');
    expect(payingWaitsOn(paying([first], 'applicant'))).toBe('applicant');
    expect(payingWaitsOn(paying([first]))).toBeUndefined();
    expect(payingWaitsOn({ status: 'vacating', pendingTask: { kind: 'vacated', role: 'applicant' } })).toBe(
      undefined,
    );
  });
});

describe('who pays', () => {
  it('is the collective when the schedule says so, or a contract-land or equity case without an advance', () => {
    expect(paidByCollective({ type: 'equity_exit', paymentSchedule: [tranche({})] })).toBe(true);
    expect(paidByCollective({ type: 'homestead_exit', paymentSchedule: [tranche({ payer: 'fund' })] })).toBe(
      false,
    );
    expect(paidByCollective({ type: 'contract_land_exit' })).toBe(true);
    // a wave-1 contract-land case was advanced by the fund
    expect(paidByCollective({ type: 'contract_land_exit', advance: { status: 'paid' } })).toBe(false);
    expect(paidByCollective({ type: 'homestead_exit' })).toBe(false);
  });

  it('counts what the household received: paid and confirmed tranches, not a disputed one', () => {
    const at = '2026-03-01T02:00:00.000Z';
    const schedule = [
      tranche({ status: 'confirmed', paidAt: at }),
      tranche({ tranche: 2, amountFen: 1_500_000, status: 'disputed', paidAt: '2026-04-01T02:00:00.000Z' }),
    ];
    expect(paidSoFar({ paymentSchedule: schedule })).toEqual({
      amountFen: 3_500_012,
      lastPaidAt: at,
      paid: 1,
      tranches: 2,
    });
  });
});

describe('the village’s record of a payment', () => {
  const due = tranche({});
  const form = (change: Partial<PaymentFormState>): PaymentFormState => ({
    ...emptyPaymentForm(due),
    ...change,
  });

  it('opens with the tranche’s amount in yuan, exact to the fen', () => {
    expect(emptyPaymentForm(due)).toEqual({ amount: '35000.12', bankReference: '', payerName: '' });
    expect(fenToYuanInput(5)).toBe('0.05');
    expect(fenToYuanInput(1_000_000)).toBe('10000.00');
  });

  it('takes only the tranche’s amount, and says which it is', () => {
    expect(checkPayment(form({ bankReference: 'ICBC-1' }), due.amountFen)).toEqual([]);
    expect(checkPayment(form({ amount: '35,000.12 元', bankReference: 'ICBC-1' }), due.amountFen)).toEqual(
      [],
    );
    expect(fields(checkPayment(form({ amount: '35000.1', bankReference: 'ICBC-1' }), due.amountFen))).toEqual(
      ['amount:collective.err.amountDue{"due":"¥35,000.12"}'],
    );
    expect(fields(checkPayment(form({ amount: '', bankReference: 'ICBC-1' }), due.amountFen))).toEqual([
      'amount:collective.err.amount',
    ]);
    expect(fields(checkPayment(form({ amount: '1.234', bankReference: 'ICBC-1' }), due.amountFen))).toEqual([
      'amount:collective.err.amountFormat',
    ]);
    expect(fields(checkPayment(form({ amount: '0', bankReference: 'ICBC-1' }), due.amountFen))).toEqual([
      'amount:collective.err.amountFormat',
    ]);
  });

  it('needs a printable bank reference of at most 64 characters, and a payer name of at most 100', () => {
    expect(fields(checkPayment(form({ bankReference: '  ' }), due.amountFen))).toEqual([
      'bankReference:collective.err.bankReference',
    ]);
    expect(fields(checkPayment(form({ bankReference: 'x'.repeat(65) }), due.amountFen))).toEqual([
      'bankReference:collective.err.tooLong{"max":64}',
    ]);
    expect(fields(checkPayment(form({ bankReference: 'A\nB' }), due.amountFen))).toEqual([
      'bankReference:collective.err.control',
    ]);
    expect(
      fields(checkPayment(form({ bankReference: 'R', payerName: 'x'.repeat(PAYER_MAX + 1) }), due.amountFen)),
    ).toEqual(['payerName:collective.err.tooLong{"max":100}']);
  });

  it('sends what the contract takes', () => {
    const plain = paymentBody(due, form({ bankReference: ' ICBC-20260301-0001 ' }));
    const taker = paymentBody(due, form({ bankReference: 'R-1', payerName: ' 某农业公司 ' }));
    expect(plain).toEqual({ tranche: 1, amountFen: 3_500_012, bankReference: 'ICBC-20260301-0001' });
    expect(taker).toEqual({
      tranche: 1,
      amountFen: 3_500_012,
      bankReference: 'R-1',
      payerName: '某农业公司',
    });
    for (const b of [plain, taker])
      expect(collectivePaymentInputSchema.safeParse(b).success, JSON.stringify(b)).toBe(true);
  });

  it('puts the API’s field errors beside the form’s fields', () => {
    expect(paymentFieldOf('amountFen')).toBe('amount');
    expect(paymentFieldOf('bankReference')).toBe('bankReference');
    expect(paymentFieldOf('payerName')).toBe('payerName');
    expect(paymentFieldOf('tranche')).toBe('amount');
  });
});

describe('the household’s answer', () => {
  it('needs words to dispute, at most 2000 characters', () => {
    expect(fields(checkDispute(' '))).toEqual(['disputeText:receipt.err.text']);
    expect(fields(checkDispute('x'.repeat(2001)))).toEqual(['disputeText:receipt.err.tooLong{"max":2000}']);
    expect(checkDispute('没有到账')).toEqual([]);
  });

  it('sends a confirmation or a dispute as the contract takes them', () => {
    const bodies = [receiptBody({ confirmed: true }), receiptBody({ confirmed: false, text: ' 金额不符 ' })];
    expect(bodies).toEqual([{ confirmed: true }, { confirmed: false, text: '金额不符' }]);
    for (const b of bodies) expect(receiptInputSchema.safeParse(b).success, JSON.stringify(b)).toBe(true);
  });
});
