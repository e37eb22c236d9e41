import { useTranslation } from 'react-i18next';
import { useCase } from '../../api/hooks';
import { useLocation } from '../../app/router';
import { AgreementPdfButton } from '../../components/case/AgreementPdf';
import { AdvanceProgress } from '../../components/case/agreement';
import { Findings, RightsKept } from '../../components/case/findings';
import { OffersCompare } from '../../components/case/offers';
import { CaseProgress, EscalationSummary, Timeline } from '../../components/case/progress';
import { ExitTerms, hasExitTerms } from '../../components/case/terms';
import { PublicNotice } from '../../components/Objection';
import { Alert, Loading, PageHeader, QueryError, StatusBadge } from '../../components/ui';
import { paidByCollective } from '../../lib/collectivePayment';
import { pickNote } from '../../lib/format';
import { Appeal, Rescind, Resubmit, Withdraw } from './case/actions';
import { ChooseAndSign } from './case/ChooseAndSign';
import { NextStep } from './case/NextStep';
import { CollectiveReceipt } from './case/receipt';
import { appealStage, WITHDRAWABLE } from './case/rules';

/**
 * The household's case page: where the case stands and what comes next, the form of the step that is
 * the household's (objection, choice and signature, resubmission, appeal), what it keeps and why, the
 * advance, the timeline, the offers and the documents, and the withdrawal.
 */
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
      <CaseProgress c={c} />
      <NextStep c={c} />
      <EscalationSummary c={c} />

      {c.status === 'public_notice' && <PublicNotice c={c} audience="household" />}
      {c.status === 'offers' && <ChooseAndSign c={c} />}
      {c.status === 'returned' && <Resubmit c={c} />}
      {/* mounted while the case has collective tranches, so its answer stays on screen after the case moves on */}
      {c.paymentSchedule.some((t) => t.payer === 'collective') && <CollectiveReceipt c={c} />}
      {stage && <Appeal c={c} />}

      <div className="grid-2">
        <div>
          {hasExitTerms(c) && (
            <section className="card" aria-labelledby="terms-title">
              <h2 id="terms-title">{t('case.terms')}</h2>
              <ExitTerms c={c} />
            </section>
          )}
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
              <h2 id="advance-title">{t(paidByCollective(c) ? 'case.payment' : 'case.advance')}</h2>
              <AdvanceProgress c={c} />
              <AgreementPdfButton caseId={c.caseId} label={t('agreementPdf.download')} />
            </section>
          )}
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('case.timeline')}</h2>
            <Timeline entries={c.timeline} reviews={c.reviews} milestones={c.milestones} household />
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
      {c.status === 'cooling_off' && <Rescind c={c} />}
    </>
  );
}
