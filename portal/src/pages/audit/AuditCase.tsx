import { useTranslation } from 'react-i18next';
import type { AuditEntryView, CaseView } from '../../api/contract';
import { useCase, useCaseAudit } from '../../api/hooks';
import { AgreementPdfButton } from '../../components/case/AgreementPdf';
import { AdvanceProgress, AgreementFacts } from '../../components/case/agreement';
import { Findings, RightsKept } from '../../components/case/findings';
import { OffersCompare } from '../../components/case/offers';
import { actorLabel, CaseProgress, Timeline } from '../../components/case/progress';
import { ExitTerms, hasExitTerms } from '../../components/case/terms';
import { DocumentViewer } from '../../components/DocumentViewer';
import { Alert, Loading, LoadMore, PageHeader, QueryError, StatusBadge } from '../../components/ui';
import { paidByCollective } from '../../lib/collectivePayment';
import {
  caseNumberOf,
  formatDateTime,
  formatDeadline,
  householdName,
  pickNote,
  placeName,
} from '../../lib/format';

/**
 * The actions the API, the workflow and the fund write to a case's audit trail, worded for a reader.
 * An action not listed here (a newer one) is shown as written, never hidden.
 */
const KNOWN_ACTIONS = new Set([
  'case.created',
  'case.submitted',
  'case.resubmitted',
  'case.appealed',
  'case.withdrawn',
  'case.closed',
  'case.failed',
  'assessment.started',
  'assessment.eligibility',
  'assessment.village_review',
  'assessment.ineligible',
  'assessment.rights_blocked',
  'review.approve',
  'review.return',
  'review.reject',
  'objection.raised',
  'notice.objection',
  'notice.closed',
  'town_review.approve',
  'town_review.return',
  'town_review.reject',
  'district_approval.approve',
  'district_approval.return',
  'district_approval.reject',
  'offers.computed',
  'agreement.signed',
  'advance.requested',
  'advance.approve',
  'advance.reject',
  'advance.paid_from_queue',
  'reserve.recorded',
  'document.requested',
  'document.replaced',
  'document.accepted',
  'document.rejected',
  'document.accessed',
  'task.waiting',
  'task.escalated',
  // the land leg (wave 2)
  'milestone.vacated',
  'milestone.disposed',
  'milestone.certificate_cancelled',
  'milestone.handed_over',
  // desk claims (issue 18): advisory, audited
  'case.claimed',
  'case.claim_taken_over',
  'case.claim_released',
]);

function actionLabel(action: string, t: (k: string) => string): string {
  return KNOWN_ACTIONS.has(action) ? t(`auditAction.${action.replace(/\./g, '_')}`) : action;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Which document was opened, of which kind, under which role (a `document.accessed` entry's detail). */
function AccessDetail({ e, c }: { e: AuditEntryView; c: CaseView }) {
  const { t } = useTranslation();
  const documentId = str(e.detail?.documentId);
  const kind = str(e.detail?.kind) ?? c.documents.find((d) => d.documentId === documentId)?.kind;
  const role = str(e.detail?.role);
  return (
    <div className="meta">
      {kind ? t(`docKind.${kind}`, { defaultValue: kind }) : t('audit.document')}
      {documentId ? ` ${documentId}` : ''}
      {role ? ` · ${t('audit.asRole', { role: t(`role.${role}`, { defaultValue: role }) })}` : ''}
    </div>
  );
}

/** The case's audit trail as a table, oldest first, a hundred entries a page. */
function AuditTrail({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const q = useCaseAudit(c.caseId);
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.pages[0] === null) {
    return (
      <Alert kind="info" title={t('audit.trailUnavailable')}>
        <p>{t('audit.trailUnavailableText')}</p>
      </Alert>
    );
  }
  const items = q.data.pages.flatMap((p) => p?.items ?? []);
  if (items.length === 0) return <p className="meta">{t('audit.trailEmpty')}</p>;
  const col = {
    at: t('audit.col.at'),
    actor: t('audit.col.actor'),
    action: t('audit.col.action'),
    change: t('audit.col.change'),
    reason: t('audit.col.reason'),
  };
  return (
    <>
      <div className="table-wrap">
        <table className="table--stack" id="audit-trail">
          <caption className="visually-hidden">{t('audit.trail')}</caption>
          <thead>
            <tr>
              <th scope="col">{col.at}</th>
              <th scope="col">{col.actor}</th>
              <th scope="col">{col.action}</th>
              <th scope="col">{col.change}</th>
              <th scope="col">{col.reason}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => {
              const who = actorLabel(e.actor, t);
              return (
                <tr key={e.auditId} data-action={e.action}>
                  <td data-label={col.at}>
                    <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
                  </td>
                  <td data-label={col.actor}>
                    {e.actor}
                    {who !== e.actor && <div className="meta">{who}</div>}
                  </td>
                  <td data-label={col.action}>
                    {actionLabel(e.action, t)}
                    {e.action === 'document.accessed' && <AccessDetail e={e} c={c} />}
                  </td>
                  <td data-label={col.change}>
                    {e.fromStatus || e.toStatus ? (
                      <>
                        {e.fromStatus ? t(`status.${e.fromStatus}`) : '—'} →{' '}
                        {e.toStatus ? t(`status.${e.toStatus}`) : '—'}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={col.reason}>{e.reason ? pickNote(e.reason, lang) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <LoadMore list={q} />
    </>
  );
}

/** One case of the district, read only: everything the other roles' pages show, and its audit trail. */
export function AuditCase({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const q = useCase(caseId);
  if (q.isPending) return <Loading />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  return (
    <>
      <PageHeader
        title={t('audit.caseTitle', { household: householdName(c) })}
        lead={
          <>
            {t(`caseType.${c.type}`)} · {t('case.number', { id: caseNumberOf(c) })} · {placeName(c)} ·{' '}
            <StatusBadge status={c.status} />
          </>
        }
        back={{ to: '/audit', label: t('nav.auditCases') }}
      />
      <p className="meta">{t('audit.readOnly')}</p>
      {c.pendingTask && (
        <p className={Date.parse(c.pendingTask.dueAt) < Date.now() ? 'overdue' : 'meta'}>
          {t('review.dueAt', { date: formatDeadline(c.pendingTask.dueAt, i18n.language) })}
          {c.pendingTask.escalated ? ` · ${t('review.escalated')}` : ''}
        </p>
      )}
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('audit.progress')}</h2>
        <CaseProgress c={c} />
      </section>
      <section className="card" aria-labelledby="findings-title">
        <h2 id="findings-title">{t('case.findings')}</h2>
        <Findings findings={c.findings} />
        <RightsKept type={c.type} check={c.rightsCheck} />
      </section>
      {hasExitTerms(c) && (
        <section className="card" aria-labelledby="terms-title">
          <h2 id="terms-title">{t('case.terms')}</h2>
          <ExitTerms c={c} />
        </section>
      )}
      {c.offers.length > 0 && (
        <section className="card" aria-labelledby="offers-title">
          <h2 id="offers-title">{t('audit.offers')}</h2>
          <OffersCompare type={c.type} offers={c.offers} chosen={c.choice ?? c.agreement?.option} />
        </section>
      )}
      {c.agreement && (
        <div className="grid-2">
          <section className="card" aria-labelledby="agreement-title">
            <h2 id="agreement-title">{t('fc.agreement')}</h2>
            <AgreementFacts c={c} />
            {c.agreement && <AgreementPdfButton caseId={c.caseId} label={t('agreementPdf.download')} />}
          </section>
          <section className="card" aria-labelledby="advance-title">
            <h2 id="advance-title">{t(paidByCollective(c) ? 'case.payment' : 'audit.advance')}</h2>
            <AdvanceProgress c={c} />
          </section>
        </div>
      )}
      <section className="card" aria-labelledby="docs-title">
        <h2 id="docs-title">{t('case.documents')}</h2>
        <p className="meta">{t('audit.docsLogged')}</p>
        <DocumentViewer caseId={c.caseId} documents={c.documents} />
      </section>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <Timeline entries={c.timeline} reviews={c.reviews} milestones={c.milestones} />
      </section>
      <section className="card" aria-labelledby="audit-title">
        <h2 id="audit-title">{t('audit.trail')}</h2>
        <p className="meta">{t('audit.trailLead')}</p>
        <AuditTrail c={c} />
      </section>
    </>
  );
}
