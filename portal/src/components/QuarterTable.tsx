import { useTranslation } from 'react-i18next';
import type { QuarterlyReportView } from '../api/contract';

/** One row of a per-quarter table: its label and what it shows for a quarter's report. */
export interface QuarterRow {
  key: string;
  label: string;
  value: (r: QuarterlyReportView) => string;
}

/**
 * The table of a figure per quarter of the year, one row per figure, from the year's quarterly reports.
 * A quarter whose report could not be read shows —. On a phone each row stacks with its quarter named
 * (`table--stack`). `figureHeader` heads the first column.
 */
export function QuarterGrid({
  caption,
  figureHeader,
  rows,
  quarters,
}: {
  caption: string;
  figureHeader: string;
  rows: QuarterRow[];
  quarters: (QuarterlyReportView | undefined)[];
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table--stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{figureHeader}</th>
            {[1, 2, 3, 4].map((q) => (
              <th scope="col" className="num" key={q}>
                {t('dash.quarter', { q })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {[0, 1, 2, 3].map((i) => {
                const r = quarters[i];
                return (
                  <td className="num" key={i} data-label={t('dash.quarter', { q: i + 1 })}>
                    {r ? row.value(r) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A card of a figure per quarter (the fund dashboard's land-leg and collective-payment tables). */
export function QuarterTable({
  id,
  title,
  rows,
  quarters,
  note,
}: {
  id: string;
  title: string;
  rows: QuarterRow[];
  quarters: (QuarterlyReportView | undefined)[];
  note: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <QuarterGrid caption={title} figureHeader={t('dash.landLeg.figure')} rows={rows} quarters={quarters} />
      <p className="meta">{note}</p>
    </section>
  );
}
