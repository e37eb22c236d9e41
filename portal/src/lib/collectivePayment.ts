import { formatFen, parseYuanToFen } from './format.js';

/**
 * Who pays (DOMAIN.md wave 2): contract-land and equity compensation is paid by the village collective,
 * not by the special fund. The village reviewer records each payment (tranche, amount, bank reference;
 * `POST /cases/{caseId}/collective-payments`), the household confirms receipt or disputes it
 * (`POST …/collective-payments/{tranche}/receipt`). Here, apart from the screens and on the fields they
 * need only, so that the tests read it without a browser: which tranche waits for whom, the record
 * form's checks (those of shared/contract/collectivePayments.ts, made before sending) and the bodies.
 * Its one import, format.ts, has none of its own.
 */
interface FormError {
  field: string;
  key: string;
  values?: Record<string, unknown>;
}

export interface TrancheLike {
  tranche: number;
  milestone: string;
  sharePct: number;
  amountFen: number;
  payer: 'fund' | 'collective';
  status: string;
  paidAt?: string | undefined;
  bankReference?: string | undefined;
  confirmedAt?: string | undefined;
  dispute?: { text: string; at: string } | undefined;
}

interface PayingCase {
  status: string;
  pendingTask?: { kind: string; role?: string | undefined } | undefined;
  paymentSchedule?: readonly TrancheLike[] | undefined;
}

const collective = (c: PayingCase) => (c.paymentSchedule ?? []).filter((t) => t.payer === 'collective');

/**
 * The tranche the village must record now: the collective's payable tranche of a case in `paying`
 * whose pending task is the village's (a server that names no role: the payable tranche says it).
 */
export function trancheToRecord(c: PayingCase): TrancheLike | undefined {
  if (c.status !== 'paying') return undefined;
  const role = c.pendingTask?.role;
  if (role !== undefined && role !== 'village_reviewer') return undefined;
  return collective(c).find((t) => t.status === 'payable');
}

/** The tranche the household must answer: recorded as paid by the collective, not yet confirmed. */
export function trancheToAnswer(c: PayingCase): TrancheLike | undefined {
  if (c.status !== 'paying') return undefined;
  // a disputed tranche may still be confirmed once the money has arrived (the server takes it)
  return collective(c).find((t) => t.status === 'paid' || t.status === 'disputed');
}

/** The collective's tranches the household disputed (the town is told; the village sees them too). */
export function disputedTranches(c: PayingCase): TrancheLike[] {
  return collective(c).filter((t) => t.status === 'disputed');
}

/**
 * Whether the collective pays this case: any tranche of its schedule says so; before a schedule exists,
 * a contract-land or equity case signed without an advance of the fund (wave-1 contract-land cases
 * were advanced by the fund and keep showing it).
 */
export function paidByCollective(c: {
  type: string;
  advance?: unknown;
  paymentSchedule?: readonly { payer: string }[] | undefined;
}): boolean {
  const schedule = c.paymentSchedule ?? [];
  if (schedule.length > 0) return schedule.some((t) => t.payer === 'collective');
  return c.type !== 'homestead_exit' && c.advance === undefined;
}

/** Whose move a case in `paying` waits for, as a queue row says it (the summary has the task's role). */
export function payingWaitsOn(c: PayingCase): 'village_reviewer' | 'applicant' | undefined {
  if (c.status !== 'paying') return undefined;
  const role = c.pendingTask?.role;
  return role === 'applicant' || role === 'village_reviewer' ? role : undefined;
}

/** The contract's limits (shared/contract/collectivePayments.ts). */
export const BANK_REF_MAX = 64;
export const PAYER_MAX = 100;
export const DISPUTE_MAX = 2000;
const CONTROL = /\p{Cc}/u;

/** What the record form holds, as typed: the amount in yuan, prefilled with the tranche's. */
export interface PaymentFormState {
  amount: string;
  bankReference: string;
  payerName: string;
}

/** Fen as a yuan amount one can type back ("148140.00"): string arithmetic, no float division. */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const emptyPaymentForm = (t: Pick<TrancheLike, 'amountFen'>): PaymentFormState => ({
  amount: fenToYuanInput(t.amountFen),
  bankReference: '',
  payerName: '',
});

/**
 * What is wrong with the record, each beside its field: the amount must be the tranche's to the fen
 * (the server refuses any other), the bank reference is required, printable and at most 64 characters,
 * the payer's name (承接方) at most 100.
 */
export function checkPayment(form: PaymentFormState, dueFen: number): FormError[] {
  const errors: FormError[] = [];
  const fen = parseYuanToFen(form.amount);
  if (!form.amount.trim()) errors.push({ field: 'amount', key: 'collective.err.amount' });
  else if (fen === undefined || fen <= 0)
    errors.push({ field: 'amount', key: 'collective.err.amountFormat' });
  else if (fen !== dueFen)
    errors.push({ field: 'amount', key: 'collective.err.amountDue', values: { due: formatFen(dueFen) } });
  const ref = form.bankReference.trim();
  if (!ref) errors.push({ field: 'bankReference', key: 'collective.err.bankReference' });
  else if (ref.length > BANK_REF_MAX)
    errors.push({ field: 'bankReference', key: 'collective.err.tooLong', values: { max: BANK_REF_MAX } });
  else if (CONTROL.test(ref)) errors.push({ field: 'bankReference', key: 'collective.err.control' });
  if (form.payerName.trim().length > PAYER_MAX)
    errors.push({ field: 'payerName', key: 'collective.err.tooLong', values: { max: PAYER_MAX } });
  return errors;
}

/** The body of `POST /cases/{caseId}/collective-payments`: the payer's name only when one is given. */
export function paymentBody(
  tranche: Pick<TrancheLike, 'tranche'>,
  form: PaymentFormState,
): { tranche: number; amountFen: number; bankReference: string; payerName?: string } {
  const payerName = form.payerName.trim();
  return {
    tranche: tranche.tranche,
    amountFen: parseYuanToFen(form.amount) ?? 0,
    bankReference: form.bankReference.trim(),
    ...(payerName ? { payerName } : {}),
  };
}

/** The form's field for a path of the API's field errors (without `body.`). */
export function paymentFieldOf(path: string): string {
  if (path.startsWith('amountFen')) return 'amount';
  if (path.startsWith('bankReference')) return 'bankReference';
  if (path.startsWith('payerName')) return 'payerName';
  return 'amount';
}

/** A dispute says what is wrong (not arrived, another amount …), in at most 2000 characters. */
export function checkDispute(text: string): FormError[] {
  const v = text.trim();
  if (!v) return [{ field: 'disputeText', key: 'receipt.err.text' }];
  if (v.length > DISPUTE_MAX)
    return [{ field: 'disputeText', key: 'receipt.err.tooLong', values: { max: DISPUTE_MAX } }];
  return [];
}

/** The body of the household's answer: a confirmation, or a dispute with its words. */
export function receiptBody(
  answer: { confirmed: true } | { confirmed: false; text: string },
): { confirmed: true } | { confirmed: false; text: string } {
  return answer.confirmed ? { confirmed: true } : { confirmed: false, text: answer.text.trim() };
}
