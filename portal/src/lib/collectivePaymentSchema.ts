import { collectivePaymentInputSchema } from '../../../shared/contract/collectivePayments';
import { onePerField, type PlaceIssue, schemaErrors } from '../components/form';
import type { FormError } from '../components/ui';
import { checkPayment, type PaymentFormState, paymentBody, type TrancheLike } from './collectivePayment';

/**
 * The record form's whole check: its own (the amount as typed, the tranche's to the fen) and the API's
 * body schema (`collectivePaymentInputSchema`, which the handler parses with) on the body it would
 * send. Apart from lib/collectivePayment.ts, which the household's pages use, so that zod is loaded
 * with the village's form only.
 */
const placePaymentIssue: PlaceIssue = (issue) => {
  const head = String(issue.path[0] ?? '');
  const max = 'maximum' in issue ? Number(issue.maximum) : undefined;
  if (head === 'amountFen') return { field: 'amount', key: 'collective.err.amountFormat' };
  if (head === 'bankReference') {
    if (issue.code === 'too_big') return { field: head, key: 'collective.err.tooLong', values: { max } };
    if (issue.code === 'invalid_format') return { field: head, key: 'collective.err.control' };
    return { field: head, key: 'collective.err.bankReference' };
  }
  if (head === 'payerName') return { field: head, key: 'collective.err.tooLong', values: { max } };
  return undefined;
};

export function checkPaymentLive(
  form: PaymentFormState,
  tranche: Pick<TrancheLike, 'tranche' | 'amountFen'>,
): FormError[] {
  return onePerField([
    ...checkPayment(form, tranche.amountFen),
    ...schemaErrors(collectivePaymentInputSchema, paymentBody(tranche, form), placePaymentIssue),
  ]);
}
