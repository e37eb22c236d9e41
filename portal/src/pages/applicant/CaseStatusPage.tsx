import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import type { CaseStatus, CaseView, DocumentKind, ResettlementOption } from '../../api/contract';
import { keys, useCase } from '../../api/hooks';
import { useLocation } from '../../app/router';
import {
  AdvanceProgress,
  CaseProgress,
  Findings,
  OffersCompare,
  RightsKept,
  Timeline,
} from '../../components/caseParts';
import { UploadKind, useUploads } from '../../components/DocumentUploader';
import { ConfirmDialog, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PublicNotice } from '../../components/Objection';
import {
  Alert,
  Choice,
  ErrorSummary,
  type FormError,
  fieldError,
  Loading,
  PageHeader,
  QueryError,
  ServerError,
  StatusBadge,
} from '../../components/ui';
import { formatDateTime, formatFen, pickNote } from '../../lib/format';

/** appealCase's schema: the reason, trimmed, at most 4000 characters */
const APPEAL_MAX = 4000;

const WITHDRAWABLE: CaseStatus[] = [
  'draft',
  'submitted',
  'eligibility',
  'ineligible',
  'rights_blocked',
  'village_review',
  'returned',
  'resubmitted',
  'public_notice',
  'offers',
];

/** The stage an appeal would reopen, or undefined when this case cannot be appealed (once per stage). */
function appealStage(c: CaseView): string | undefined {
  const stage =
    c.status === 'ineligible' || c.status === 'rights_blocked'
      ? 'eligibility'
      : c.status === 'rejected'
        ? c.advance?.status === 'rejected'
          ? 'fund_review'
          : 'village_review'
        : undefined;
  if (!stage || (c.appeals ?? []).some((a) => a.stage === stage)) return undefined;
  return stage;
}

/** A household action on the case: the request's state, and the case read again once it is done. */
function useAction(caseId: string) {
  const qc = useQueryClient();
  const request = useSubmit();
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    const res = await request.run(fn);
    if (res.ok) {
      await qc.invalidateQueries({ queryKey: keys.case(caseId) });
      await qc.invalidateQueries({ queryKey: ['cases'] });
    }
    return res.ok;
  };
  return { busy: request.busy, error: request.error, run };
}

function NextStep({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const due = c.pendingTask ? formatDateTime(c.pendingTask.dueAt, lang) : '';
  const lastReview = (c.reviews ?? []).at(-1);
  switch (c.status) {
    case 'draft':
      return <Alert kind="warn" title={t('next.draft')} />;
    case 'submitted':
    case 'eligibility':
    case 'resubmitted':
      return (
        <Alert kind="info" title={t('next.checking')} live>
          <p>{t('next.checkingText')}</p>
        </Alert>
      );
    case 'ineligible':
      return (
        <Alert kind="err" title={t('next.ineligible')}>
          <p>{t('next.ineligibleText')}</p>
        </Alert>
      );
    case 'rights_blocked':
      return (
        <Alert kind="err" title={t('next.rightsBlocked')}>
          <p>{t('next.rightsBlockedText')}</p>
        </Alert>
      );
    case 'village_review': {
      const objections = (c.objections ?? []).filter((o) => !o.resolved);
      const appeal = (c.appeals ?? []).at(-1);
      return (
        <Alert kind="info" title={t('next.review')}>
          {objections.length > 0 && <p>{t('next.reviewObjections', { count: objections.length })}</p>}
          {appeal && objections.length === 0 && (
            <p>{t('next.reviewAppeal', { date: formatDateTime(appeal.at, lang) })}</p>
          )}
          <p>{t('next.reviewText', { date: due })}</p>
        </Alert>
      );
    }
    case 'returned':
      return (
        <Alert kind="warn" title={t('next.returned')}>
          {lastReview && lastReview.reasons.length > 0 && (
            <>
              <p>{t('next.returnedReasons')}</p>
              <ul>
                {lastReview.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </>
          )}
          <p>{t('next.returnedText', { date: due })}</p>
        </Alert>
      );
    case 'rejected':
      return (
        <Alert kind="err" title={t('next.rejected')}>
          {c.advance?.status === 'rejected' && c.advance.rejectionReason && (
            <p>{c.advance.rejectionReason}</p>
          )}
          {c.advance?.status !== 'rejected' && lastReview && (
            <ul>
              {lastReview.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </Alert>
      );
    case 'public_notice':
      return (
        <Alert kind="info" title={t('next.notice')}>
          <p>{t('next.noticeText')}</p>
        </Alert>
      );
    case 'offers':
      return (
        <Alert kind="warn" title={t('next.offers')}>
          <p>{t('next.offersText', { date: due })}</p>
        </Alert>
      );
    case 'agreement_signed':
    case 'fund_review':
      return <Alert kind="info" title={t('next.fund')} />;
    case 'awaiting_funds':
      return <Alert kind="info" title={t('next.awaitingFunds')} />;
    case 'disbursed':
    case 'reserved':
    case 'closed':
      return (
        <Alert kind="ok" title={t('next.paid')}>
          {c.advance?.paidAt && (
            <p>
              {t('next.paidText', {
                amount: formatFen(c.advance.amountFen, lang),
                date: formatDateTime(c.advance.paidAt, lang),
              })}
            </p>
          )}
        </Alert>
      );
    case 'withdrawn':
      return <Alert kind="info" title={t('next.withdrawn')} />;
    case 'failed':
      return (
        <Alert kind="err" title={t('next.failed')}>
          <p>{t('next.failedText')}</p>
        </Alert>
      );
  }
}

function ChooseAndSign({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [option, setOption] = useState<ResettlementOption>();
  const [agreed, setAgreed] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const action = useAction(c.caseId);
  const key = useRef(newIdempotencyKey());
  const chosen = c.offers.find((o) => o.option === option);
  const app = c.application;
  const parcels =
    app?.type === 'homestead_exit'
      ? t('sign.parcels', { list: app.parcelIds.join('、') })
      : app?.type === 'contract_land_exit'
        ? app.scope === 'all'
          ? t('sign.allPlots')
          : t('sign.plots', { list: (app.plotIds ?? []).join('、') })
        : '';

  const sign = async () => {
    const found: FormError[] = [];
    if (!option) found.push({ field: 'option', key: 'sign.err.option' });
    if (!agreed) found.push({ field: 'agree', key: 'sign.err.agree' });
    setErrors(found);
    if (found.length > 0 || !option) return;
    await action.run(() =>
      apiFetch(`/cases/${encodeURIComponent(c.caseId)}/resettlement`, {
        body: { option },
        idempotencyKey: bodyKey(key.current, { option }),
        retryWhileNotReady: true,
      }),
    );
  };

  return (
    <section className="card card--accent" aria-labelledby="choose-title">
      <h2 id="choose-title">{t('sign.title')}</h2>
      <p>{t('sign.lead')}</p>
      <ErrorSummary errors={errors} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void sign();
        }}
      >
        <OffersCompare
          type={c.type}
          offers={c.offers}
          selectable
          selected={option}
          onSelect={(o) => setOption(o)}
          error={fieldError(errors, 'option', t)}
        />
        <div
          className={`field${errors.some((e) => e.field === 'agree') ? ' field--error' : ''}`}
          style={{ marginTop: 16 }}
        >
          <h3>{t('sign.agreementTitle')}</h3>
          <p>
            {chosen
              ? t('sign.agreementText', {
                  option: t(`option.${chosen.option}`),
                  amount: formatFen(chosen.amountFen, lang),
                  parcels: parcels || t(`caseType.${c.type}`),
                })
              : t('sign.agreementPick')}
          </p>
          <p>{t(c.type === 'homestead_exit' ? 'rights.headlineHomestead' : 'rights.headlineContract')}</p>
          {errors.some((e) => e.field === 'agree') && (
            <span className="error-text" id="agree-error">
              {fieldError(errors, 'agree', t)}
            </span>
          )}
          <Choice
            id="agree"
            type="checkbox"
            name="agree"
            value="yes"
            checked={agreed}
            onChange={setAgreed}
            title={t('sign.agreeCheck')}
          />
        </div>
        <ServerError error={action.error} />
        <div className="btn-row">
          <SubmitButton busy={action.busy}>{t('sign.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}

function Resubmit({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const uploads = useUploads(c.caseId);
  const action = useAction(c.caseId);
  const kinds: DocumentKind[] = [
    'id_card',
    'hukou',
    'property_certificate',
    'consent_form',
    'social_insurance',
    'residence_proof',
    'other',
  ];
  return (
    <section className="card card--accent" aria-labelledby="resubmit-title">
      <h2 id="resubmit-title">{t('resubmit.title')}</h2>
      <p>{t('resubmit.lead')}</p>
      <details>
        <summary className="linklike">{t('resubmit.addDocuments')}</summary>
        <p className="hint">{t('upload.rules')}</p>
        {kinds.map((k) => (
          <UploadKind
            key={k}
            kind={k}
            documents={c.documents}
            uploads={uploads.uploads}
            onAdd={uploads.add}
            onRetry={uploads.retry}
          />
        ))}
      </details>
      <ServerError error={action.error} />
      <div className="btn-row">
        <SubmitButton
          type="button"
          busy={action.busy}
          onClick={() =>
            void action.run(() =>
              apiFetch(`/cases/${encodeURIComponent(c.caseId)}/submit`, {
                method: 'POST',
                idempotencyKey: `resubmit-${c.caseId}-${c.timeline.length}`,
                retryWhileNotReady: true,
              }),
            )
          }
        >
          {t('resubmit.submit')}
        </SubmitButton>
      </div>
    </section>
  );
}

function Appeal({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const action = useAction(c.caseId);
  const key = useRef(newIdempotencyKey());
  return (
    <section className="card card--accent" aria-labelledby="appeal-title">
      <h2 id="appeal-title">{t('appeal.title')}</h2>
      <p>{t('appeal.lead')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) {
            setError('appeal.err.text');
            document.getElementById('appeal-text')?.focus();
            return;
          }
          setError(undefined);
          void action.run(() =>
            apiFetch(`/cases/${encodeURIComponent(c.caseId)}/appeal`, {
              body: { text: text.trim() },
              idempotencyKey: bodyKey(key.current, text.trim()),
            }),
          );
        }}
      >
        <TextField
          id="appeal-text"
          label={t('appeal.text')}
          hint={t('appeal.hint')}
          error={error ? t(error) : undefined}
          value={text}
          onChange={setText}
          maxLength={APPEAL_MAX}
          multiline
        />
        <ServerError error={action.error} />
        <SubmitButton busy={action.busy}>{t('appeal.submit')}</SubmitButton>
      </form>
    </section>
  );
}

function Withdraw({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const action = useAction(c.caseId);
  const withdraw = async () => {
    const ok = await action.run(() =>
      apiFetch(`/cases/${encodeURIComponent(c.caseId)}/withdraw`, {
        method: 'POST',
        idempotencyKey: `withdraw-${c.caseId}`,
      }),
    );
    if (ok) setConfirming(false);
  };
  return (
    <section className="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('withdraw.title')}</h2>
      <p>{t('withdraw.lead')}</p>
      {!confirming && <ServerError error={action.error} />}
      <button type="button" className="btn btn--danger" onClick={() => setConfirming(true)}>
        {t('withdraw.button')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('withdraw.confirm')}
        confirmLabel={t('withdraw.yes')}
        cancelLabel={t('withdraw.no')}
        busy={action.busy}
        danger
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('withdraw.confirmText', { id: c.caseId })}</p>
        <ServerError error={action.error} />
      </ConfirmDialog>
    </section>
  );
}

export function CaseStatusPage({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { search } = useLocation();
  const q = useCase(caseId);
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const canWithdraw = WITHDRAWABLE.includes(c.status) && !c.agreement;
  const stage = appealStage(c);
  const showFindings = c.findings.length > 0;

  return (
    <>
      <PageHeader
        title={t(`caseType.${c.type}`)}
        lead={
          <>
            {t('case.number', { id: c.caseId })} · <StatusBadge status={c.status} />
          </>
        }
        back={{ to: '/me', label: t('nav.myCases') }}
      />
      {search.get('submitted') === '1' && c.status !== 'draft' && (
        <Alert kind="ok" title={t('case.submittedTitle')}>
          <p>{t('case.submittedText')}</p>
        </Alert>
      )}
      <CaseProgress status={c.status} advanceRejected={c.advance?.status === 'rejected'} />
      <NextStep c={c} />

      {c.status === 'public_notice' && <PublicNotice c={c} audience="household" />}
      {c.status === 'offers' && <ChooseAndSign c={c} />}
      {c.status === 'returned' && <Resubmit c={c} />}
      {stage && <Appeal c={c} />}

      <div className="grid-2">
        <div>
          <section className="card" aria-labelledby="rights-title">
            <h2 id="rights-title">{t('case.rights')}</h2>
            <RightsKept type={c.type} check={c.rightsCheck} />
          </section>
          {showFindings && (
            <section className="card" aria-labelledby="findings-title">
              <h2 id="findings-title">{t('case.findings')}</h2>
              <Findings findings={c.findings} />
            </section>
          )}
        </div>
        <div>
          {c.agreement && (
            <section className="card" aria-labelledby="advance-title">
              <h2 id="advance-title">{t('case.advance')}</h2>
              <AdvanceProgress c={c} />
            </section>
          )}
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('case.timeline')}</h2>
            <Timeline entries={c.timeline} />
          </section>
        </div>
      </div>

      {c.offers.length > 0 && c.status !== 'offers' && (
        <section className="card" aria-labelledby="offers-title">
          <h2 id="offers-title">{t('case.offers')}</h2>
          <OffersCompare type={c.type} offers={c.offers} chosen={c.choice ?? c.agreement?.option} />
        </section>
      )}

      <section className="card" aria-labelledby="docs-title">
        <h2 id="docs-title">{t('case.documents')}</h2>
        {c.documents.length === 0 ? (
          <p className="meta">{t('case.noDocuments')}</p>
        ) : (
          <ul className="list">
            {c.documents.map((d) => (
              <li key={d.documentId} className="finding">
                <span>
                  {t(`docKind.${d.kind}`)} <span className="meta">· {d.documentId}</span>
                  {d.reason && <span className="error-text">{pickNote(d.reason, lang)}</span>}
                </span>
                <span
                  className={`status status--${d.status === 'accepted' ? 'ok' : d.status === 'rejected' ? 'stop' : 'progress'}`}
                >
                  {t(`docStatus.${d.status}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canWithdraw && <Withdraw c={c} />}
    </>
  );
}
