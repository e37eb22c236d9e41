import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadButtons } from './DownloadButtons';
import { Field } from './ui';

/** The Zibo year (UTC+8): the report's quarters are Zibo quarters. */
const ziboYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

/**
 * The quarterly monitoring report as a file (GET /reports/quarterly?format=xlsx|csv) of a year and a
 * quarter the reader chooses: the fund dashboard and the auditor's page show it.
 */
export function ReportDownloads({ district }: { district: string | undefined }) {
  const { t } = useTranslation();
  const titleId = useId();
  const thisYear = ziboYear();
  const [year, setYear] = useState(thisYear);
  const [quarter, setQuarter] = useState(1);
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('export.reportTitle')}</h2>
      <p className="meta">{t('export.reportLead')}</p>
      <div className="filters">
        <Field label={t('export.year')}>
          {({ id }) => (
            <select id={id} value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('export.quarter')}>
          {({ id }) => (
            <select id={id} value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {t('dash.quarter', { q })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <DownloadButtons
        path="/reports/quarterly"
        query={{ year, quarter, district }}
        name={`report-${district ?? ''}-${year}Q${quarter}`}
      />
    </section>
  );
}

/**
 * The fund ledger as a file (GET /fund/ledger/export?format=xlsx|csv&from=&to=), every entry between
 * two Zibo dates (both inclusive, either optional): the ledger page and the auditor's page show it.
 */
export function LedgerDownloads({ district }: { district: string | undefined }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('export.ledgerTitle')}</h2>
      <p className="meta">{t('export.ledgerLead')}</p>
      <div className="filters">
        <Field label={t('export.from')}>
          {({ id }) => <input id={id} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Field label={t('export.to')}>
          {({ id }) => <input id={id} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </div>
      <DownloadButtons
        path="/fund/ledger/export"
        query={{ from, to }}
        name={`ledger-${district ?? 'fund'}`}
      />
    </section>
  );
}
