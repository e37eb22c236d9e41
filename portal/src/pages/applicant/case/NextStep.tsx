import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../../api/contract';
import { moneyText } from '../../../components/case/money';
import { ReviewReasons, reviewWords } from '../../../components/case/reviews';
import { Alert } from '../../../components/ui';
import { disputedTranches, trancheToAnswer, trancheToRecord } from '../../../lib/collectivePayment';
import { formatDateTime, formatDeadline } from '../../../lib/format';
import { landStage } from '../../../lib/landStage';
import { paidSoFar } from '../../../lib/paid';

/** What happens next, in the household's words: the step the case is at, who acts, and by when. */
export function NextStep({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const due = c.pendingTask ? formatDeadline(c.pendingTask.dueAt, lang) : '';
  const lastReview = (c.reviews ?? []).at(-1);
  switch (c.status) {
    case 'draft':
      return <Alert kind="warn" title={t('next.draft')} />;
    case 'submitted':
    case 'eligibility':
    case 'resubmitted':
      return (
        <Alert kind="info" title={t('next.checking')} live>
          <p>{t('next.checkingText')}</p>
        </Alert>
      );
    case 'ineligible':
      return (
        <Alert kind="err" title={t('next.ineligible')}>
          <p>{t('next.ineligibleText')}</p>
        </Alert>
      );
    case 'rights_blocked':
      return (
        <Alert kind="err" title={t('next.rightsBlocked')}>
          <p>{t('next.rightsBlockedText')}</p>
        </Alert>
      );
    case 'village_review': {
      const objections = (c.objections ?? []).filter((o) => !o.resolved);
      const appeal = (c.appeals ?? []).at(-1);
      return (
        <Alert kind="info" title={t('next.review')}>
          {objections.length > 0 && <p>{t('next.reviewObjections', { count: objections.length })}</p>}
          {appeal && objections.length === 0 && (
            <p>{t('next.reviewAppeal', { date: formatDateTime(appeal.at, lang) })}</p>
          )}
          <p>{t('next.reviewText', { date: due })}</p>
        </Alert>
      );
    }
    case 'returned':
      return (
        <Alert kind="warn" title={t(`next.returnedBy.${lastReview?.step ?? 'village_review'}`)}>
          {lastReview && reviewWords(lastReview, t).length > 0 && (
            <>
              <p>{t('next.returnedReasons')}</p>
              <ReviewReasons r={lastReview} />
            </>
          )}
          <p>{t('next.returnedText', { date: due })}</p>
        </Alert>
      );
    case 'rejected':
      return (
        <Alert kind="err" title={t('next.rejected')}>
          {c.advance?.status === 'rejected' && c.advance.rejectionReason && (
            <p>{c.advance.rejectionReason}</p>
          )}
          {c.advance?.status !== 'rejected' && lastReview && (
            <>
              <p>{t('next.rejectedBy', { step: t(`reviewStep.${lastReview.step}`) })}</p>
              <ReviewReasons r={lastReview} />
            </>
          )}
        </Alert>
      );
    case 'public_notice':
      return (
        <Alert kind="info" title={t('next.notice')}>
          <p>{t('next.noticeText')}</p>
        </Alert>
      );
    case 'town_review':
      return (
        <Alert kind="info" title={t('next.townReview')}>
          <p>{t('next.townReviewText', { date: due })}</p>
        </Alert>
      );
    case 'district_approval':
      return (
        <Alert kind="info" title={t('next.districtReview')}>
          <p>{t('next.districtReviewText', { date: due })}</p>
        </Alert>
      );
    case 'offers':
      return (
        <Alert kind="warn" title={t('next.offers')}>
          <p>{t('next.offersText', { date: due })}</p>
        </Alert>
      );
    case 'cooling_off':
      return (
        <Alert kind="warn" title={t('next.coolingOff')}>
          {c.coolingOffEndsAt && (
            <p>
              {t(c.type === 'homestead_exit' ? 'next.coolingOffText' : 'next.coolingOffTextCollective', {
                date: formatDateTime(c.coolingOffEndsAt, lang),
              })}
            </p>
          )}
        </Alert>
      );
    case 'rescinded':
      return (
        <Alert kind="info" title={t('next.rescinded')}>
          <p>{t('next.rescindedText')}</p>
        </Alert>
      );
    case 'agreement_signed':
    case 'fund_review':
      return (
        <Alert kind="info" title={t(c.type === 'homestead_exit' ? 'next.fund' : 'next.signedCollective')} />
      );
    case 'awaiting_funds':
      return <Alert kind="info" title={t('next.awaitingFunds')} />;
    // the land leg (wave 2): each step is someone else's, with its date; the household is told what
    // happens on its land and that it need not do anything but be there for the vacating
    case 'vacating':
    case 'disposing':
    case 'cancelling':
    case 'handing_over':
      return (
        <Alert kind="info" title={t(`next.land.${c.status}`)}>
          <p>{t(`next.land.${c.status}Text`, { date: due })}</p>
          <PaidLine c={c} />
        </Alert>
      );
    case 'paying':
      return <Paying c={c} due={due} />;
    case 'disbursed':
    case 'reserved':
    case 'closed': {
      const land = landStage(c);
      if (land === 'cancelled' || land === 'handedOver')
        return (
          <Alert kind="ok" title={t(`next.land.${land}`)}>
            <p>{t(`next.land.${land}Text`)}</p>
            <PaidLine c={c} />
          </Alert>
        );
      return (
        <Alert kind="ok" title={t('next.paid')}>
          <PaidLine c={c} />
        </Alert>
      );
    }
    case 'withdrawn':
      return <Alert kind="info" title={t('next.withdrawn')} />;
    case 'failed':
      return (
        <Alert kind="err" title={t('next.failed')}>
          <p>{t('next.failedText')}</p>
        </Alert>
      );
  }
}

/**
 * The collective pays (wave 2): the household answers a payment the village recorded; a dispute waits
 * for the town; otherwise the village is to pay the tranche due by the task's date.
 */
function Paying({ c, due }: { c: CaseView; due: string }) {
  const { t, i18n } = useTranslation();
  const answer = trancheToAnswer(c);
  const disputed = disputedTranches(c)[0];
  const next = trancheToRecord(c);
  if (answer)
    return (
      <Alert kind="warn" title={t('next.paying.answer', { n: answer.tranche })}>
        <p>{t('next.paying.answerText', { date: due })}</p>
      </Alert>
    );
  if (disputed)
    return (
      <Alert kind="info" title={t('next.paying.disputed', { n: disputed.tranche })}>
        {disputed.dispute && (
          <p>
            {t('receipt.disputedText', {
              date: formatDateTime(disputed.dispute.at, i18n.language),
              text: disputed.dispute.text,
            })}
          </p>
        )}
        <p>{t('next.paying.disputedText')}</p>
      </Alert>
    );
  return (
    <Alert kind="info" title={t('next.paying.collective', { n: next?.tranche ?? 1 })}>
      {next && (
        <p>
          {t('next.paying.collectiveText', { amount: moneyText(next.amountFen, i18n.language), date: due })}
        </p>
      )}
      <PaidLine c={c} />
    </Alert>
  );
}

/** The payment, once made: the land leg follows it, and the household keeps seeing what it received. */
function PaidLine({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const paid = paidSoFar(c);
  if (!paid) return null;
  const values = {
    amount: moneyText(paid.amountFen, i18n.language),
    date: formatDateTime(paid.lastPaidAt, i18n.language),
    paid: paid.paid,
    tranches: paid.tranches,
  };
  const key =
    paid.tranches <= 1
      ? 'next.paidText'
      : paid.paid < paid.tranches
        ? 'next.paidTranchesText'
        : 'next.paidAllText';
  return <p>{t(key, values)}</p>;
}
