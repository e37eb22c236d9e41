import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../api/client';
import type { ApplicationView, CaseType, DocumentKind, HouseholdRecord } from '../../api/contract';
import { useCase, useHousehold } from '../../api/hooks';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../auth/session';
import { UploadKind, useUploads } from '../../components/DocumentUploader';
import {
  CheckboxGroup,
  fieldErrorsFrom,
  type GroupProps,
  RadioGroup,
  SubmitButton,
  useSubmit,
} from '../../components/form';
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

function toApplication(a: Answers, h: HouseholdRecord): ApplicationView | undefined {
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

/** The question an API path of the application belongs to (for its error). */
function fieldOfPath(path: string): string {
  if (path.startsWith('parcelIds')) return 'parcels';
  if (path.startsWith('plotIds')) return 'plots';
  if (path.startsWith('consents')) return 'consent';
  return 'type';
}

function fromApplication(app: ApplicationView, caseId: string): Answers {
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
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const { search } = useLocation();
  const household = useHousehold(session?.householdId);
  const resumeId = search.get('caseId') ?? undefined;
  const resumed = useCase(resumeId);
  const [answers, setAnswers] = useState<Answers>(load);
  const [errors, setErrors] = useState<FormError[]>([]);
  const request = useSubmit();

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
    request.clearError();
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
    const res = await request.run(
      () =>
        apiFetch<{ caseId: string }>('/cases', {
          body: app,
          idempotencyKey: bodyKey(answers.createKey, app),
        }),
      (error) => {
        // the banner says what happened; each offending answer is also named on its own question
        setErrors(fieldErrorsFrom(error, fieldOfPath, 'apply.err.server'));
        return false;
      },
    );
    if (!res.ok) return false;
    update({ caseId: res.value.caseId });
    await qc.invalidateQueries({ queryKey: ['cases'] });
    return true;
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
    const caseId = answers.caseId;
    if (!caseId) return;
    const res = await request.run(() =>
      apiFetch(`/cases/${encodeURIComponent(caseId)}/submit`, {
        method: 'POST',
        idempotencyKey: `submit-${caseId}`,
      }),
    );
    if (!res.ok) return;
    sessionStorage.removeItem(STORE);
    setAnswers(fresh());
    await qc.invalidateQueries({ queryKey: ['cases'] });
    navigate(`/cases/${encodeURIComponent(caseId)}?submitted=1`);
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
  /** Every screen's question: the page title is its legend, its hint and error are the step's own. */
  const question = (id: Step): GroupProps => ({
    id,
    name: id,
    legend: title,
    legendClass: 'visually-hidden',
    hint: t(`apply.step.${id}.hint`),
    error: errorFor(id),
    disabled: locked,
  });
  const parcelById = new Map(h.homesteads.map((p) => [p.parcelId, p]));
  const plotById = new Map(h.contractPlots.map((p) => [p.plotId, p]));
  const memberById = new Map(h.members.map((m) => [m.memberId, m]));
  const missingAdults = adults.filter((m) => !answers.consents.includes(m.memberId));

  let body: ReactNode;
  switch (step) {
    case 'type':
      body = (
        <RadioGroup
          {...question('type')}
          value={answers.type}
          onChange={(type) => update({ type })}
          options={(['homestead_exit', 'contract_land_exit'] as const).map((type) => ({
            value: type,
            title: t(`caseType.${type}`),
            description: t(`caseType.${type}Desc`),
          }))}
        />
      );
      break;
    case 'parcels':
      body = (
        <CheckboxGroup
          {...question('parcels')}
          value={answers.parcelIds}
          onChange={(parcelIds) => update({ parcelIds })}
          options={h.homesteads.map((p) => ({
            value: p.parcelId,
            title: t('apply.parcelTitle', { id: p.parcelId, area: p.areaM2 }),
            description: (
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
            ),
          }))}
        >
          {h.homesteads.length === 0 && <Alert kind="warn">{t('apply.noParcels')}</Alert>}
        </CheckboxGroup>
      );
      break;
    case 'scope':
      body = (
        <RadioGroup
          {...question('scope')}
          value={answers.scope}
          onChange={(scope) => update({ scope })}
          options={[
            {
              value: 'all' as const,
              title: t('scope.all'),
              description: t('apply.allPlots', {
                list: h.contractPlots.map((p) => `${p.plotId}（${p.areaMu} 亩）`).join('、') || '—',
              }),
            },
            { value: 'partial' as const, title: t('scope.partial'), description: t('scope.partialDesc') },
          ]}
        />
      );
      break;
    case 'plots':
      body = (
        <CheckboxGroup
          {...question('plots')}
          value={answers.plotIds}
          onChange={(plotIds) => update({ plotIds })}
          options={h.contractPlots.map((p) => ({
            value: p.plotId,
            title: t('apply.plotTitle', { id: p.plotId, area: p.areaMu }),
            description: (
              <>
                {t('apply.termEnd', { date: p.termEnd })}
                {p.status !== 'normal' && (
                  <>
                    {' · '}
                    <strong>{t(`plotStatus.${p.status}`)}</strong>
                  </>
                )}
              </>
            ),
          }))}
        />
      );
      break;
    case 'term':
      body = (
        <RadioGroup
          {...question('term')}
          value={answers.term}
          onChange={(term) => update({ term })}
          options={(['current_term', 'permanent'] as const).map((term) => ({
            value: term,
            title: t(`term.${term}`),
            description: t(`term.${term}Desc`),
          }))}
        />
      );
      break;
    case 'consent':
      body = (
        <>
          <CheckboxGroup
            {...question('consent')}
            value={answers.consents}
            onChange={(consents) => update({ consents })}
            options={h.members.map((m) => {
              const adult = isAdultOn(m.birthDate);
              return {
                value: m.memberId,
                disabled: !adult,
                title: t('apply.consentTitle', { name: m.name, relation: m.relation }),
                description: adult
                  ? t('apply.consentId', { id: maskNationalId(m.nationalId) })
                  : t('apply.minor'),
              };
            })}
          />
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
      <ServerError error={request.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void (isCheck ? submit() : next());
        }}
      >
        {body}
        <div className="btn-row">
          <SubmitButton busy={request.busy}>
            {isCheck
              ? t('apply.submit')
              : step === 'declaration' && !answers.caseId
                ? t('apply.saveContinue')
                : t('common.continue')}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}
