import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import type { AdvanceDecision, CaseView } from '../../api/contract';
import { keys, useCase, usePolicyParameters } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { AgreementPdfButton } from '../../components/case/AgreementPdf';
import { AdvanceProgress, AgreementFacts } from '../../components/case/agreement';
import { Timeline } from '../../components/case/progress';
import { FormCard, RadioGroup, SubmitButton, TextField, useSubmit } from '../../components/form';
import {
  Alert,
  type FormError,
  fieldError,
  Loading,
  PageHeader,
  QueryError,
  StatusBadge,
} from '../../components/ui';
import { caseNumberOf, formatDateTime, formatFen, householdName, placeName } from '../../lib/format';

/** decideAdvance's schema: the note, trimmed, at most 2000 characters (required when rejecting) */
const NOTE_MAX = 2000;

function AdvanceForm({ c, onDone }: { c: CaseView; onDone: (status: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [decision, setDecision] = useState<'approve' | 'reject'>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const request = useSubmit();
  const submit = async () => {
    const found: FormError[] = [];
    if (!decision) found.push({ field: 'advance-decision', key: 'fc.err.decision' });
    if (decision === 'reject' && !note.trim()) found.push({ field: 'advance-note', key: 'fc.err.note' });
    setErrors(found);
    request.clearError();
    if (found.length > 0 || !decision) return;
    const body = { decision, note: note.trim() };
    const before = c.advance?.approvals.length ?? 0;
    const res = await request.run(() =>
      apiFetch<AdvanceDecision>(`/cases/${encodeURIComponent(c.caseId)}/advance`, {
        body,
        idempotencyKey: bodyKey(nonce.current, body),
        retryWhileNotReady: true,
      }),
    );
    if (!res.ok) return;
    const answer = res.value;
    // an approval this administrator had already given (another tab, a double tap) is not counted again
    const duplicate =
      decision === 'approve' &&
      answer.advance.status === 'pending_approval' &&
      answer.advance.approvals.length === before &&
      answer.advance.approvals.some((x) => x.adminId === session?.sub);
    onDone(duplicate ? 'duplicate' : answer.status);
    for (const queryKey of [keys.case(c.caseId), keys.fund, keys.ledger, ['cases']])
      await qc.invalidateQueries({ queryKey });
  };

  return (
    <FormCard
      id="advance-form"
      title={t('fc.formTitle')}
      errors={errors}
      problem={request.error}
      onSubmit={() => void submit()}
    >
      <RadioGroup
        id="advance-decision"
        name="advance-decision"
        legend={t('fc.decision')}
        error={fieldError(errors, 'advance-decision', t)}
        value={decision}
        onChange={setDecision}
        options={(['approve', 'reject'] as const).map((d) => ({
          value: d,
          title: t(`fc.${d}`),
          description: t(`fc.${d}Desc`),
        }))}
      />
      <TextField
        id="advance-note"
        label={t('fc.note')}
        hint={t('fc.noteHint')}
        error={fieldError(errors, 'advance-note', t)}
        value={note}
        onChange={setNote}
        maxLength={NOTE_MAX}
        multiline
      />
      <SubmitButton busy={request.busy}>{t('fc.submit')}</SubmitButton>
    </FormCard>
  );
}

export function FundCase({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const q = useCase(caseId);
  const params = usePolicyParameters(q.data?.districtCode);
  const [done, setDone] = useState<string>();
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const a = c.advance;
  const isAdmin = session?.roles.includes('fund_admin') ?? false;
  const mine = a?.approvals.find((x) => x.adminId === session?.sub);
  const open = c.status === 'fund_review' && a?.status === 'pending_approval';
  const required = a?.requiredApprovals ?? 1;
  const threshold = params.data?.fourEyesThresholdFen;
  // after this administrator's approval the step waits for another one: the same person cannot give both
  const waiting =
    open && isAdmin && required > 1 && (mine !== undefined || done === 'fund_review' || done === 'duplicate');

  return (
    <>
      <PageHeader
        title={t('fc.title', { household: householdName(c) })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: caseNumberOf(c) })} · {placeName(c)} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={{ to: '/fund/queue', label: t('nav.fundQueue') }}
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="agreement-title">
          <h2 id="agreement-title">{t('fc.agreement')}</h2>
          <AgreementFacts c={c} />
          {c.agreement && <AgreementPdfButton caseId={c.caseId} label={t('agreementPdf.download')} />}
        </section>
        <section className="card" aria-labelledby="four-eyes-title">
          <h2 id="four-eyes-title">{t('fc.fourEyesTitle')}</h2>
          <p>
            {required > 1
              ? threshold !== undefined
                ? t('fc.fourEyesNeededAbove', { required, threshold: formatFen(threshold, lang) })
                : t('fc.fourEyesNeeded', { required })
              : t('fc.singleNeeded')}{' '}
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
      {done && !waiting && (
        <Alert kind="ok" title={t(`fc.done.${done}`, { defaultValue: t('fc.done.generic') })} live />
      )}
      {waiting && (
        <Alert
          kind={done === 'fund_review' ? 'ok' : 'info'}
          title={t(
            done === 'fund_review'
              ? 'fc.done.fund_review'
              : done === 'duplicate'
                ? 'fc.done.duplicate'
                : 'fc.waitingSecond',
          )}
          live
        >
          <p>{t('fc.sameAdmin', { required })}</p>
        </Alert>
      )}
      {open && isAdmin && !mine && !done && <AdvanceForm c={c} onDone={setDone} />}
      {!open && !done && <Alert kind="info">{t('fc.notOpen', { status: t(`status.${c.status}`) })}</Alert>}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} reviews={c.reviews} milestones={c.milestones} />
      </section>
    </>
  );
}
