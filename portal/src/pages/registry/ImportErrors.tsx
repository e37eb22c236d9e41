import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistryImportError } from '../../../../shared/contract/registryImports';
import { wordsIn } from '../../api/client';
import { Field } from '../../components/ui';
import { importErrorsCsv, saveText } from '../../lib/importErrorsCsv';

/** A report of 10 000 households may hold thousands of findings: the table shows them a page at a time. */
export const PAGE = 200;

/** The codes the report names (shared/contract/registryImports.ts); any other is shown as it is. */
const KNOWN_CODES = ['INVALID_ROW', 'CERTIFICATE_HELD', 'LAND_HELD', 'ILLEGAL_TRANSITION'] as const;

/**
 * 错误报告: every finding of an import (row, column, what is wrong in the reader's language, the
 * household, and its kind as a short label), narrowed by kind, a page of rows at a time, and saved as a
 * CSV for correcting the file.
 */
export function ImportErrors({ errors, importId }: { errors: RegistryImportError[]; importId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [kind, setKind] = useState('');
  const [shown, setShown] = useState(PAGE);
  const kindOf = (code: string) =>
    t(`importPage.code.${code}`, { defaultValue: code.replace(/_/g, ' ').toLowerCase() });
  const messageOf = (e: RegistryImportError) => wordsIn({ en: e.messageEn, zh: e.messageZh }, lang);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const e of errors) m.set(e.code, (m.get(e.code) ?? 0) + 1);
    return m;
  }, [errors]);
  const codes = [
    ...KNOWN_CODES.filter((c) => counts.has(c)),
    ...[...counts.keys()].filter((c) => !(KNOWN_CODES as readonly string[]).includes(c)),
  ];
  const matching = kind ? errors.filter((e) => e.code === kind) : errors;
  const page = matching.slice(0, shown);
  const cols = {
    row: t('importPage.col.row'),
    column: t('importPage.col.column'),
    kind: t('importPage.col.kind'),
    household: t('importPage.col.household'),
    message: t('importPage.col.message'),
  };
  const download = () =>
    saveText(
      importErrorsCsv(matching, { ...cols, kindOf, messageOf }),
      `${t('importPage.reportFile')}-${importId}.csv`,
    );
  return (
    <section className="card" aria-labelledby="import-errors-title">
      <h2 id="import-errors-title">{t('importPage.errorsTitle')}</h2>
      <p className="meta">{t('importPage.errorsLead', { count: errors.length })}</p>
      <div className="filters">
        <Field label={t('importPage.kindFilter')}>
          {({ id }) => (
            <select
              id={id}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                setShown(PAGE);
              }}
            >
              <option value="">{t('importPage.allKinds', { count: errors.length })}</option>
              {codes.map((c) => (
                <option key={c} value={c}>
                  {kindOf(c)}（{counts.get(c)}）
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="button" className="btn btn--secondary" onClick={download}>
            {t('importPage.downloadReport')}
          </button>
        </div>
      </div>
      <div className="table-wrap" style={{ marginTop: 12 }}>
        <table className="table--stack import-errors">
          <caption>{t('importPage.errorsShown', { shown: page.length, count: matching.length })}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {cols.row}
              </th>
              <th scope="col">{cols.column}</th>
              <th scope="col">{cols.kind}</th>
              <th scope="col">{cols.household}</th>
              <th scope="col">{cols.message}</th>
            </tr>
          </thead>
          <tbody>
            {page.map((e) => (
              <tr key={`${e.row}-${e.column}-${e.code}-${e.messageEn}`} data-row={e.row} data-code={e.code}>
                <td className="num" data-label={cols.row}>
                  {e.row}
                </td>
                <td data-label={cols.column}>{e.column}</td>
                <td data-label={cols.kind}>
                  <span className={`status status--${e.code === 'INVALID_ROW' ? 'stop' : 'action'}`}>
                    {kindOf(e.code)}
                  </span>
                </td>
                <td data-label={cols.household}>{e.householdId ?? '—'}</td>
                <td data-label={cols.message}>{messageOf(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matching.length > shown && (
        <div className="pager">
          <button type="button" className="btn btn--secondary" onClick={() => setShown((n) => n + PAGE)}>
            {t('importPage.showMore', { count: Math.min(PAGE, matching.length - shown) })}
          </button>
        </div>
      )}
    </section>
  );
}
