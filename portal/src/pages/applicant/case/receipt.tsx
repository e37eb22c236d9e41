import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../../api/client';
import type { CaseView } from '../../../api/contract';
import { ConfirmDialog, SubmitButton, TextField } from '../../../components/form';
import { Alert, ErrorSummary, type FormError, fieldError, ServerError } from '../../../components/ui';
import { checkDispute, DISPUTE_MAX, receiptBody, trancheToAnswer } from '../../../lib/collectivePayment';
import { formatDateTime, formatFen } from '../../../lib/format';
import { useAction } from './useAction';

/**
 * The household's answer to the collective's payment (DOMAIN.md wave 2, "Who pays"): the village
 * recorded 第 N 期 as paid with the bank's reference; the household confirms it arrived (确认收到,
 * asked once more in a dialog: it closes the tranche) or says it did not, or not in full (未收到/有异议,
 * with its words; the town is told). A dispute already made is told by NextStep, with its words.
 */
export function CollectiveReceipt({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tranche = trancheToAnswer(c);
  const action = useAction(c.caseId);
  const nonce = useRef(newIdempotencyKey());
  const [confirming, setConfirming] = useState(false);
  const [disputing, setDisputing] = useState(false);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  // the tranche answered here and how (a later tranche of the same case gets its own card)
  const [answered, setAnswered] = useState<{ n: number; kind: 'confirmed' | 'disputed' }>();

  const path = (n: number) => `/cases/${encodeURIComponent(c.caseId)}/collective-payments/${n}/receipt`;
  const confirm = async () => {
    if (!tranche) return;
    const body = receiptBody({ confirmed: true });
    const ok = await action.run(() =>
      apiFetch(path(tranche.tranche), {
        body,
        idempotencyKey: `receipt-${c.caseId}-${tranche.tranche}-confirmed`,
        retryWhileNotReady: true,
      }),
    );
    setConfirming(false);
    if (ok) setAnswered({ n: tranche.tranche, kind: 'confirmed' });
  };
  const dispute = async () => {
    if (!tranche) return;
    const found = checkDispute(text);
    setErrors(found);
    if (found.length > 0) return;
    const body = receiptBody({ confirmed: false, text });
    const ok = await action.run(() =>
      apiFetch(path(tranche.tranche), {
        body,
        idempotencyKey: bodyKey(nonce.current, body),
        retryWhileNotReady: true,
      }),
    );
    if (ok) setAnswered({ n: tranche.tranche, kind: 'disputed' });
  };

  return (
    <>
      {answered && (
        <Alert kind="ok" title={t(`receipt.done.${answered.kind}`)} live>
          <p>{t(`receipt.doneText.${answered.kind}`)}</p>
        </Alert>
      )}
      {tranche && answered?.n !== tranche.tranche && (
        <section className="card card--accent" aria-labelledby="receipt-title">
          <h2 id="receipt-title">
            {t('receipt.title', { n: tranche.tranche, amount: formatFen(tranche.amountFen, lang) })}
          </h2>
          <p>
            {t('receipt.bankReference', { ref: tranche.bankReference ?? '—' })}
            {tranche.paidAt
              ? ` · ${t('receipt.recordedAt', { date: formatDateTime(tranche.paidAt, lang) })}`
              : ''}
          </p>
          <p>{t('receipt.lead')}</p>
          {!confirming && <ServerError error={action.error} />}
          <div className="btn-row">
            <SubmitButton type="button" onClick={() => setConfirming(true)}>
              {t('receipt.confirm')}
            </SubmitButton>
            <button
              type="button"
              className="btn btn--secondary"
              aria-expanded={disputing}
              aria-controls="dispute-form"
              onClick={() => setDisputing((d) => !d)}
            >
              {t('receipt.notReceived')}
            </button>
          </div>
          {disputing && (
            <form
              id="dispute-form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void dispute();
              }}
            >
              <ErrorSummary errors={errors} />
              <TextField
                id="disputeText"
                label={t('receipt.disputeText')}
                hint={t('receipt.disputeHint')}
                error={fieldError(errors, 'disputeText', t)}
                value={text}
                onChange={(v) => {
                  setText(v);
                  if (errors.length > 0) setErrors(checkDispute(v));
                }}
                maxLength={DISPUTE_MAX}
                multiline
              />
              <SubmitButton busy={action.busy}>{t('receipt.submitDispute')}</SubmitButton>
            </form>
          )}
          <ConfirmDialog
            open={confirming}
            title={t('receipt.confirmTitle', {
              n: tranche.tranche,
              amount: formatFen(tranche.amountFen, lang),
            })}
            confirmLabel={t('receipt.confirmYes')}
            cancelLabel={t('receipt.confirmNo')}
            busy={action.busy}
            onConfirm={() => void confirm()}
            onCancel={() => setConfirming(false)}
          >
            <p>{t('receipt.confirmText')}</p>
            <ServerError error={action.error} />
          </ConfirmDialog>
        </section>
      )}
    </>
  );
}
