import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import type { Replenishment } from '../../api/contract';
import { keys, useFund, useQuota } from '../../api/hooks';
import { Link } from '../../app/router';
import {
  FormCard,
  fieldErrorsFrom,
  RadioGroup,
  SubmitButton,
  TextField,
  useLiveForm,
  useSubmit,
} from '../../components/form';
import { Alert, type FormError, fieldError, PageHeader } from '../../components/ui';
import { formatCentiM2, formatFen, parseYuanToFen } from '../../lib/format';

type Source = 'quota_sale' | 'appropriation';

/** "120.5" (m², at most two decimals) → 12050 centi-m², or undefined. String arithmetic, like money. */
function parseCentiM2(input: string): number | undefined {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Money into the special fund: a quota sale (with the quota sold, in m², against the district's quota
 * available from GET /quota) or a budget appropriation.
 */
export function Replenish() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const fund = useFund();
  const available = useQuota().data;
  const nonce = useRef(newIdempotencyKey());
  const [source, setSource] = useState<Source>();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [quota, setQuota] = useState('');
  const request = useSubmit();
  const [result, setResult] = useState<Replenishment>();

  // checked on every change (useLiveForm): an error shows once its field is touched and goes when fixed
  const check = (): FormError[] => {
    const found: FormError[] = [];
    const fen = parseYuanToFen(amount);
    if (!source) found.push({ field: 'source', key: 'rep.err.source' });
    if (fen === undefined || fen <= 0) found.push({ field: 'amount', key: 'rep.err.amount' });
    if (!reference.trim()) found.push({ field: 'reference', key: 'rep.err.reference' });
    const centi = parseCentiM2(quota);
    if (source === 'quota_sale') {
      if (centi === undefined || centi <= 0) found.push({ field: 'quota', key: 'rep.err.quota' });
      else if (available && centi > available.availableCentiM2) {
        found.push({
          field: 'quota',
          key: 'rep.err.quotaExceeds',
          values: { area: formatCentiM2(available.availableCentiM2, lang) },
        });
      }
    }
    return found;
  };
  const live = useLiveForm({ source, amount, reference, quota, available }, check);
  const errorFor = (f: string) => fieldError(live.errors, f, t);
  const change =
    <V,>(field: string, setter: (v: V) => void) =>
    (v: V) => {
      setter(v);
      live.touch(field);
    };

  const submit = async () => {
    request.clearError();
    const found = live.attempt();
    const fen = parseYuanToFen(amount);
    const centi = parseCentiM2(quota);
    if (found.length > 0 || !source || fen === undefined) return;
    const body = {
      source,
      amountFen: fen,
      reference: reference.trim(),
      // centi-m² / 100 is the number nearest the decimal typed, which the server reads back exactly
      ...(source === 'quota_sale' && centi !== undefined ? { quotaM2: centi / 100 } : {}),
    };
    const res = await request.run(
      () =>
        apiFetch<Replenishment>('/fund/replenishments', {
          body,
          idempotencyKey: bodyKey(nonce.current, body),
        }),
      (error) => {
        if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return false;
        const fields = fieldErrorsFrom(
          error,
          (path) =>
            path === 'quotaM2' || path === 'quotaMu' ? 'quota' : path === 'amountFen' ? 'amount' : path,
          'rep.err.server',
        ).map((e) => {
          if (e.field !== 'quota' || error.status !== 422) return e;
          void qc.invalidateQueries({ queryKey: keys.quota });
          // the district's figures as the refusal states them (sold meanwhile by someone else, perhaps)
          const left = error.problem.availableM2;
          return {
            field: 'quota',
            key: 'rep.err.quotaExceeds',
            values: { area: left === undefined ? '—' : formatCentiM2(Math.round(left * 100), lang) },
          };
        });
        live.serverSaid(fields);
        return fields.length > 0;
      },
    );
    if (!res.ok) return;
    setResult(res.value);
    setAmount('');
    setReference('');
    setQuota('');
    setSource(undefined);
    live.reset();
    nonce.current = newIdempotencyKey();
    // keys.fund covers the quota (keys.quota lies under it)
    for (const queryKey of [keys.fund, keys.ledger, ['cases']]) await qc.invalidateQueries({ queryKey });
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
      <FormCard
        id="replenish-form"
        label={t('rep.title')}
        accent={false}
        errors={live.summary}
        focusKey={live.attempts}
        problem={request.error}
        onSubmit={() => void submit()}
      >
        <RadioGroup
          id="source"
          name="source"
          legend={t('rep.source')}
          error={errorFor('source')}
          value={source}
          onChange={change('source', setSource)}
          options={(['appropriation', 'quota_sale'] as const).map((s) => ({
            value: s,
            title: t(`rep.sourceOption.${s}`),
            description: t(`rep.sourceOption.${s}Desc`),
          }))}
        />
        <TextField
          id="amount"
          label={t('rep.amount')}
          hint={t('rep.amountHint')}
          error={errorFor('amount')}
          value={amount}
          onChange={change('amount', setAmount)}
          inputMode="decimal"
          autoComplete="off"
          short
        />
        {source === 'quota_sale' && (
          <TextField
            id="quota"
            label={t('rep.quota')}
            hint={
              available
                ? t('rep.quotaAvailable', {
                    area: formatCentiM2(available.availableCentiM2, lang),
                    accepted: formatCentiM2(available.acceptedCentiM2, lang),
                    sold: formatCentiM2(available.soldCentiM2, lang),
                    mu: available.availableMu,
                  })
                : t('rep.quotaHint')
            }
            error={errorFor('quota')}
            value={quota}
            onChange={change('quota', setQuota)}
            inputMode="decimal"
            autoComplete="off"
            short
          />
        )}
        <TextField
          id="reference"
          label={t('rep.reference')}
          hint={t('rep.referenceHint')}
          error={errorFor('reference')}
          value={reference}
          onChange={change('reference', setReference)}
          autoComplete="off"
          maxLength={200}
        />
        {parseYuanToFen(amount) !== undefined && (
          <p className="meta" aria-live="polite">
            {t('rep.preview', { amount: formatFen(parseYuanToFen(amount) ?? 0, lang) })}
          </p>
        )}
        <SubmitButton busy={request.busy}>{t('rep.submit')}</SubmitButton>
      </FormCard>
    </div>
  );
}
