import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api/contract';
import { useCaseList } from '../../api/hooks';
import { Link } from '../../app/router';
import { Alert, Empty, Loading, LoadMore, PageHeader, QueryError, StatusBadge } from '../../components/ui';
import { formatDate, formatDeadline } from '../../lib/format';

/** What the household must do next, said on the list so nobody has to open a case to find out. */
function nextStepKey(c: CaseSummary): string | undefined {
  switch (c.status) {
    case 'draft':
      return 'home.next.draft';
    case 'returned':
      return 'home.next.returned';
    case 'offers':
      return 'home.next.offers';
    case 'paying':
      // the collective recorded a payment: the household confirms it arrived, or says it did not
      return c.pendingTask?.role === 'applicant' ? 'home.next.receipt' : undefined;
    case 'ineligible':
    case 'rights_blocked':
    case 'rejected':
      return 'home.next.appeal';
    default:
      return undefined;
  }
}

export function ApplicantHome() {
  const { t, i18n } = useTranslation();
  const list = useCaseList();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const sorted = [...items].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  return (
    <>
      <PageHeader
        title={t('home.title')}
        lead={t('home.lead')}
        actions={
          <Link to="/apply?step=type" className="btn btn--primary">
            {t('home.newApplication')}
          </Link>
        }
      />
      <Alert kind="info">
        <p>{t('home.voluntary')}</p>
      </Alert>
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && sorted.length === 0 && (
        <Empty>
          <p>{t('home.empty')}</p>
          <Link to="/apply?step=type" className="btn btn--primary">
            {t('home.newApplication')}
          </Link>
        </Empty>
      )}
      <ul className="list">
        {sorted.map((c) => {
          const next = nextStepKey(c);
          const to =
            c.status === 'draft'
              ? `/apply?step=documents&caseId=${encodeURIComponent(c.caseId)}`
              : `/cases/${encodeURIComponent(c.caseId)}`;
          return (
            <li key={c.caseId}>
              <Link to={to} className="list-item">
                <span className="list-item__top">
                  <span className="list-item__title">{c.type ? t(`caseType.${c.type}`) : c.caseId}</span>
                  <StatusBadge status={c.status} />
                </span>
                <span className="meta">
                  {t('case.number', { id: c.caseNumber ?? c.caseId })} ·{' '}
                  {t('home.created', { date: formatDate(c.createdAt, i18n.language) })}
                </span>
                {next && (
                  <span style={{ display: 'block', marginTop: 6 }}>
                    <strong>{t(next)}</strong>
                    {c.pendingTask &&
                      ` · ${t('home.dueBy', { date: formatDeadline(c.pendingTask.dueAt, i18n.language) })}`}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
      <LoadMore list={list} />
    </>
  );
}
