import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView, CollectivePaymentAnswer } from '../../../api/contract';
import { PaymentSchedule } from '../../../components/case/agreement';
import { Alert } from '../../../components/ui';
import { disputedTranches, trancheToAnswer, trancheToRecord } from '../../../lib/collectivePayment';
import { formatDateTime, formatFen } from '../../../lib/format';
import { PaymentForm } from './PaymentForm';

/**
 * The village desk of a case the collective pays (DOMAIN.md wave 2, "Who pays"): a dispute of the
 * household first (the town is told; the village should know), then the record form of the tranche
 * now due, or, once recorded, that the household is to confirm it; and the whole schedule with who
 * pays each tranche and where it is.
 */
export function PaymentDesk({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [done, setDone] = useState<CollectivePaymentAnswer>();
  const due = trancheToRecord(c);
  const waiting = trancheToAnswer(c);
  const payable = c.agreement?.payableFen ?? c.agreement?.amountFen;
  return (
    <>
      {disputedTranches(c).map((d) => (
        <Alert key={d.tranche} kind="warn" title={t('collective.disputeTitle', { n: d.tranche })}>
          {d.dispute && (
            <>
              <p>{d.dispute.text}</p>
              <p className="meta">
                {t('collective.disputeMeta', {
                  date: formatDateTime(d.dispute.at, lang),
                  ref: d.bankReference ?? '—',
                })}
              </p>
            </>
          )}
        </Alert>
      ))}
      {done && (
        <Alert kind="ok" title={t('collective.done', { n: done.tranche.tranche })} live>
          <p>{t('collective.doneText', { status: t(`status.${done.status}`) })}</p>
        </Alert>
      )}
      {!done && due && <PaymentForm c={c} tranche={due} onDone={setDone} />}
      {!done && !due && waiting && (
        <Alert kind="info" title={t('collective.waitingHousehold', { n: waiting.tranche })}>
          <p>
            {t('collective.recorded', {
              amount: formatFen(waiting.amountFen, lang),
              ref: waiting.bankReference ?? '—',
              date: formatDateTime(waiting.paidAt, lang),
            })}
          </p>
        </Alert>
      )}
      <section className="card" aria-labelledby="schedule-title">
        <h2 id="schedule-title">{t('collective.scheduleTitle')}</h2>
        {payable !== undefined && <p>{t('collective.payable', { amount: formatFen(payable, lang) })}</p>}
        <PaymentSchedule c={c} />
      </section>
    </>
  );
}
