import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import { keys, useCase } from '../../api/hooks';
import type { CaseView } from '../../api/types';
import { useSession } from '../../auth/session';
import { AdvanceProgress, Timeline } from '../../components/caseParts';
import {
  Alert,
  Choice,
  ErrorSummary,
  Field,
  FieldSet,
  type FormError,
  fieldError,
  Loading,
  PageHeader,
  QueryError,
  ServerError,
  StatusBadge,
} from '../../components/ui';
import { formatDateTime, formatFen } from '../../lib/format';

function AdvanceForm({ c, onDone }: { c: CaseView; onDone: (status: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [decision, setDecision] = useState<'approve' | 'reject'>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<unknown>();
  const submit = async () => {
    const found: FormError[] = [];
    if (!decision) found.push({ field: 'advance-decision', key: 'fc.err.decision' });
    if (decision === 'reject' && !note.trim()) found.push({ field: 'advance-note', key: 'fc.err.note' });
    setErrors(found);
    setServerError(undefined);
    if (found.length > 0 || !decision) return;
    const body = { decision, note: note.trim() };
    setBusy(true);
    try {
      const res = await apiFetch<{ status?: string }>(`/cases/${encodeURIComponent(c.caseId)}/advance`, {
        body,
        idempotencyKey: bodyKey(nonce.current, body),
        retryWhileNotReady: true,
      });
      onDone(res.status ?? decision);
      await qc.invalidateQueries({ queryKey: keys.case(c.caseId) });
      await qc.invalidateQueries({ queryKey: keys.fund });
      await qc.invalidateQueries({ queryKey: keys.ledger });
      await qc.invalidateQueries({ queryKey: ['cases'] });
    } catch (error) {
      setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card card--accent" aria-labelledby="advance-form-title">
      <h2 id="advance-form-title">{t('fc.formTitle')}</h2>
      <ErrorSummary errors={errors} />
      <ServerError error={serverError} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldSet
          id="advance-decision"
          legend={t('fc.decision')}
          error={fieldError(errors, 'advance-decision', t)}
        >
          <Choice
            type="radio"
            name="advance-decision"
            value="approve"
            checked={decision === 'approve'}
            onChange={() => setDecision('approve')}
            title={t('fc.approve')}
            description={t('fc.approveDesc')}
          />
          <Choice
            type="radio"
            name="advance-decision"
            value="reject"
            checked={decision === 'reject'}
            onChange={() => setDecision('reject')}
            title={t('fc.reject')}
            description={t('fc.rejectDesc')}
          />
        </FieldSet>
        <Field
          label={t('fc.note')}
          hint={t('fc.noteHint')}
          error={fieldError(errors, 'advance-note', t)}
          id="advance-note"
        >
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              value={note}
              maxLength={2000}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {t('fc.submit')}
        </button>
      </form>
    </section>
  );
}

export function FundCase({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const q = useCase(caseId);
  const [done, setDone] = useState<string>();
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const a = c.advance;
  const ag = c.agreement;
  const isAdmin = session?.roles.includes('fund_admin') ?? false;
  const mine = a?.approvals.find((x) => x.adminId === session?.sub);
  const open = c.status === 'fund_review' && a?.status === 'pending_approval';
  const required = a?.requiredApprovals ?? 1;

  return (
    <>
      <PageHeader
        title={t('fc.title', { household: c.householdId })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: c.caseId })} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={{ to: '/fund/queue', label: t('nav.fundQueue') }}
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="agreement-title">
          <h2 id="agreement-title">{t('fc.agreement')}</h2>
          {ag ? (
            <dl className="facts">
              <dt>{t('fc.agreementId')}</dt>
              <dd>{ag.agreementId}</dd>
              <dt>{t('fc.option')}</dt>
              <dd>{t(`option.${ag.option}`)}</dd>
              <dt>{t('fc.compensation')}</dt>
              <dd>{formatFen(ag.amountFen, lang)}</dd>
              <dt>{t('fc.payable')}</dt>
              <dd>
                <strong>{formatFen(ag.payableFen ?? ag.amountFen, lang)}</strong>
              </dd>
              <dt>{t('fc.signedAt')}</dt>
              <dd>{formatDateTime(ag.signedAt, lang)}</dd>
              <dt>{t('fc.surrendered')}</dt>
              <dd>
                {(ag.surrendered ?? [])
                  .map((s) => `${t(`right.${s.right}`)}（${s.items.join('、')}）`)
                  .join('；') || '—'}
              </dd>
              <dt>{t('fc.village')}</dt>
              <dd>{c.village}</dd>
            </dl>
          ) : (
            <p className="meta">{t('fc.noAgreement')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="four-eyes-title">
          <h2 id="four-eyes-title">{t('fc.fourEyesTitle')}</h2>
          <p>
            {required > 1 ? t('fc.fourEyesNeeded', { required }) : t('fc.singleNeeded')}{' '}
            <strong>
              {t('fq.approvals', {
                n: a?.approvals.filter((x) => x.decision === 'approve').length ?? 0,
                required,
              })}
            </strong>
          </p>
          {a && a.approvals.length > 0 && (
            <ul>
              {a.approvals.map((x) => (
                <li key={`${x.adminId}-${x.at}`}>
                  {x.adminId} · {t(`fc.${x.decision}`)} · {formatDateTime(x.at, lang)}
                  {x.note && <div className="meta">{x.note}</div>}
                </li>
              ))}
            </ul>
          )}
          <AdvanceProgress c={c} />
        </section>
      </div>
      {done && <Alert kind="ok" title={t(`fc.done.${done}`, { defaultValue: t('fc.done.generic') })} live />}
      {open && isAdmin && mine && !done && <Alert kind="info" title={t('fc.waitingSecond')} />}
      {open && isAdmin && !mine && !done && <AdvanceForm c={c} onDone={setDone} />}
      {!open && !done && <Alert kind="info">{t('fc.notOpen', { status: t(`status.${c.status}`) })}</Alert>}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} />
      </section>
    </>
  );
}
