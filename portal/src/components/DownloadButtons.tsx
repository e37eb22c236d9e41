import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOptions } from '../api/client';
import { downloadFile } from '../api/download';
import { ServerError } from './ui';

type Format = 'xlsx' | 'csv';

/**
 * "下载 Excel" and "下载 CSV" for one export of the API (`format=xlsx|csv`): the file is made by the
 * server (amounts in yuan, Beijing time, codes in words; docs/reports.md), fetched with the token.
 */
export function DownloadButtons({
  path,
  query,
  name,
}: {
  path: string;
  query: RequestOptions['query'];
  /** the file name when the answer names none, without extension */
  name: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<Format>();
  const [error, setError] = useState<unknown>();
  const download = async (format: Format) => {
    setBusy(format);
    setError(undefined);
    try {
      await downloadFile(path, { ...query, format }, `${name}.${format}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <div className="btn-row">
        {(['xlsx', 'csv'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="btn btn--secondary"
            onClick={() => void download(format)}
            disabled={busy !== undefined}
            aria-busy={busy === format}
          >
            {busy === format && <span className="spinner" aria-hidden="true" />}
            {t(format === 'xlsx' ? 'export.excel' : 'export.csv')}
          </button>
        ))}
      </div>
      <ServerError error={error} />
    </>
  );
}
