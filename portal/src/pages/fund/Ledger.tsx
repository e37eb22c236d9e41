import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLedgerPage } from '../../api/hooks';
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { LedgerDownloads } from '../../components/ExportPanels';
import { Loading, PageHeader, QueryError } from '../../components/ui';
import { formatDateTime, formatFen } from '../../lib/format';

const PAGE = 20;

export function Ledger() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useLedgerPage(cursor, PAGE);

  return (
    <>
      <PageHeader title={t('ledger.title')} lead={t('ledger.lead')} />
      <LedgerDownloads district={session?.district} />
      {page.isPending && <Loading />}
      {page.isError && <QueryError error={page.error} onRetry={() => void page.refetch()} />}
      {page.data && (
        <>
          <div className="table-wrap">
            <table className="table--stack">
              <caption>{t('ledger.pageCaption', { n: cursors.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ledger.at')}</th>
                  <th scope="col">{t('ledger.kind')}</th>
                  <th scope="col" className="num">
                    {t('ledger.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('ledger.balanceAfter')}
                  </th>
                  <th scope="col">{t('ledger.case')}</th>
                  <th scope="col">{t('ledger.reference')}</th>
                  <th scope="col">{t('ledger.actor')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((e) => (
                  <tr key={e.entryId}>
                    <td>{formatDateTime(e.at, lang)}</td>
                    <td>{t(`ledgerKind.${e.kind}`)}</td>
                    <td className="num">
                      {formatFen(e.kind === 'advance' ? -e.amountFen : e.amountFen, lang)}
                    </td>
                    <td className="num">
                      {e.balanceAfterFen !== undefined ? formatFen(e.balanceAfterFen, lang) : '—'}
                    </td>
                    <td>
                      {e.caseId ? (
                        <Link to={`/fund/cases/${encodeURIComponent(e.caseId)}`}>{e.caseId}</Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-label={t('ledger.reference')}>{e.reference ?? '—'}</td>
                    <td data-label={t('ledger.actor')}>{e.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('ledger.paging')}>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={cursors.length <= 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              {t('ledger.prev')}
            </button>
            <span>{t('ledger.page', { n: cursors.length })}</span>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={!page.data.nextCursor}
              onClick={() => setCursors((c) => [...c, page.data.nextCursor ?? undefined])}
            >
              {t('ledger.next')}
            </button>
          </nav>
        </>
      )}
    </>
  );
}
