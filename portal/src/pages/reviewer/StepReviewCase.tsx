import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCase, useHousehold } from '../../api/hooks';
import { Findings, RightsKept } from '../../components/case/findings';
import { Timeline } from '../../components/case/progress';
import { ReviewHistory } from '../../components/case/reviews';
import { DocumentViewer } from '../../components/DocumentViewer';
import { Alert, Loading, PageHeader, QueryError, StatusBadge } from '../../components/ui';
import { caseNumberOf, formatDeadline, householdName, placeName } from '../../lib/format';
import { escalationCount } from '../../lib/reviewChain';
import type { Decision } from './review/decision';
import { Claims, ObjectionsHeard, RegistryFacts } from './review/facts';
import { StepDecisionForm } from './review/StepDecisionForm';
import type { ChainStep } from './review/stepDecision';
import { STEP_PAGES } from './review/steps';

/**
 * A case at the town's audit or the district's approval: the earlier steps' decisions first (the
 * village's resolution and reasons; for the district also the town's codes and note), the household's
 * claims beside the registry, the findings, the evidence and the objections heard, then the decision.
 * A case that is not at this step is shown read-only with where it is.
 */
export function StepReviewCase({ caseId, step }: { caseId: string; step: ChainStep }) {
  const { t, i18n } = useTranslation();
  const q = useCase(caseId);
  const household = useHousehold(q.data?.householdId, q.isSuccess);
  const [done, setDone] = useState<Decision>();
  const pages = STEP_PAGES[step];
  const back = {
    to: pages.base,
    label: step === 'town_review' ? t('nav.townQueue') : t('nav.districtQueue'),
  };
  if (q.isPending) return <Loading />;
  if (q.isError)
    return (
      <>
        <PageHeader title={t(`reviewStep.${step}`)} back={back} />
        {/* a refusal (403) or an unknown case (404) is not cured by asking again */}
        <QueryError
          error={q.error}
          {...(q.error instanceof ApiError && q.error.status < 500
            ? {}
            : { onRetry: () => void q.refetch() })}
        />
      </>
    );
  const c = q.data;
  const open = c.status === step;
  const h = household.data;
  const head = h?.members.find((m) => m.memberId === h.headMemberId)?.name;
  const escalations = escalationCount(c);
  return (
    <>
      <PageHeader
        title={t('chain.caseTitle', {
          step: t(`reviewStep.${step}`),
          household: householdName({ ...c, householdHeadName: c.householdHeadName ?? head }),
        })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: caseNumberOf(c) })} · {placeName(c)} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={back}
      />
      {c.pendingTask && (
        <p className={Date.parse(c.pendingTask.dueAt) < Date.now() ? 'overdue' : 'meta'}>
          {t('review.dueAt', { date: formatDeadline(c.pendingTask.dueAt, i18n.language) })}
          {escalations > 0 ? ` · ${t('progress.escalations', { count: escalations })}` : ''}
        </p>
      )}
      <ReviewHistory reviews={c.reviews} />
      <div className="grid-2">
        <section className="card" aria-labelledby="claims-title">
          <h2 id="claims-title">{t('review.claims')}</h2>
          <Claims c={c} />
        </section>
        <section className="card" aria-labelledby="registry-title">
          <h2 id="registry-title">{t('review.registry')}</h2>
          <RegistryFacts c={c} household={h} />
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
      <ObjectionsHeard c={c} />
      {done && <Alert kind="ok" title={t(`chain.done.${step}.${done}`)} live />}
      {open && !done && <StepDecisionForm c={c} step={step} onDone={setDone} />}
      {!open && !done && (
        <Alert kind="info">
          {t('chain.notOpen', { status: t(`status.${c.status}`), step: t(`reviewStep.${step}`) })}
        </Alert>
      )}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} reviews={c.reviews} />
      </section>
    </>
  );
}
