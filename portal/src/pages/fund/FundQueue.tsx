import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api/contract';
import { useCaseList } from '../../api/hooks';
import { type DeskColumn, DeskTable } from '../../components/DeskTable';
import { Empty, Loading, LoadMore, PageHeader, QueryError } from '../../components/ui';
import { formatFen } from '../../lib/format';

/**
 * Advances waiting for an administrator (four-eyes state shown) and advances waiting for money, in the
 * desks' table (components/DeskTable.tsx) with the advance's amount and approvals as the fund's own
 * columns.
 */
export function FundQueue() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [tab, setTab] = useState<'fund_review' | 'awaiting_funds'>('fund_review');
  const list = useCaseList(tab, 50);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: DeskColumn[] = [
    {
      key: 'amount',
      label: t('fq.amount'),
      className: 'num',
      cell: (c: CaseSummary) => (c.advance ? formatFen(c.advance.amountFen, lang) : '—'),
    },
    {
      key: 'fourEyes',
      label: t('fq.fourEyes'),
      cell: (c: CaseSummary) => {
        const a = c.advance;
        if (!a) return '—';
        return a.requiredApprovals > 1
          ? t('fq.fourEyesState', { n: a.approvals, required: a.requiredApprovals })
          : t('fq.single');
      },
    },
  ];
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
        <DeskTable
          items={items}
          caption={t(`fq.tab.${tab}`)}
          linkTo={(c) => `/fund/cases/${encodeURIComponent(c.caseId)}`}
          now={Date.now()}
          extraColumns={columns}
        />
      )}
      <LoadMore list={list} />
    </>
  );
}
