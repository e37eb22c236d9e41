import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey } from '../../api/client';
import type { CaseCreated } from '../../api/contract';
import { useCase, useHousehold } from '../../api/hooks';
import { navigate, useLocation } from '../../app/router';
import { useSession } from '../../auth/session';
import { useUploads } from '../../components/DocumentUploader';
import { fieldErrorsFrom, SubmitButton, useSubmit } from '../../components/form';
import {
  Alert,
  ErrorSummary,
  type FormError,
  Loading,
  PageHeader,
  QueryError,
  ServerError,
} from '../../components/ui';
import {
  type Answers,
  fieldOfPath,
  fresh,
  fromApplication,
  load,
  missingAnswer,
  STORE,
  type Step,
  stepsFor,
  toApplication,
} from './apply/answers';
import { CheckAnswers, Evidence } from './apply/evidence';
import { Question } from './apply/questions';

/**
 * The guided application: one question per screen, answers kept in the tab (a phone call in the middle
 * loses nothing), the draft case created only once the answers are complete, then evidence, a
 * check-your-answers page and the submission.
 */
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

  const createDraft = async (): Promise<boolean> => {
    const app = toApplication(answers, h);
    if (!app) return false;
    const res = await request.run(
      () =>
        apiFetch<CaseCreated>('/cases', {
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
    const found = missingAnswer(step, answers, h.rights.equityShares);
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

  const title = t(`apply.step.${step}.title`);
  const documents = draftCase.data?.documents ?? [];
  let body: ReactNode;
  if (step === 'documents') body = <Evidence answers={answers} documents={documents} uploads={uploads} />;
  else if (step === 'check')
    body = <CheckAnswers answers={answers} household={h} documents={documents} uploads={uploads} />;
  else
    body = (
      <Question step={step} answers={answers} update={update} household={h} errors={errors} locked={locked} />
    );

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
