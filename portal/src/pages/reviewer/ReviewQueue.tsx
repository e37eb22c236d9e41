import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, CaseType } from '../../api/contract';
import { useCaseList } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { byDueDate, CaseListItem, StatusFilter } from '../../components/caseList';
import { Empty, Field, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';

const STATUS_FILTERS: (CaseStatus | '')[] = [
  'village_review',
  'returned',
  'public_notice',
  'offers',
  'rejected',
  'ineligible',
  'closed',
  '',
];

/** The village's cases, the ones waiting for the collective first, the most urgent on top. */
export function ReviewQueue() {
  const { t } = useTranslation();
  const session = useSession();
  const [status, setStatus] = useState<CaseStatus | ''>('village_review');
  const [type, setType] = useState<CaseType | ''>('');
  const [text, setText] = useState('');
  const list = useCaseList(status || undefined, 50);
  const now = Date.now();
  const items = (list.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((c) => !type || c.type === type)
    .filter((c) => {
      const f = text.trim().toLowerCase();
      return !f || `${c.caseId} ${c.householdId}`.toLowerCase().includes(f);
    })
    .sort(byDueDate);

  return (
    <>
      <PageHeader title={t('queue.title')} lead={t('queue.lead', { village: session?.village ?? '' })} />
      <section className="card" aria-labelledby="filters-title">
        <h2 id="filters-title" className="visually-hidden">
          {t('queue.filters')}
        </h2>
        <div className="filters">
          <StatusFilter value={status} onChange={setStatus} statuses={STATUS_FILTERS} />
          <Field label={t('queue.type')}>
            {({ id }) => (
              <select id={id} value={type} onChange={(e) => setType(e.target.value as CaseType | '')}>
                <option value="">{t('queue.allTypes')}</option>
                <option value="homestead_exit">{t('caseType.homestead_exit')}</option>
                <option value="contract_land_exit">{t('caseType.contract_land_exit')}</option>
              </select>
            )}
          </Field>
          <Field label={t('queue.search')}>
            {({ id }) => (
              <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} />
            )}
          </Field>
        </div>
      </section>
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <p className="meta" aria-live="polite">
          {t('queue.count', { count: items.length })}
        </p>
      )}
      {list.isSuccess && items.length === 0 && <Empty>{t('queue.empty')}</Empty>}
      <ul className="list">
        {items.map((c) => (
          <li key={c.caseId}>
            <CaseListItem c={c} to={`/review/cases/${encodeURIComponent(c.caseId)}`} now={now} />
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
    </>
  );
}
