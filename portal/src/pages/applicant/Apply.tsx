import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import { useCase, useHousehold } from '../../api/hooks';
import type { Application, CaseType, DocumentKind, Household } from '../../api/types';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../auth/session';
import { UploadKind, useUploads } from '../../components/DocumentUploader';
import {
  Alert,
  Choice,
  ErrorSummary,
  FieldSet,
  type FormError,
  fieldError,
  Loading,
  PageHeader,
  QueryError,
  ServerError,
} from '../../components/ui';
import { isAdultOn, maskNationalId } from '../../lib/format';

/**
 * The guided application: one question per screen, answers kept in the tab (a phone call in the middle
 * loses nothing), the draft case created only once the answers are complete, then evidence, a
 * check-your-answers page and the submission.
 */
interface Answers {
  type?: CaseType;
  parcelIds: string[];
  scope?: 'all' | 'partial';
  plotIds: string[];
  term?: 'current_term' | 'permanent';
  consents: string[];
  voluntary: boolean;
  /** when the members consented (the consent screen was confirmed), recorded with each consent */
  signedAt?: string;
  caseId?: string;
  createKey: string;
}

type Step =
  | 'type'
  | 'parcels'
  | 'scope'
  | 'plots'
  | 'term'
  | 'consent'
  | 'declaration'
  | 'documents'
  | 'check';

const STORE = 'hx.apply';
const fresh = (): Answers => ({
  parcelIds: [],
  plotIds: [],
  consents: [],
  voluntary: false,
  createKey: newIdempotencyKey(),
});

function load(): Answers {
  try {
    const raw = sessionStorage.getItem(STORE);
    return raw ? { ...fresh(), ...(JSON.parse(raw) as Answers) } : fresh();
  } catch {
    return fresh();
  }
}

export function stepsFor(a: Answers): Step[] {
  if (a.type === 'contract_land_exit') {
    return [
      'type',
      'scope',
      ...(a.scope === 'partial' ? (['plots'] as Step[]) : []),
      'term',
      'consent',
      'declaration',
      'documents',
      'check',
    ];
  }
  return ['type', 'parcels', 'consent', 'declaration', 'documents', 'check'];
}

const DOCS: Record<CaseType, { kind: DocumentKind; recommended: boolean }[]> = {
  homestead_exit: [
    { kind: 'id_card', recommended: true },
    { kind: 'hukou', recommended: true },
    { kind: 'property_certificate', recommended: true },
    { kind: 'consent_form', recommended: true },
    { kind: 'social_insurance', recommended: false },
    { kind: 'residence_proof', recommended: false },
    { kind: 'other', recommended: false },
  ],
  contract_land_exit: [
    { kind: 'id_card', recommended: true },
    { kind: 'hukou', recommended: true },
    { kind: 'consent_form', recommended: true },
    { kind: 'social_insurance', recommended: true },
    { kind: 'other', recommended: false },
  ],
};

function toApplication(a: Answers, h: Household): Application | undefined {
  const signedAt = a.signedAt ?? new Date().toISOString();
  const consents = a.consents.map((memberId) => ({ memberId, consented: true as const, signedAt }));
  if (a.type === 'homestead_exit') {
    return {
      type: 'homestead_exit',
      householdId: h.householdId,
      parcelIds: a.parcelIds,
      consents,
      declarations: { voluntary: true },
    };
  }
  if (a.type === 'contract_land_exit' && a.scope && a.term) {
    return {
      type: 'contract_land_exit',
      householdId: h.householdId,
      scope: a.scope,
      term: a.term,
      ...(a.scope === 'partial' ? { plotIds: a.plotIds } : {}),
      consents,
      declarations: { voluntary: true },
    };
  }
  return undefined;
}

function fromApplication(app: Application, caseId: string): Answers {
  return {
    ...fresh(),
    type: app.type,
    parcelIds: app.type === 'homestead_exit' ? app.parcelIds : [],
    scope: app.type === 'contract_land_exit' ? app.scope : undefined,
    term: app.type === 'contract_land_exit' ? app.term : undefined,
    plotIds: app.type === 'contract_land_exit' ? (app.plotIds ?? []) : [],
    consents: app.consents.map((c) => c.memberId),
    voluntary: true,
    caseId,
  };
}

export function Apply() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const { search } = useLocation();
  const household = useHousehold(session?.householdId);
  const resumeId = search.get('caseId') ?? undefined;
  const resumed = useCase(resumeId);
  const [answers, setAnswers] = useState<Answers>(load);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<unknown>();

  // a draft opened from "my applications" replaces whatever this tab had in progress
  useEffect(() => {
    if (
      resumed.data?.application &&
      resumed.data.status === 'draft' &&
      answers.caseId !== resumed.data.caseId
    ) {
      setAnswers(fromApplication(resumed.data.application, resumed.data.caseId));
    }
  }, [resumed.data, answers.caseId]);

  useEffect(() => {
    sessionStorage.setItem(STORE, JSON.stringify(answers));
  }, [answers]);

  const steps = stepsFor(answers);
  const requested = search.get('step') as Step | null;
  const step: Step =
    requested && steps.includes(requested) ? requested : answers.caseId ? 'documents' : 'type';
  const index = steps.indexOf(step);
  const locked = answers.caseId !== undefined && index < steps.indexOf('documents');
  const draftCase = useCase(answers.caseId);
  const uploads = useUploads(answers.caseId);

  const h = household.data;
  const adults = useMemo(() => (h ? h.members.filter((m) => isAdultOn(m.birthDate)) : []), [h]);

  if (!session?.householdId) return <Alert kind="warn" title={t('apply.noHousehold')} />;
  if (household.isPending || (resumeId && resumed.isPending)) return <Loading />;
  if (household.isError)
    return <QueryError error={household.error} onRetry={() => void household.refetch()} />;
  if (!h) return null;

  const go = (s: Step) => {
    setErrors([]);
    setServerError(undefined);
    navigate(`/apply?step=${s}${resumeId ? `&caseId=${encodeURIComponent(resumeId)}` : ''}`);
  };
  const update = (change: Partial<Answers>) => setAnswers((a) => ({ ...a, ...change }));

  const validate = (): FormError[] => {
    switch (step) {
      case 'type':
        return answers.type ? [] : [{ field: 'type', key: 'apply.err.type' }];
      case 'parcels':
        return answers.parcelIds.length > 0 ? [] : [{ field: 'parcels', key: 'apply.err.parcels' }];
      case 'scope':
        return answers.scope ? [] : [{ field: 'scope', key: 'apply.err.scope' }];
      case 'plots':
        return answers.plotIds.length > 0 ? [] : [{ field: 'plots', key: 'apply.err.plots' }];
      case 'term':
        return answers.term ? [] : [{ field: 'term', key: 'apply.err.term' }];
      case 'consent':
        return answers.consents.length > 0 ? [] : [{ field: 'consent', key: 'apply.err.consent' }];
      case 'declaration':
        return answers.voluntary ? [] : [{ field: 'declaration', key: 'apply.err.declaration' }];
      default:
        return [];
    }
  };

  const createDraft = async (): Promise<boolean> => {
    const app = toApplication(answers, h);
    if (!app) return false;
    setBusy(true);
    try {
      const res = await apiFetch<{ caseId: string }>('/cases', {
        body: app,
        idempotencyKey: bodyKey(answers.createKey, app),
      });
      update({ caseId: res.caseId });
      await qc.invalidateQueries({ queryKey: ['cases'] });
      return true;
    } catch (error) {
      setServerError(error);
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        const mapped = Object.keys(fields).map((k) => ({
          field: k.startsWith('parcelIds')
            ? 'parcels'
            : k.startsWith('plotIds')
              ? 'plots'
              : k.startsWith('consents')
                ? 'consent'
                : 'type',
          key: 'apply.err.server',
          values: { detail: fields[k] },
        }));
        setErrors(mapped);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const next = async () => {
    if (locked) {
      go(steps[index + 1] ?? 'documents');
      return;
    }
    const found = validate();
    setErrors(found);
    if (found.length > 0) return;
    if (step === 'consent') update({ signedAt: new Date().toISOString() });
    if (step === 'declaration' && !answers.caseId && !(await createDraft())) return;
    const following = steps[index + 1];
    if (following) go(following);
  };

  const submit = async () => {
    if (!answers.caseId) return;
    setBusy(true);
    setServerError(undefined);
    try {
      await apiFetch(`/cases/${encodeURIComponent(answers.caseId)}/submit`, {
        method: 'POST',
        idempotencyKey: `submit-${answers.caseId}`,
      });
      const caseId = answers.caseId;
      sessionStorage.removeItem(STORE);
      setAnswers(fresh());
      await qc.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${encodeURIComponent(caseId)}?submitted=1`);
    } catch (error) {
      setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  const abandon = async () => {
    if (answers.caseId) {
      try {
        await apiFetch(`/cases/${encodeURIComponent(answers.caseId)}/withdraw`, {
          method: 'POST',
          idempotencyKey: `withdraw-${answers.caseId}`,
        });
      } catch {
        // a draft that cannot be withdrawn any more is simply left; the new application starts anyway
      }
    }
    sessionStorage.removeItem(STORE);
    setAnswers(fresh());
    await qc.invalidateQueries({ queryKey: ['cases'] });
    navigate('/apply?step=type');
  };

  const errorFor = (field: string) => fieldError(errors, field, t);
  const title = t(`apply.step.${step}.title`);
  const parcelById = new Map(h.homesteads.map((p) => [p.parcelId, p]));
  const plotById = new Map(h.contractPlots.map((p) => [p.plotId, p]));
  const memberById = new Map(h.members.map((m) => [m.memberId, m]));
  const missingAdults = adults.filter((m) => !answers.consents.includes(m.memberId));

  let body: ReactNode;
  switch (step) {
    case 'type':
      body = (
        <FieldSet
          id="type"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.type.hint')}
          error={errorFor('type')}
        >
          {(['homestead_exit', 'contract_land_exit'] as const).map((type) => (
            <Choice
              key={type}
              type="radio"
              name="type"
              value={type}
              checked={answers.type === type}
              disabled={locked}
              onChange={() => update({ type })}
              title={t(`caseType.${type}`)}
              description={t(`caseType.${type}Desc`)}
            />
          ))}
        </FieldSet>
      );
      break;
    case 'parcels':
      body = (
        <FieldSet
          id="parcels"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.parcels.hint')}
          error={errorFor('parcels')}
        >
          {h.homesteads.length === 0 && <Alert kind="warn">{t('apply.noParcels')}</Alert>}
          {h.homesteads.map((p) => (
            <Choice
              key={p.parcelId}
              type="checkbox"
              name="parcels"
              value={p.parcelId}
              checked={answers.parcelIds.includes(p.parcelId)}
              disabled={locked}
              onChange={(on) =>
                update({
                  parcelIds: on
                    ? [...answers.parcelIds, p.parcelId]
                    : answers.parcelIds.filter((x) => x !== p.parcelId),
                })
              }
              title={t('apply.parcelTitle', { id: p.parcelId, area: p.areaM2 })}
              description={
                <>
                  {p.certificateNo}
                  {p.building && (
                    <>
                      <br />
                      {t('apply.building', {
                        area: p.building.floorAreaM2,
                        structure: t(`structure.${p.building.structure}`, {
                          defaultValue: p.building.structure,
                        }),
                        year: p.building.yearBuilt,
                      })}
                    </>
                  )}
                  {p.status !== 'registered' && (
                    <>
                      <br />
                      <strong>{t(`parcelStatus.${p.status}`)}</strong>
                    </>
                  )}
                </>
              }
            />
          ))}
        </FieldSet>
      );
      break;
    case 'scope':
      body = (
        <FieldSet
          id="scope"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.scope.hint')}
          error={errorFor('scope')}
        >
          {(['all', 'partial'] as const).map((scope) => (
            <Choice
              key={scope}
              type="radio"
              name="scope"
              value={scope}
              checked={answers.scope === scope}
              disabled={locked}
              onChange={() => update({ scope })}
              title={t(`scope.${scope}`)}
              description={
                scope === 'all'
                  ? t('apply.allPlots', {
                      list: h.contractPlots.map((p) => `${p.plotId}（${p.areaMu} 亩）`).join('、') || '—',
                    })
                  : t('scope.partialDesc')
              }
            />
          ))}
        </FieldSet>
      );
      break;
    case 'plots':
      body = (
        <FieldSet
          id="plots"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.plots.hint')}
          error={errorFor('plots')}
        >
          {h.contractPlots.map((p) => (
            <Choice
              key={p.plotId}
              type="checkbox"
              name="plots"
              value={p.plotId}
              checked={answers.plotIds.includes(p.plotId)}
              disabled={locked}
              onChange={(on) =>
                update({
                  plotIds: on
                    ? [...answers.plotIds, p.plotId]
                    : answers.plotIds.filter((x) => x !== p.plotId),
                })
              }
              title={t('apply.plotTitle', { id: p.plotId, area: p.areaMu })}
              description={
                <>
                  {t('apply.termEnd', { date: p.termEnd })}
                  {p.status !== 'normal' && (
                    <>
                      {' · '}
                      <strong>{t(`plotStatus.${p.status}`)}</strong>
                    </>
                  )}
                </>
              }
            />
          ))}
        </FieldSet>
      );
      break;
    case 'term':
      body = (
        <FieldSet
          id="term"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.term.hint')}
          error={errorFor('term')}
        >
          {(['current_term', 'permanent'] as const).map((term) => (
            <Choice
              key={term}
              type="radio"
              name="term"
              value={term}
              checked={answers.term === term}
              disabled={locked}
              onChange={() => update({ term })}
              title={t(`term.${term}`)}
              description={t(`term.${term}Desc`)}
            />
          ))}
        </FieldSet>
      );
      break;
    case 'consent':
      body = (
        <>
          <FieldSet
            id="consent"
            legend={title}
            legendClass="visually-hidden"
            hint={t('apply.step.consent.hint')}
            error={errorFor('consent')}
          >
            {h.members.map((m) => {
              const adult = isAdultOn(m.birthDate);
              return (
                <Choice
                  key={m.memberId}
                  type="checkbox"
                  name="consent"
                  value={m.memberId}
                  checked={adult && answers.consents.includes(m.memberId)}
                  disabled={locked || !adult}
                  onChange={(on) =>
                    update({
                      consents: on
                        ? [...answers.consents, m.memberId]
                        : answers.consents.filter((x) => x !== m.memberId),
                    })
                  }
                  title={t('apply.consentTitle', { name: m.name, relation: m.relation })}
                  description={
                    adult ? t('apply.consentId', { id: maskNationalId(m.nationalId) }) : t('apply.minor')
                  }
                />
              );
            })}
          </FieldSet>
          {answers.consents.length > 0 && missingAdults.length > 0 && (
            <Alert kind="warn">
              {t('apply.missingConsent', { names: missingAdults.map((m) => m.name).join('、') })}
            </Alert>
          )}
        </>
      );
      break;
    case 'declaration':
      body = (
        <FieldSet
          id="declaration"
          legend={title}
          legendClass="visually-hidden"
          hint={t('apply.step.declaration.hint')}
          error={errorFor('declaration')}
        >
          <div className="alert alert--info">
            <p>{t('apply.declarationText1')}</p>
            <p>
              {t(
                answers.type === 'contract_land_exit'
                  ? 'rights.headlineContract'
                  : 'rights.headlineHomestead',
              )}
            </p>
            <p>{t('apply.declarationText2')}</p>
          </div>
          <Choice
            type="checkbox"
            name="voluntary"
            value="yes"
            checked={answers.voluntary}
            disabled={locked}
            onChange={(on) => update({ voluntary: on })}
            title={t('apply.declarationCheck')}
          />
        </FieldSet>
      );
      break;
    case 'documents':
      body = answers.caseId && answers.type && (
        <>
          <p>{t('apply.step.documents.hint')}</p>
          <p className="hint">{t('upload.rules')}</p>
          {DOCS[answers.type].map((d) => (
            <UploadKind
              key={d.kind}
              kind={d.kind}
              recommended={d.recommended}
              documents={draftCase.data?.documents ?? []}
              uploads={uploads.uploads}
              onAdd={uploads.add}
              onRetry={uploads.retry}
            />
          ))}
        </>
      );
      break;
    case 'check': {
      const docs = draftCase.data?.documents ?? [];
      const uploading = uploads.uploads.some(
        (u) => u.state.phase !== 'uploaded' && u.state.phase !== 'failed',
      );
      const rows: { key: string; label: string; value: ReactNode; edit?: Step }[] = [
        { key: 'type', label: t('check.type'), value: answers.type ? t(`caseType.${answers.type}`) : '' },
      ];
      if (answers.type === 'homestead_exit') {
        rows.push({
          key: 'parcels',
          label: t('check.parcels'),
          value: answers.parcelIds
            .map((id) => t('apply.parcelTitle', { id, area: parcelById.get(id)?.areaM2 ?? '?' }))
            .join('；'),
        });
      } else {
        rows.push({
          key: 'scope',
          label: t('check.scope'),
          value: answers.scope ? t(`scope.${answers.scope}`) : '',
        });
        if (answers.scope === 'partial')
          rows.push({
            key: 'plots',
            label: t('check.plots'),
            value: answers.plotIds
              .map((id) => t('apply.plotTitle', { id, area: plotById.get(id)?.areaMu ?? '?' }))
              .join('；'),
          });
        rows.push({
          key: 'term',
          label: t('check.term'),
          value: answers.term ? t(`term.${answers.term}`) : '',
        });
      }
      rows.push({
        key: 'consent',
        label: t('check.consent'),
        value: answers.consents.map((id) => memberById.get(id)?.name ?? id).join('、'),
      });
      rows.push({ key: 'declaration', label: t('check.declaration'), value: t('check.voluntaryYes') });
      rows.push({
        key: 'documents',
        label: t('check.documents'),
        value:
          docs.length === 0
            ? t('check.noDocuments')
            : docs.map((d) => `${t(`docKind.${d.kind}`)}（${t(`docStatus.${d.status}`)}）`).join('、'),
        edit: 'documents',
      });
      body = (
        <>
          <dl className="summary-list card">
            {rows.map((r) => (
              <div key={r.key}>
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
                <dd>
                  {r.edit && (
                    <Link to={`/apply?step=${r.edit}`}>
                      {t('check.change')}
                      <span className="visually-hidden"> {r.label}</span>
                    </Link>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          {missingAdults.length > 0 && (
            <Alert kind="warn">
              {t('apply.missingConsent', { names: missingAdults.map((m) => m.name).join('、') })}
            </Alert>
          )}
          {uploading && <Alert kind="info">{t('check.stillUploading')}</Alert>}
          <p>{t('check.promise')}</p>
        </>
      );
      break;
    }
  }

  const isCheck = step === 'check';
  return (
    <div className="narrow">
      <PageHeader
        key={step}
        title={title}
        lead={t('apply.stepOf', {
          n: index + 1,
          total: steps.length,
          type: answers.type ? t(`caseType.${answers.type}`) : t('apply.newApplication'),
        })}
        {...(index > 0
          ? { back: { to: `/apply?step=${steps[index - 1]}`, label: t('common.back') } }
          : { back: { to: '/me', label: t('nav.myCases') } })}
      />
      <ol className="steps" aria-hidden="true">
        {steps.map((s, i) => (
          <li key={s} className={i < index ? 'done' : i === index ? 'current' : ''}>
            {i + 1}
          </li>
        ))}
      </ol>
      {locked && (
        <Alert kind="info">
          <p>{t('apply.locked')}</p>
          <button type="button" className="linklike" onClick={() => void abandon()}>
            {t('apply.abandon')}
          </button>
        </Alert>
      )}
      <ErrorSummary errors={errors} />
      <ServerError error={serverError} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void (isCheck ? submit() : next());
        }}
      >
        {body}
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={busy} lang={i18n.language}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {isCheck
              ? t('apply.submit')
              : step === 'declaration' && !answers.caseId
                ? t('apply.saveContinue')
                : t('common.continue')}
          </button>
        </div>
      </form>
    </div>
  );
}
