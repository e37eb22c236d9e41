import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseList } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { byDueDate, matchesFilter, type QueueFilter, QueueFilters } from '../../components/caseList';
import { DeskTable } from '../../components/DeskTable';
import { Empty, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';
import type { ChainStep } from './review/stepDecision';
import { STEP_PAGES, stepCasePath } from './review/steps';

/**
 * The town's (镇审核) or the district's (区审批) queue: the cases waiting for this step in the reader's
 * town or district (`GET /cases?status=town_review|district_approval`, scoped by the API), the most
 * urgent first, as a table with the days left by the Zibo calendar and an overdue badge.
 */
export function StepQueue({ step }: { step: ChainStep }) {
  const { t } = useTranslation();
  const session = useSession();
  const pages = STEP_PAGES[step];
  const [filter, setFilter] = useState<QueueFilter>({ status: step, type: '', text: '' });
  const list = useCaseList(filter.status || undefined, 50);
  const now = Date.now();
  const items = (list.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((c) => matchesFilter(c, filter))
    .sort(byDueDate);
  const district = session?.district ?? '';
  const title = step === 'town_review' ? t('chain.townTitle') : t('chain.districtTitle');
  const lead =
    step === 'town_review'
      ? t('chain.townLead', { town: session?.town ?? '' })
      : t('chain.districtLead', { district: t(`district.${district}`, { defaultValue: district }) });

  return (
    <>
      <PageHeader title={title} lead={lead} />
      <QueueFilters value={filter} onChange={setFilter} statuses={pages.statuses} />
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <p className="meta" aria-live="polite">
          {t('queue.count', { count: items.length })}
        </p>
      )}
      {list.isSuccess && items.length === 0 && <Empty>{t('queue.empty')}</Empty>}
      {items.length > 0 && (
        <DeskTable items={items} caption={title} linkTo={(c) => stepCasePath(step, c.caseId)} now={now} />
      )}
      <LoadMore list={list} />
    </>
  );
}
