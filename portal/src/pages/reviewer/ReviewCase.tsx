import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey, type ReceivedProblem } from '../../api/client';
import type { CaseView, HouseholdRecord } from '../../api/contract';
import { keys, useCase, useHousehold } from '../../api/hooks';
import { Findings, RightsKept, Timeline } from '../../components/caseParts';
import { DocumentViewer } from '../../components/DocumentViewer';
import {
  FormCard,
  fieldErrorsFrom,
  RadioGroup,
  SubmitButton,
  TextField,
  useSubmit,
} from '../../components/form';
import { PublicNotice } from '../../components/Objection';
import {
  Alert,
  type FormError,
  fieldError,
  Loading,
  PageHeader,
  QueryError,
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
function RegistryFacts({ c, household }: { c: CaseView; household: HouseholdRecord | undefined }) {
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

/** The four counts of the members' meeting resolution: same input, same validation. */
const COUNTS = ['membersPresent', 'votesFor', 'votesAgainst'] as const;

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
  const [refusal, setRefusal] = useState<ReceivedProblem>();
  const request = useSubmit();
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

  /** A refusal the reviewer can fix goes beside its field; anything else to the banner. */
  const placeError = (error: unknown, v: ReturnType<typeof validate>): boolean => {
    if (!(error instanceof ApiError)) return false;
    if (error.status === 422 && error.problem.violations?.length) {
      setRefusal(error.problem);
      setErrors([{ field: 'reasons', key: 'review.err.conditional' }]);
      return true;
    }
    if (error.status === 422) {
      setErrors([
        { field: 'votesFor', key: 'review.err.majority', values: { votes: v.forVotes, present: v.present } },
      ]);
      return true;
    }
    if (error.status === 400) {
      const fields = fieldErrorsFrom(
        error,
        (path) => path.replace('resolution.', '').replace(/\..*$/, ''),
        'review.err.server',
      );
      setErrors(fields);
      return fields.length > 0;
    }
    return false;
  };

  const submit = async () => {
    setRefusal(undefined);
    const v = validate();
    setErrors(v.out);
    request.clearError();
    const decision = form.decision;
    if (v.out.length > 0 || !decision) return;
    const body = {
      decision,
      reasons: v.reasons,
      resolution: {
        meetingDate: form.meetingDate,
        membersPresent: v.present,
        votesFor: v.forVotes,
        votesAgainst: v.against,
      },
    };
    const res = await request.run(
      () =>
        apiFetch(`/cases/${encodeURIComponent(c.caseId)}/review`, {
          body,
          idempotencyKey: bodyKey(nonce.current, body),
          retryWhileNotReady: true,
        }),
      (error) => placeError(error, v),
    );
    if (!res.ok) return;
    onDone(decision);
    await qc.invalidateQueries({ queryKey: keys.case(c.caseId) });
    await qc.invalidateQueries({ queryKey: ['cases'] });
  };

  return (
    <FormCard
      id="decision-form"
      title={t('review.decisionTitle')}
      errors={errors}
      problem={request.error}
      onSubmit={() => void submit()}
    >
      <RadioGroup
        id="decision"
        name="decision"
        legend={t('review.decision')}
        error={errorFor('decision')}
        value={form.decision}
        onChange={(decision) => set({ decision })}
        options={(['approve', 'return', 'reject'] as const).map((d) => ({
          value: d,
          title: t(`review.option.${d}`),
          description: t(`review.option.${d}Desc`),
        }))}
      />
      {refusal && (
        <Alert kind="err" title={t('review.refusedTitle')} live>
          <p>{t('review.refusedText')}</p>
          <ul>
            {refusal.violations?.map((v) => (
              <li key={v.right}>
                <strong>{t(`right.${v.right}`)}</strong>：{i18n.language === 'en' ? v.messageEn : v.messageZh}
              </li>
            ))}
          </ul>
          <p>{t('review.refusedWhat')}</p>
        </Alert>
      )}
      <TextField
        id="reasons"
        label={t('review.reasons')}
        hint={t('review.reasonsHint')}
        error={errorFor('reasons')}
        value={form.reasons}
        onChange={(reasons) => set({ reasons })}
        multiline
      />
      <fieldset className="card" style={{ boxShadow: 'none' }}>
        <legend className="label">{t('review.resolution')}</legend>
        <p className="hint">{t('review.resolutionHint')}</p>
        <div className="grid-2">
          <TextField
            id="meetingDate"
            type="date"
            short
            label={t('review.meetingDate')}
            error={errorFor('meetingDate')}
            value={form.meetingDate}
            max={todayInChina()}
            onChange={(meetingDate) => set({ meetingDate })}
          />
          {COUNTS.map((field) => (
            <TextField
              key={field}
              id={field}
              inputMode="numeric"
              short
              label={t(`review.${field}`)}
              error={errorFor(field)}
              value={form[field]}
              onChange={(value) => set({ [field]: value })}
            />
          ))}
        </div>
      </fieldset>
      <div className="btn-row">
        <SubmitButton busy={request.busy}>{t('review.submit')}</SubmitButton>
      </div>
    </FormCard>
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
          <ul className="list">
            {(c.objections ?? []).map((o) => (
              <li key={o.objectionId} className="finding">
                <span>
                  {o.text}
                  <span className="meta" style={{ display: 'block' }}>
                    {o.objectionId} · {formatDateTime(o.at, i18n.language)}
                  </span>
                </span>
                <span className={`status status--${o.resolved ? 'ok' : 'action'}`}>
                  {t(o.resolved ? 'review.objectionResolved' : 'review.objectionOpen')}
                </span>
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
      {c.status === 'public_notice' && <PublicNotice c={c} audience="reviewer" />}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} />
      </section>
    </>
  );
}
