import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import { keys, useFund } from '../../api/hooks';
import type { LedgerEntry } from '../../api/types';
import { Link } from '../../app/router';
import {
  Alert,
  Choice,
  ErrorSummary,
  Field,
  FieldSet,
  type FormError,
  fieldError,
  PageHeader,
  ServerError,
} from '../../components/ui';
import { formatFen, parseYuanToFen } from '../../lib/format';

type Source = 'quota_sale' | 'appropriation';

interface Result extends LedgerEntry {
  paidAdvances?: { caseId: string; entryId: string; amountFen: number }[];
}

/** Money into the special fund: a quota sale (with the quota sold) or a budget appropriation. */
export function Replenish() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const fund = useFund();
  const nonce = useRef(newIdempotencyKey());
  const [source, setSource] = useState<Source>();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [quota, setQuota] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [serverError, setServerError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const errorFor = (f: string) => fieldError(errors, f, t);

  const submit = async () => {
    const found: FormError[] = [];
    const fen = parseYuanToFen(amount);
    if (!source) found.push({ field: 'source', key: 'rep.err.source' });
    if (fen === undefined || fen <= 0) found.push({ field: 'amount', key: 'rep.err.amount' });
    if (!reference.trim()) found.push({ field: 'reference', key: 'rep.err.reference' });
    const quotaOk = /^\d{1,7}(\.\d{1,4})?$/.test(quota.trim()) && Number(quota) > 0;
    if (source === 'quota_sale' && !quotaOk) found.push({ field: 'quota', key: 'rep.err.quota' });
    setErrors(found);
    setServerError(undefined);
    if (found.length > 0 || !source || fen === undefined) return;
    const body = {
      source,
      amountFen: fen,
      reference: reference.trim(),
      ...(source === 'quota_sale' ? { quotaMu: Number(quota.trim()) } : {}),
    };
    setBusy(true);
    try {
      const res = await apiFetch<Result>('/fund/replenishments', {
        body,
        idempotencyKey: bodyKey(nonce.current, body),
      });
      setResult(res);
      setAmount('');
      setReference('');
      setQuota('');
      setSource(undefined);
      nonce.current = newIdempotencyKey();
      await qc.invalidateQueries({ queryKey: keys.fund });
      await qc.invalidateQueries({ queryKey: keys.ledger });
      await qc.invalidateQueries({ queryKey: ['cases'] });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
        const fields = error.fieldErrors();
        const mapped = Object.keys(fields).map((k) => ({
          field: k === 'quotaMu' ? 'quota' : k === 'amountFen' ? 'amount' : k,
          ...(k === 'quotaMu' && error.status === 422
            ? { key: 'rep.err.quotaExceeds' }
            : { key: 'rep.err.server', values: { detail: fields[k] } }),
        }));
        if (mapped.length > 0) setErrors(mapped);
        else setServerError(error);
      } else setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageHeader title={t('rep.title')} lead={t('rep.lead')} />
      {fund.data && (
        <p>
          {t('rep.current', { amount: formatFen(fund.data.balanceFen, lang) })}
          {fund.data.queueLength > 0 &&
            ` ${t('rep.queue', { count: fund.data.queueLength, amount: formatFen(fund.data.queuedFen, lang) })}`}
        </p>
      )}
      {result && (
        <Alert kind="ok" title={t('rep.done', { amount: formatFen(result.amountFen, lang) })} live>
          <p>{t('rep.entry', { id: result.entryId })}</p>
          {(result.paidAdvances ?? []).length > 0 && (
            <p>{t('rep.paidQueued', { count: result.paidAdvances?.length ?? 0 })}</p>
          )}
          <Link to="/fund/ledger">{t('nav.ledger')}</Link>
        </Alert>
      )}
      <ErrorSummary errors={errors} />
      <ServerError error={serverError} />
      <form
        className="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldSet id="source" legend={t('rep.source')} error={errorFor('source')}>
          {(['appropriation', 'quota_sale'] as const).map((s) => (
            <Choice
              key={s}
              type="radio"
              name="source"
              value={s}
              checked={source === s}
              onChange={() => setSource(s)}
              title={t(`rep.sourceOption.${s}`)}
              description={t(`rep.sourceOption.${s}Desc`)}
            />
          ))}
        </FieldSet>
        <Field label={t('rep.amount')} hint={t('rep.amountHint')} error={errorFor('amount')} id="amount">
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              className="input--short"
              value={amount}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
        {source === 'quota_sale' && (
          <Field label={t('rep.quota')} hint={t('rep.quotaHint')} error={errorFor('quota')} id="quota">
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                className="input--short"
                value={quota}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setQuota(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field
          label={t('rep.reference')}
          hint={t('rep.referenceHint')}
          error={errorFor('reference')}
          id="reference"
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="text"
              autoComplete="off"
              value={reference}
              maxLength={200}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setReference(e.target.value)}
            />
          )}
        </Field>
        {parseYuanToFen(amount) !== undefined && (
          <p className="meta" aria-live="polite">
            {t('rep.preview', { amount: formatFen(parseYuanToFen(amount) ?? 0, lang) })}
          </p>
        )}
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {t('rep.submit')}
        </button>
      </form>
    </div>
  );
}
