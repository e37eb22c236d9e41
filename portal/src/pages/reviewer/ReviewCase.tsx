import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCase, useHousehold } from '../../api/hooks';
import { Findings, RightsKept } from '../../components/case/findings';
import { Timeline } from '../../components/case/progress';
import { DocumentViewer } from '../../components/DocumentViewer';
import { PublicNotice } from '../../components/Objection';
import { Alert, Loading, PageHeader, QueryError, StatusBadge } from '../../components/ui';
import { caseNumberOf, formatDeadline, householdName, placeName } from '../../lib/format';
import { PaymentDesk } from './payment/PaymentDesk';
import { DecisionForm } from './review/DecisionForm';
import type { Decision } from './review/decision';
import { Claims, ObjectionsHeard, RegistryFacts } from './review/facts';

/**
 * A case in village review: the household's claims beside the registry, the findings, the evidence,
 * the objections heard, and the decision with the members' meeting resolution.
 */
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
  // the collective pays a contract-land or equity tranche: the village records it here (wave 2)
  const paying = c.status === 'paying';
  return (
    <>
      <PageHeader
        title={t('review.title', { household: householdName(c) })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: caseNumberOf(c) })} · {placeName(c)} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={{ to: '/review', label: t('nav.reviewQueue') }}
      />
      {c.pendingTask && (
        <p className={Date.parse(c.pendingTask.dueAt) < Date.now() ? 'overdue' : 'meta'}>
          {t('review.dueAt', { date: formatDeadline(c.pendingTask.dueAt, i18n.language) })}
          {c.pendingTask.escalated ? ` · ${t('review.escalated')}` : ''}
        </p>
      )}
      {paying && <PaymentDesk c={c} />}
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
      <ObjectionsHeard c={c} />
      {done && <Alert kind="ok" title={t(`review.done.${done}`)} live />}
      {open && !done && <DecisionForm c={c} onDone={setDone} />}
      {!open && !done && !paying && (
        <Alert kind="info">{t('review.notOpen', { status: t(`status.${c.status}`) })}</Alert>
      )}
      {c.status === 'public_notice' && <PublicNotice c={c} audience="reviewer" />}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} reviews={c.reviews} />
      </section>
    </>
  );
}
