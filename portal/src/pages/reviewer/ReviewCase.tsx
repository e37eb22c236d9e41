import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import { keys, useCase, useHousehold } from '../../api/hooks';
import type { CaseView, Household, Problem } from '../../api/types';
import { Findings, RightsKept, Timeline } from '../../components/caseParts';
import { DocumentViewer } from '../../components/DocumentViewer';
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
import { formatDateTime, isAdultOn, maskNationalId, todayInChina } from '../../lib/format';

type Decision = 'approve' | 'return' | 'reject';

/** What the household claims, from its application. */
function Claims({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const app = c.application;
  if (!app) return <p className="meta">{t('review.noApplication')}</p>;
  return (
    <dl className="facts">
      <dt>{t('check.type')}</dt>
      <dd>{t(`caseType.${app.type}`)}</dd>
      {app.type === 'homestead_exit' ? (
        <>
          <dt>{t('check.parcels')}</dt>
          <dd>{app.parcelIds.join('、')}</dd>
        </>
      ) : (
        <>
          <dt>{t('check.scope')}</dt>
          <dd>{t(`scope.${app.scope}`)}</dd>
          {app.plotIds && (
            <>
              <dt>{t('check.plots')}</dt>
              <dd>{app.plotIds.join('、')}</dd>
            </>
          )}
          <dt>{t('check.term')}</dt>
          <dd>{t(`term.${app.term}`)}</dd>
        </>
      )}
      <dt>{t('check.consent')}</dt>
      <dd>
        {app.consents.map((x) => `${x.memberId}（${formatDateTime(x.signedAt, i18n.language)}）`).join('；')}
      </dd>
      <dt>{t('check.declaration')}</dt>
      <dd>{app.declarations.voluntary ? t('check.voluntaryYes') : '—'}</dd>
    </dl>
  );
}

/**
 * What the registry says. The full record when the API lets a reviewer read it; otherwise the rights
 * the eligibility assessment recorded from the registry (rightsCheck.before), which every case carries.
 */
function RegistryFacts({ c, household }: { c: CaseView; household: Household | undefined }) {
  const { t } = useTranslation();
  const app = c.application;
  const claimed = app?.type === 'homestead_exit' ? app.parcelIds : (app?.plotIds ?? []);
  if (household) {
    return (
      <dl className="facts">
        <dt>{t('review.members')}</dt>
        <dd>
          {household.members.map((m) => (
            <div key={m.memberId}>
              {m.memberId} {m.name}（{m.relation}，
              {isAdultOn(m.birthDate) ? t('review.adult') : t('review.minor')}）{' '}
              <span className="meta">{maskNationalId(m.nationalId)}</span>
            </div>
          ))}
        </dd>
        <dt>{t('review.homesteads')}</dt>
        <dd>
          {household.homesteads.map((p) => (
            <div key={p.parcelId}>
              <strong>{p.parcelId}</strong> {p.areaM2} m² · {t(`parcelStatus.${p.status}`)}
              {claimed.includes(p.parcelId) && <span className="tag">{t('review.claimed')}</span>}
            </div>
          ))}
        </dd>
        <dt>{t('review.plots')}</dt>
        <dd>
          {household.contractPlots.map((p) => (
            <div key={p.plotId}>
              <strong>{p.plotId}</strong> {t('apply.plotTitle', { id: '', area: p.areaMu }).trim()} ·{' '}
              {t(`plotStatus.${p.status}`)}
            </div>
          ))}
        </dd>
        <dt>{t('review.nonFarm')}</dt>
        <dd>
          {t('review.nonFarmText', {
            insurance: household.nonFarm.socialInsuranceMonths,
            residence: household.nonFarm.urbanResidenceMonths,
            licence: household.nonFarm.businessLicenceMonths,
          })}
        </dd>
      </dl>
    );
  }
  const before = c.rightsCheck?.before;
  if (!before) return <p className="meta">{t('review.noRegistry')}</p>;
  return (
    <>
      <dl className="facts">
        <dt>{t('right.homestead_use')}</dt>
        <dd>
          {before.homesteadUse.map((p) => (
            <span key={p} className="tag">
              {p}
              {claimed.includes(p) ? ` · ${t('review.claimed')}` : ''}
            </span>
          ))}
        </dd>
        <dt>{t('right.contract_land')}</dt>
        <dd>{before.contractLand.join('、') || '—'}</dd>
        <dt>{t('right.homestead_qualification')}</dt>
        <dd>{before.homesteadQualification ? t('review.yes') : t('review.no')}</dd>
        <dt>{t('right.collective_income_distribution')}</dt>
        <dd>{before.collectiveIncomeDistribution ? t('review.yes') : t('review.no')}</dd>
        <dt>{t('right.equity_shares')}</dt>
        <dd>{before.equityShares}</dd>
        <dt>{t('right.social_insurance')}</dt>
        <dd>
          {before.socialInsurance.map((s) => t(`insurance.${s}`, { defaultValue: s })).join('、') || '—'}
        </dd>
      </dl>
      <p className="meta">{t('review.registryFromAssessment')}</p>
    </>
  );
}

interface Form {
  decision?: Decision;
  reasons: string;
  meetingDate: string;
  membersPresent: string;
  votesFor: string;
  votesAgainst: string;
}

function DecisionForm({ c, onDone }: { c: CaseView; onDone: (d: Decision) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const nonce = useRef(newIdempotencyKey());
  const [form, setForm] = useState<Form>({
    reasons: '',
    meetingDate: todayInChina(),
    membersPresent: '',
    votesFor: '',
    votesAgainst: '',
  });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [refusal, setRefusal] = useState<Problem>();
  const [serverError, setServerError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const errorFor = (field: string) => fieldError(errors, field, t);

  const count = (v: string) => (/^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : undefined);

  const validate = () => {
    const out: FormError[] = [];
    const reasons = form.reasons
      .split('\n')
      .map((r) => r.trim())
      .filter(Boolean);
    const present = count(form.membersPresent);
    const forVotes = count(form.votesFor);
    const against = count(form.votesAgainst);
    if (!form.decision) out.push({ field: 'decision', key: 'review.err.decision' });
    if (form.decision && form.decision !== 'approve' && reasons.length === 0)
      out.push({ field: 'reasons', key: 'review.err.reasons' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.meetingDate))
      out.push({ field: 'meetingDate', key: 'review.err.meetingDate' });
    else if (form.meetingDate > todayInChina())
      out.push({ field: 'meetingDate', key: 'review.err.meetingFuture' });
    if (present === undefined || present < 1)
      out.push({ field: 'membersPresent', key: 'review.err.membersPresent' });
    if (forVotes === undefined) out.push({ field: 'votesFor', key: 'review.err.votes' });
    if (against === undefined) out.push({ field: 'votesAgainst', key: 'review.err.votes' });
    if (present !== undefined && forVotes !== undefined && against !== undefined) {
      if (forVotes + against > present) out.push({ field: 'votesFor', key: 'review.err.votesExceed' });
      else if (form.decision === 'approve' && forVotes * 2 <= present)
        out.push({ field: 'votesFor', key: 'review.err.majority', values: { votes: forVotes, present } });
    }
    return { out, reasons, present, forVotes, against };
  };

  const submit = async () => {
    setRefusal(undefined);
    setServerError(undefined);
    const v = validate();
    setErrors(v.out);
    if (v.out.length > 0 || !form.decision) return;
    const body = {
      decision: form.decision,
      reasons: v.reasons,
      resolution: {
        meetingDate: form.meetingDate,
        membersPresent: v.present,
        votesFor: v.forVotes,
        votesAgainst: v.against,
      },
    };
    setBusy(true);
    try {
      await apiFetch(`/cases/${encodeURIComponent(c.caseId)}/review`, {
        body,
        idempotencyKey: bodyKey(nonce.current, body),
        retryWhileNotReady: true,
      });
      onDone(form.decision);
      await qc.invalidateQueries({ queryKey: keys.case(c.caseId) });
      await qc.invalidateQueries({ queryKey: ['cases'] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.problem.violations?.length) {
        setRefusal(error.problem);
        setErrors([{ field: 'reasons', key: 'review.err.conditional' }]);
      } else if (error instanceof ApiError && error.status === 422) {
        setErrors([
          {
            field: 'votesFor',
            key: 'review.err.majority',
            values: { votes: v.forVotes, present: v.present },
          },
        ]);
      } else if (error instanceof ApiError && error.status === 400) {
        const fields = error.fieldErrors();
        setErrors(
          Object.keys(fields).map((k) => ({
            field: k.replace('resolution.', '').replace(/\..*$/, ''),
            key: 'review.err.server',
            values: { detail: fields[k] },
          })),
        );
      } else setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card card--accent" aria-labelledby="decision-title">
      <h2 id="decision-title">{t('review.decisionTitle')}</h2>
      <ErrorSummary errors={errors} />
      <ServerError error={serverError} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldSet id="decision" legend={t('review.decision')} error={errorFor('decision')}>
          {(['approve', 'return', 'reject'] as const).map((d) => (
            <Choice
              key={d}
              type="radio"
              name="decision"
              value={d}
              checked={form.decision === d}
              onChange={() => set({ decision: d })}
              title={t(`review.option.${d}`)}
              description={t(`review.option.${d}Desc`)}
            />
          ))}
        </FieldSet>
        {refusal && (
          <Alert kind="err" title={t('review.refusedTitle')} live>
            <p>{t('review.refusedText')}</p>
            <ul>
              {refusal.violations?.map((v) => (
                <li key={v.right}>
                  <strong>{t(`right.${v.right}`)}</strong>：
                  {i18n.language === 'en' ? v.messageEn : v.messageZh}
                </li>
              ))}
            </ul>
            <p>{t('review.refusedWhat')}</p>
          </Alert>
        )}
        <Field
          label={t('review.reasons')}
          hint={t('review.reasonsHint')}
          error={errorFor('reasons')}
          id="reasons"
        >
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              value={form.reasons}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => set({ reasons: e.target.value })}
            />
          )}
        </Field>
        <fieldset className="card" style={{ boxShadow: 'none' }}>
          <legend className="label">{t('review.resolution')}</legend>
          <p className="hint">{t('review.resolutionHint')}</p>
          <div className="grid-2">
            <Field label={t('review.meetingDate')} error={errorFor('meetingDate')} id="meetingDate">
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="date"
                  className="input--short"
                  value={form.meetingDate}
                  max={todayInChina()}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => set({ meetingDate: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('review.membersPresent')} error={errorFor('membersPresent')} id="membersPresent">
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="text"
                  inputMode="numeric"
                  className="input--short"
                  value={form.membersPresent}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => set({ membersPresent: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('review.votesFor')} error={errorFor('votesFor')} id="votesFor">
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="text"
                  inputMode="numeric"
                  className="input--short"
                  value={form.votesFor}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => set({ votesFor: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('review.votesAgainst')} error={errorFor('votesAgainst')} id="votesAgainst">
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="text"
                  inputMode="numeric"
                  className="input--short"
                  value={form.votesAgainst}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => set({ votesAgainst: e.target.value })}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {t('review.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ReviewCase({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const q = useCase(caseId);
  // reviewers may not read the registry through API.md today (403); the facts then come from the case
  const household = useHousehold(q.data?.householdId, q.isSuccess);
  const [done, setDone] = useState<Decision>();
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const open = c.status === 'village_review';
  return (
    <>
      <PageHeader
        title={t('review.title', { household: c.householdId })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: c.caseId })} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={{ to: '/review', label: t('nav.reviewQueue') }}
      />
      {c.pendingTask && (
        <p className={Date.parse(c.pendingTask.dueAt) < Date.now() ? 'overdue' : 'meta'}>
          {t('review.dueAt', { date: formatDateTime(c.pendingTask.dueAt, i18n.language) })}
          {c.pendingTask.escalated ? ` · ${t('review.escalated')}` : ''}
        </p>
      )}
      <div className="grid-2">
        <section className="card" aria-labelledby="claims-title">
          <h2 id="claims-title">{t('review.claims')}</h2>
          <Claims c={c} />
        </section>
        <section className="card" aria-labelledby="registry-title">
          <h2 id="registry-title">{t('review.registry')}</h2>
          <RegistryFacts c={c} household={household.data} />
        </section>
      </div>
      <section className="card" aria-labelledby="findings-title">
        <h2 id="findings-title">{t('case.findings')}</h2>
        <Findings findings={c.findings} />
        <RightsKept type={c.type} check={c.rightsCheck} />
      </section>
      <section className="card" aria-labelledby="docs-title">
        <h2 id="docs-title">{t('case.documents')}</h2>
        <DocumentViewer caseId={c.caseId} documents={c.documents} />
      </section>
      {(c.objections ?? []).length > 0 && (
        <section className="card" aria-labelledby="objections-title">
          <h2 id="objections-title">{t('review.objections')}</h2>
          <ul>
            {(c.objections ?? []).map((o) => (
              <li key={o.objectionId}>
                {o.text} <span className="meta">· {formatDateTime(o.at, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {done && <Alert kind="ok" title={t(`review.done.${done}`)} live />}
      {open && !done && <DecisionForm c={c} onDone={setDone} />}
      {!open && !done && (
        <Alert kind="info">{t('review.notOpen', { status: t(`status.${c.status}`) })}</Alert>
      )}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} />
      </section>
    </>
  );
}
