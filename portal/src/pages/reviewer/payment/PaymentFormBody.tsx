import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../../../api/client';
import type { CaseView, CollectivePaymentAnswer } from '../../../api/contract';
import { keys } from '../../../api/hooks';
import {
  FormCard,
  fieldErrorsFrom,
  onePerField,
  SubmitButton,
  TextField,
  useLiveForm,
  useSubmit,
} from '../../../components/form';
import { fieldError } from '../../../components/ui';
import {
  BANK_REF_MAX,
  emptyPaymentForm,
  PAYER_MAX,
  type PaymentFormState,
  paymentBody,
  paymentFieldOf,
  type TrancheLike,
} from '../../../lib/collectivePayment';
import { checkPaymentLive } from '../../../lib/collectivePaymentSchema';
import { formatFen } from '../../../lib/format';

/**
 * The village's record of the collective's payment of one tranche (POST /cases/{caseId}/collective-
 * payments): the amount, prefilled with the tranche's in yuan and sent in fen (the server refuses any
 * other amount), the bank's reference of the transfer and, when the collective named a taker of the
 * contract land who paid, its name (承接方). The errors beside the fields follow every change once a
field was touched or the form sent (useLiveForm, with the API's own schema);
 * a 400 goes beside its field in the server's words (the amount due among them), anything else (403
 * not this village's or not this person's duty, 409 no longer due) to the banner.
 */
export function PaymentFormBody({
  c,
  tranche,
  onDone,
}: {
  c: CaseView;
  tranche: TrancheLike;
  onDone: (a: CollectivePaymentAnswer) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [form, setForm] = useState<PaymentFormState>(() => emptyPaymentForm(tranche));
  const request = useSubmit();

  const live = useLiveForm(form, (f) => checkPaymentLive(f, tranche));
  const errorFor = (field: string) => fieldError(live.errors, field, t);
  const set = (field: keyof PaymentFormState, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    live.touch(field);
  };

  const submit = async () => {
    request.clearError();
    const checked = live.attempt();
    if (checked.length > 0) return;
    const body = paymentBody(tranche, form);
    const res = await request.run(
      () =>
        apiFetch<CollectivePaymentAnswer>(`/cases/${encodeURIComponent(c.caseId)}/collective-payments`, {
          body,
          idempotencyKey: bodyKey(nonce.current, body),
          retryWhileNotReady: true,
        }),
      (error) => {
        if (!(error instanceof ApiError) || error.status !== 400) return false;
        const placed = fieldErrorsFrom(error, paymentFieldOf, 'collective.err.server');
        const once = onePerField(placed);
        if (once.length === 0) return false;
        live.serverSaid(once);
        return true;
      },
    );
    if (!res.ok) return;
    onDone(res.value);
    await qc.invalidateQueries({ queryKey: keys.case(c.caseId) });
    await qc.invalidateQueries({ queryKey: ['cases'] });
  };

  return (
    <FormCard
      id="payment-form"
      title={t('collective.formTitle', { n: tranche.tranche })}
      lead={
        <p>
          {t('collective.due', {
            n: tranche.tranche,
            when: t(`advance.schedule.milestone.${tranche.milestone}`),
            share: tranche.sharePct,
            amount: formatFen(tranche.amountFen, lang),
          })}
        </p>
      }
      errors={live.summary}
      focusKey={live.attempts}
      problem={request.error}
      onSubmit={() => void submit()}
    >
      <TextField
        id="amount"
        label={t('collective.amount')}
        hint={t('collective.amountHint', { amount: formatFen(tranche.amountFen, lang) })}
        error={errorFor('amount')}
        value={form.amount}
        onChange={(v) => set('amount', v)}
        inputMode="decimal"
        autoComplete="off"
        short
      />
      <TextField
        id="bankReference"
        label={t('collective.bankReference')}
        hint={t('collective.bankReferenceHint')}
        error={errorFor('bankReference')}
        value={form.bankReference}
        onChange={(v) => set('bankReference', v)}
        maxLength={BANK_REF_MAX}
        autoComplete="off"
      />
      <TextField
        id="payerName"
        label={t('collective.payerName')}
        hint={t('collective.payerNameHint')}
        error={errorFor('payerName')}
        value={form.payerName}
        onChange={(v) => set('payerName', v)}
        maxLength={PAYER_MAX}
      />
      <div className="btn-row">
        <SubmitButton busy={request.busy}>{t('collective.submit')}</SubmitButton>
      </div>
    </FormCard>
  );
}
