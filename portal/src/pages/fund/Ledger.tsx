import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../api/client';
import type { LedgerEntryView, LedgerPage } from '../../api/contract';
import { useLedgerPage } from '../../api/hooks';
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { Loading, PageHeader, QueryError, ServerError } from '../../components/ui';
import { formatDateTime, formatFen } from '../../lib/format';

const PAGE = 20;

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Amounts in yuan with exactly two decimals, computed from fen as text (no float rounding in Excel). */
function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function ledgerCsv(entries: LedgerEntryView[], header: string[]): string {
  const rows = entries.map((e) =>
    [
      e.seq ?? '',
      e.entryId,
      e.at,
      e.kind,
      yuanText(e.amountFen),
      e.amountFen,
      e.balanceAfterFen ?? '',
      e.caseId ?? '',
      e.reference ?? '',
      e.actor,
    ]
      .map((v) => csvCell(v))
      .join(','),
  );
  // BOM: Excel on a Chinese Windows opens UTF-8 CSV correctly only with it
  return `\uFEFF${[header.map(csvCell).join(','), ...rows].join('\r\n')}\r\n`;
}

export function Ledger() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useLedgerPage(cursor, PAGE);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      const all: LedgerEntryView[] = [];
      let next: string | undefined;
      do {
        const p: LedgerPage = await apiFetch('/fund/ledger', { query: { cursor: next, limit: 100 } });
        all.push(...p.items);
        next = p.nextCursor ?? undefined;
      } while (next);
      const header = [
        t('ledger.seq'),
        t('ledger.entryId'),
        t('ledger.at'),
        t('ledger.kind'),
        t('ledger.amountYuan'),
        'amountFen',
        'balanceAfterFen',
        t('ledger.case'),
        t('ledger.reference'),
        t('ledger.actor'),
      ];
      const blob = new Blob([ledgerCsv(all, header)], { type: 'text/csv;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `ledger-${session?.district ?? 'fund'}-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('ledger.title')}
        lead={t('ledger.lead')}
        actions={
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => void exportCsv()}
            disabled={exporting}
          >
            {exporting && <span className="spinner" aria-hidden="true" />}
            {t('ledger.export')}
          </button>
        }
      />
      <ServerError error={exportError} />
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
