import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../api/contract';
import { useCaseList } from '../../../api/hooks';
import { byDueDate, CaseListItem } from '../../../components/caseList';
import { LoadMore, QueryError } from '../../../components/ui';
import { payingWaitsOn } from '../../../lib/collectivePayment';

/** The village's own move first (a payment to record), then those waiting for the household, by due date. */
function byWhoActs(a: CaseSummary, b: CaseSummary): number {
  const rank = (c: CaseSummary) => (payingWaitsOn(c) === 'applicant' ? 1 : 0);
  return rank(a) - rank(b) || byDueDate(a, b);
}

/**
 * The village's cases in `paying` (GET /cases?status=paying): contract-land and equity compensation the
 * collective pays (DOMAIN.md wave 2, "Who pays"), each saying whether the village is to record the
 * payment or the household to confirm it. Shown only when there is one (or the list failed).
 */
export function PaymentsDue({ now }: { now: number }) {
  const { t } = useTranslation();
  const list = useCaseList('paying', 50);
  const items = [...(list.data?.pages.flatMap((p) => p.items) ?? [])].sort(byWhoActs);
  // nothing to pay, nothing said: the status filter still lists 集体支付中 on demand
  if (!list.isError && items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="payments-title">
      <h2 id="payments-title">{t('collective.queueTitle')}</h2>
      <p className="meta">{t('collective.queueLead')}</p>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {items.length > 0 && (
        <ul className="list">
          {items.map((c) => {
            const who = payingWaitsOn(c);
            return (
              <li key={c.caseId}>
                <CaseListItem
                  c={c}
                  to={`/review/cases/${encodeURIComponent(c.caseId)}`}
                  now={now}
                  note={
                    <>
                      <strong>{t(`task.${c.pendingTask?.kind ?? 'collective_payment'}`)}</strong>
                      {who ? ` · ${t(`collective.waitsOn.${who}`)}` : ''}
                    </>
                  }
                />
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}
