import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../api/contract';
import { useCaseList } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { CaseListItem, StatusFilter } from '../../components/caseList';
import { LedgerDownloads, ReportDownloads } from '../../components/ExportPanels';
import { Empty, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';

/** Every status a district case can be in: the auditor follows cases wherever they are, finished ones too. */
const STATUS_FILTERS: (CaseStatus | '')[] = [
  '',
  'eligibility',
  'ineligible',
  'rights_blocked',
  'village_review',
  'returned',
  'rejected',
  'public_notice',
  'offers',
  'fund_review',
  'awaiting_funds',
  'disbursed',
  'reserved',
  'closed',
  'withdrawn',
  'failed',
];

/**
 * The district's cases for the auditor (read only). Listed in the API's order, not re-sorted by deadline
 * as the village queue is: an auditor pages through the whole district, and re-sorting each loaded page
 * would move cases already read.
 */
export function AuditCases() {
  const { t } = useTranslation();
  const session = useSession();
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const list = useCaseList(status || undefined, 50);
  const now = Date.now();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={t('audit.title')} lead={t('audit.lead', { district: session?.district ?? '' })} />
      <section className="card" aria-labelledby="filters-title">
        <h2 id="filters-title" className="visually-hidden">
          {t('queue.filters')}
        </h2>
        <div className="filters">
          <StatusFilter value={status} onChange={setStatus} statuses={STATUS_FILTERS} />
        </div>
      </section>
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <p className="meta" aria-live="polite">
          {t(list.hasNextPage ? 'audit.countMore' : 'queue.count', { count: items.length })}
        </p>
      )}
      {list.isSuccess && items.length === 0 && <Empty>{t('queue.empty')}</Empty>}
      <ul className="list">
        {items.map((c) => (
          <li key={c.caseId}>
            <CaseListItem c={c} to={`/audit/cases/${encodeURIComponent(c.caseId)}`} now={now} />
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
      {/* the auditor's own copies of the district's figures, as on the fund pages */}
      <div className="grid-2">
        <ReportDownloads district={session?.district} />
        <LedgerDownloads district={session?.district} />
      </div>
    </>
  );
}
