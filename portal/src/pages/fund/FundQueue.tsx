import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseList } from '../../api/hooks';
import { Link } from '../../app/router';
import { Empty, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';
import { formatDateTime, formatFen } from '../../lib/format';

/** Advances waiting for an administrator (four-eyes state shown) and advances waiting for money. */
export function FundQueue() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [tab, setTab] = useState<'fund_review' | 'awaiting_funds'>('fund_review');
  const list = useCaseList(tab, 50);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={t('fq.title')} lead={t('fq.lead')} />
      <fieldset>
        <legend className="visually-hidden">{t('fq.show')}</legend>
        <div className="role-tabs">
          {(['fund_review', 'awaiting_funds'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className="role-tab"
              aria-pressed={tab === s}
              onClick={() => setTab(s)}
            >
              {t(`fq.tab.${s}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && items.length === 0 && (
        <Empty>{t(tab === 'fund_review' ? 'fq.empty' : 'fq.emptyQueued')}</Empty>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table--stack">
            <caption className="visually-hidden">{t(`fq.tab.${tab}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fq.case')}</th>
                <th scope="col" className="num">
                  {t('fq.amount')}
                </th>
                <th scope="col">{t('fq.fourEyes')}</th>
                <th scope="col">{t('fq.due')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const a = c.advance;
                const overdue = c.pendingTask && Date.parse(c.pendingTask.dueAt) < Date.now();
                return (
                  <tr key={c.caseId}>
                    <td data-label={t('fq.case')}>
                      <Link to={`/fund/cases/${encodeURIComponent(c.caseId)}`}>{c.householdId}</Link>
                      <div className="meta">{c.caseId}</div>
                    </td>
                    <td data-label={t('fq.amount')} className="num">
                      {a ? formatFen(a.amountFen, lang) : '—'}
                    </td>
                    <td data-label={t('fq.fourEyes')}>
                      {a
                        ? a.requiredApprovals > 1
                          ? t('fq.fourEyesState', { n: a.approvals, required: a.requiredApprovals })
                          : t('fq.single')
                        : '—'}
                    </td>
                    <td data-label={t('fq.due')} className={overdue ? 'overdue' : undefined}>
                      {c.pendingTask ? formatDateTime(c.pendingTask.dueAt, lang) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
    </>
  );
}
