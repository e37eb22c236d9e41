import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parameterChanges, valueAt } from '../../../../shared/domain/policy/parameterChecks';
import { PARAMETER_SPECS } from '../../../../shared/domain/policy/parameterSpecs';
import { ApiError, apiFetch, newIdempotencyKey, wordsIn } from '../../api/client';
import type { ParameterHistory, ParameterHistoryItem } from '../../api/contract';
import { useSession } from '../../auth/session';
import { Alert, Field, Loading, Money, PageHeader, QueryError, ServerError } from '../../components/ui';
import { formatDate, formatWan, todayInChina } from '../../lib/format';
import {
  type Draft,
  draftErrors,
  draftOf,
  parametersOf,
  shownValue,
  specName,
  unitName,
} from './policyValues';

const SPEC_BY_PATH = new Map(PARAMETER_SPECS.map((s) => [s.path, s]));

/**
 * 政策参数 for district approvers (issue 19): the version in force, each pending proposal as a diff
 * against it (old → new) with what it does to the sample household's cash offer, approval by a second
 * approver (the proposer is told to ask a colleague), and a new proposal made from the version in force
 * with the API's own checks run as the approver types.
 */
export function PolicyParameters() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const district = session?.district ?? '';
  const history = useQuery({
    queryKey: ['policy', 'history', district],
    enabled: district !== '',
    queryFn: () => apiFetch<ParameterHistory>('/policy/parameters/history', { query: { district } }),
  });
  const items = history.data?.items ?? [];
  const inForce = items.find((i) => i.status === 'in_force');
  const pending = items.filter((i) => i.status === 'proposed');
  const scheduled = items.filter((i) => i.status === 'scheduled');
  return (
    <>
      <PageHeader title={t('policyPage.title')} lead={t('policyPage.lead')} />
      {history.isPending && <Loading />}
      {history.isError && <QueryError error={history.error} onRetry={() => void history.refetch()} />}
      {inForce && (
        <section className="card" aria-labelledby="in-force">
          <h2 id="in-force">{t('policyPage.inForce', { date: formatDate(inForce.effectiveFrom, lang) })}</h2>
          <p className="meta">
            {inForce.versionId} ·{' '}
            {inForce.seeded
              ? t('policyPage.seeded')
              : t('policyPage.approvedBy', { who: inForce.approvedBy })}
          </p>
          <p>
            {t('policyPage.sample')} <Money fen={inForce.sampleCashOfferFen} lang={lang} />（
            {formatWan(inForce.sampleCashOfferFen, lang)}）
          </p>
        </section>
      )}
      {history.isSuccess && !inForce && <Alert kind="warn">{t('policyPage.noneInForce')}</Alert>}
      {[...pending, ...scheduled].map((p) => (
        <ProposalCard key={p.versionId} item={p} base={inForce} me={session?.sub ?? ''} />
      ))}
      {history.isSuccess && pending.length === 0 && <p className="meta">{t('policyPage.nonePending')}</p>}
      {/* a district going live has no version yet: the form starts empty, every field to be filled */}
      {history.isSuccess && <ProposalForm base={inForce} district={district} />}
      {items.length > 0 && <HistoryTable items={items} />}
    </>
  );
}

function ProposalCard({
  item,
  base,
  me,
}: {
  item: ParameterHistoryItem;
  base: ParameterHistoryItem | undefined;
  me: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const changes = parameterChanges(base?.parameters ?? {}, item.parameters);
  const own = item.proposedBy === me;
  const approve = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch(`/policy/parameters/${encodeURIComponent(item.versionId)}/approve`, { method: 'POST' });
      await qc.invalidateQueries({ queryKey: ['policy'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const titleId = `proposal-${item.versionId}`;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {t(item.status === 'proposed' ? 'policyPage.proposal' : 'policyPage.scheduled', {
          date: formatDate(item.effectiveFrom, lang),
        })}
      </h2>
      <p className="meta">
        {item.versionId} · {t('policyPage.proposedBy', { who: item.proposedBy })}
        {item.approvedBy ? ` · ${t('policyPage.approvedBy', { who: item.approvedBy })}` : ''}
      </p>
      {item.reason && <p>{t('policyPage.reason', { reason: item.reason })}</p>}
      <div className="table-wrap">
        <table className="table--stack">
          <caption>{t('policyPage.diff', { n: changes.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policyPage.field')}</th>
              <th scope="col">{t('policyPage.old')}</th>
              <th scope="col">{t('policyPage.new')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => {
              const spec = SPEC_BY_PATH.get(c.path);
              if (!spec) return null;
              return (
                <tr key={c.path}>
                  <th scope="row" data-label={t('policyPage.field')}>
                    {specName(spec, lang)}
                  </th>
                  <td data-label={t('policyPage.old')}>{shownValue(spec, c.from, lang)}</td>
                  <td data-label={t('policyPage.new')}>
                    <strong>{shownValue(spec, c.to, lang)}</strong>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {base ? (
        <p data-testid="sample-effect">
          {t('policyPage.sampleEffect')} <Money fen={base.sampleCashOfferFen} lang={lang} /> →{' '}
          <strong>
            <Money fen={item.sampleCashOfferFen} lang={lang} />
          </strong>{' '}
          （{item.sampleCashOfferFen >= base.sampleCashOfferFen ? '+' : '−'}
          <Money fen={Math.abs(item.sampleCashOfferFen - base.sampleCashOfferFen)} lang={lang} />）
        </p>
      ) : (
        <p data-testid="sample-effect">
          {t('policyPage.sample')} <Money fen={item.sampleCashOfferFen} lang={lang} />
        </p>
      )}
      {item.status === 'proposed' &&
        (own ? (
          <Alert kind="info">{t('policyPage.ownProposal')}</Alert>
        ) : (
          <div className="btn-row">
            <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void approve()}>
              {t('policyPage.approve')}
            </button>
          </div>
        ))}
      {error !== undefined && <ServerError error={error} />}
    </section>
  );
}

function ProposalForm({ base, district }: { base: ParameterHistoryItem | undefined; district: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [draft, setDraft] = useState<Draft>(() => draftOf(base?.parameters ?? {}));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [reason, setReason] = useState('');
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const errors = useMemo(() => draftErrors(draft), [draft]);
  const errorOf = (path: string) => {
    const e = errors.get(path);
    if (e && touched.has(path)) return wordsIn({ zh: e.messageZh, en: e.message }, lang);
    return serverErrors[`parameters.${path}`];
  };
  const submit = async () => {
    setTouched(new Set(PARAMETER_SPECS.map((s) => s.path)));
    setProblem(undefined);
    setServerErrors({});
    if (errors.size > 0) return;
    try {
      const body = { district, effectiveFrom, reason, parameters: parametersOf(draft) };
      const made = await apiFetch<{ versionId: string }>('/policy/parameters', {
        method: 'POST',
        body,
        idempotencyKey: nonce.current,
      });
      nonce.current = newIdempotencyKey();
      setDone(made.versionId);
      await qc.invalidateQueries({ queryKey: ['policy'] });
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const fields = e.fieldErrors();
        setServerErrors(Object.fromEntries(Object.entries(fields).map(([k, w]) => [k, wordsIn(w, lang)])));
      }
      setProblem(e);
    }
  };
  return (
    <details className="card">
      <summary>
        <h2 className="summary-title">{t('policyPage.proposeTitle')}</h2>
      </summary>
      <p className="meta">{t('policyPage.proposeLead', { today: formatDate(todayInChina(), lang) })}</p>
      {done && <Alert kind="ok">{t('policyPage.proposed', { id: done })}</Alert>}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t('policyPage.effectiveFrom')} error={serverErrors.effectiveFrom}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="date"
              value={effectiveFrom}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setEffectiveFrom(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('policyPage.reasonLabel')} error={serverErrors.reason}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              value={reason}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        {PARAMETER_SPECS.map((spec) => (
          <Field
            key={spec.path}
            label={`${specName(spec, lang)}（${unitName(spec, lang)}）`}
            hint={
              base
                ? t('policyPage.current', {
                    value: shownValue(spec, valueAt(base.parameters, spec.path), lang),
                  })
                : undefined
            }
            error={errorOf(spec.path)}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name={spec.path}
                inputMode={spec.unit === 'flag' || spec.unit === 'choice' ? 'text' : 'decimal'}
                value={draft[spec.path] ?? ''}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => {
                  setDraft({ ...draft, [spec.path]: e.target.value });
                  setTouched(new Set(touched).add(spec.path));
                }}
              />
            )}
          </Field>
        ))}
        {problem !== undefined && <ServerError error={problem} />}
        <div className="btn-row">
          <button type="submit" className="btn btn--primary">
            {t('policyPage.submit')}
          </button>
        </div>
      </form>
    </details>
  );
}

function HistoryTable({ items }: { items: ParameterHistoryItem[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section className="card" aria-labelledby="policy-history">
      <h2 id="policy-history">{t('policyPage.history')}</h2>
      <div className="table-wrap">
        <table className="table--stack">
          <caption className="visually-hidden">{t('policyPage.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policyPage.effectiveFrom')}</th>
              <th scope="col">{t('policyPage.standing')}</th>
              <th scope="col">{t('policyPage.who')}</th>
              <th scope="col" className="num">
                {t('policyPage.sampleShort')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.versionId}>
                <td data-label={t('policyPage.effectiveFrom')}>
                  {formatDate(i.effectiveFrom, lang)}
                  <div className="meta">{i.versionId}</div>
                </td>
                <td data-label={t('policyPage.standing')}>{t(`policyPage.status.${i.status}`)}</td>
                <td data-label={t('policyPage.who')}>
                  {i.seeded
                    ? t('policyPage.seeded')
                    : [
                        t('policyPage.proposedBy', { who: i.proposedBy }),
                        i.approvedBy ? t('policyPage.approvedBy', { who: i.approvedBy }) : undefined,
                      ]
                        .filter(Boolean)
                        .join('；')}
                </td>
                <td data-label={t('policyPage.sampleShort')} className="num">
                  <Money fen={i.sampleCashOfferFen} lang={lang} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
