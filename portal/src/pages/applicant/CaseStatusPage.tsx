import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../api/contract';
import { useCase } from '../../api/hooks';
import { useLocation } from '../../app/router';
import { AgreementPdfButton } from '../../components/case/AgreementPdf';
import { AdvanceProgress } from '../../components/case/agreement';
import { Findings, RightsKept, rightsHeadlineKey } from '../../components/case/findings';
import { Fold } from '../../components/case/fold';
import { HouseholdProgress } from '../../components/case/householdProgress';
import { OffersCompare } from '../../components/case/offers';
import { EscalationSummary, Timeline } from '../../components/case/progress';
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

/** The statuses that end the case's path: what is left on its page is the record of it. */
const FINISHED: readonly CaseView['status'][] = [
  'closed',
  'disbursed',
  'reserved',
  'withdrawn',
  'rescinded',
  'failed',
];

/** Whether the step the case is at waits for the household itself (the first section says so). */
function householdActs(c: CaseView, appealable: boolean): boolean {
  if (appealable) return true;
  if (c.status === 'draft' || c.status === 'returned' || c.status === 'offers' || c.status === 'vacating')
    return true;
  return c.status === 'paying' && c.pendingTask?.role === 'applicant';
}

/**
 * The household's case page, in the order of the government service apps (爱山东): what the household
 * has to do now (or where the case is) first, with the form of its step (objection, choice and
 * signature, resubmission, appeal, the collective's payment); then 办理进度 with each step's day and
 * office; the payment and the offer chosen once signed; then the finished sections folded to a line
 * each (terms, rights, findings, documents, the record), and the withdrawal.
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
  const finished = FINISHED.includes(c.status);
  const failed = c.findings.filter((f) => !f.passed).length;
  const chosenOption = c.agreement?.option ?? c.choice;
  // once signed, only the offer chosen is the household's business (the others stay in the audit trail)
  const chosen = c.status !== 'offers' ? c.offers.filter((o) => o.option === chosenOption) : [];
  const rejectedDocs = c.documents.filter((d) => d.status === 'rejected').length;
  const latest = c.timeline.at(-1);

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

      <section className="todo" data-section="todo" aria-labelledby="todo-title">
        <h2 id="todo-title" className="todo__title">
          {t(householdActs(c, stage !== undefined) ? 'household.todoYours' : 'household.todoNow')}
        </h2>
        <NextStep c={c} />
        <EscalationSummary c={c} />
        {c.status === 'public_notice' && <PublicNotice c={c} audience="household" />}
        {c.status === 'offers' && <ChooseAndSign c={c} />}
        {c.status === 'returned' && <Resubmit c={c} />}
        {/* mounted while the case has collective tranches, so its answer stays on screen after the case moves on */}
        {c.paymentSchedule.some((tr) => tr.payer === 'collective') && <CollectiveReceipt c={c} />}
        {stage && <Appeal c={c} />}
        {c.status === 'cooling_off' && <Rescind c={c} />}
      </section>

      <HouseholdProgress c={c} />

      {c.agreement && (
        <Fold
          section="payment"
          title={t(paidByCollective(c) ? 'case.payment' : 'case.advance')}
          hint={t(`option.${c.agreement.option}`)}
          open={!finished}
        >
          <AdvanceProgress c={c} foldSchedule />
          <AgreementPdfButton caseId={c.caseId} label={t('agreementPdf.download')} />
        </Fold>
      )}

      {chosen.length > 0 && (
        <Fold
          section="offer"
          title={t('household.chosenOffer')}
          hint={t(`option.${chosen[0]?.option ?? 'cash'}`)}
        >
          <OffersCompare type={c.type} offers={chosen} chosen={chosenOption} fold />
        </Fold>
      )}

      {hasExitTerms(c) && (
        <Fold section="terms" title={t('case.terms')}>
          <ExitTerms c={c} />
        </Fold>
      )}
      <Fold
        section="rights"
        title={t('case.rights')}
        hint={t(rightsHeadlineKey(c.type))}
        open={(c.rightsCheck?.violations.length ?? 0) > 0}
      >
        <RightsKept type={c.type} check={c.rightsCheck} />
      </Fold>
      {c.findings.length > 0 && (
        <Fold
          section="findings"
          title={t('case.findings')}
          hint={failed === 0 ? t('findings.allPassed') : t('findings.someFailed', { count: failed })}
          open={failed > 0}
        >
          <Findings findings={c.findings} />
        </Fold>
      )}
      <Fold
        section="documents"
        title={t('case.documents')}
        hint={
          c.documents.length === 0
            ? t('case.noDocuments')
            : t('household.documentsHint', { count: c.documents.length, rejected: rejectedDocs })
        }
        open={rejectedDocs > 0 || c.status === 'returned'}
      >
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
      </Fold>
      <Fold
        section="timeline"
        title={t('case.timeline')}
        hint={latest ? t('household.timelineHint', { status: t(`status.${latest.status}`) }) : undefined}
      >
        <Timeline entries={c.timeline} reviews={c.reviews} milestones={c.milestones} household />
      </Fold>

      {canWithdraw && <Withdraw c={c} />}
    </>
  );
}
