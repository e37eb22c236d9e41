import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../api/contract';
import { useCaseList } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { byDueDate, matchesFilter, type QueueFilter, QueueFilters } from '../../components/caseList';
import { DeskTable } from '../../components/DeskTable';
import { Empty, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';
import { NoticeListCard } from './NoticeListCard';
import { PaymentsDue } from './payment/PaymentsDue';

const STATUS_FILTERS: (CaseStatus | '')[] = [
  'village_review',
  'returned',
  'public_notice',
  'town_review',
  'district_approval',
  'offers',
  'paying',
  'rejected',
  'ineligible',
  'closed',
  '',
];

/**
 * The village's cases, the ones waiting for the collective first, the most urgent on top, in the desks'
 * table (claim, days left, overdue: components/DeskTable.tsx); above them the
 * collective's payments to record or awaiting the household's confirmation (wave 2), and the button that
 * prints the village's public notice list (issue 15).
 */
export function ReviewQueue() {
  const { t } = useTranslation();
  const session = useSession();
  const [filter, setFilter] = useState<QueueFilter>({ status: 'village_review', type: '', text: '' });
  const list = useCaseList(filter.status || undefined, 50);
  const now = Date.now();
  const items = (list.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((c) => matchesFilter(c, filter))
    .sort(byDueDate);

  return (
    <>
      <PageHeader title={t('queue.title')} lead={t('queue.lead', { village: session?.village ?? '' })} />
      {filter.status !== 'paying' && <PaymentsDue now={now} />}
      {session?.village && <NoticeListCard village={session.village} />}
      <QueueFilters value={filter} onChange={setFilter} statuses={STATUS_FILTERS} />
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <p className="meta" aria-live="polite">
          {t('queue.count', { count: items.length })}
        </p>
      )}
      {list.isSuccess && items.length === 0 && <Empty>{t('queue.empty')}</Empty>}
      {items.length > 0 && (
        <DeskTable
          items={items}
          caption={t('queue.title')}
          linkTo={(c) => `/review/cases/${encodeURIComponent(c.caseId)}`}
          now={now}
        />
      )}
      <LoadMore list={list} />
    </>
  );
}
