import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../api/client';
import type { CaseDocument } from '../api/types';
import { formatBytes, pickNote } from '../lib/format';

/**
 * The evidence of a case. API.md has no download route yet; the viewer asks for
 * `GET /cases/{caseId}/documents/{documentId}` → `{url, contentType, expiresAt}` (a presigned GET) and,
 * while that answers 404, says so and shows what is known about the file.
 */
function Preview({ caseId, doc }: { caseId: string; doc: CaseDocument }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['document-url', caseId, doc.documentId],
    retry: false,
    staleTime: 60_000,
    queryFn: async () => {
      try {
        return await apiFetch<{ url: string; contentType?: string }>(
          `/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(doc.documentId)}`,
        );
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
        throw error;
      }
    },
  });
  if (q.isPending) return <div className="doc-viewer">{t('common.loading')}</div>;
  if (!q.data)
    return (
      <div className="doc-viewer">
        <p>{t('viewer.unavailable')}</p>
      </div>
    );
  const type = q.data.contentType ?? doc.contentType;
  return (
    <div className="doc-viewer">
      {type.startsWith('image/') ? (
        <img src={q.data.url} alt={t(`docKind.${doc.kind}`)} />
      ) : (
        <iframe src={q.data.url} title={t(`docKind.${doc.kind}`)} width="100%" height="480" />
      )}
    </div>
  );
}

export function DocumentViewer({ caseId, documents }: { caseId: string; documents: CaseDocument[] }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string>();
  if (documents.length === 0) return <p className="meta">{t('case.noDocuments')}</p>;
  const current = documents.find((d) => d.documentId === open);
  return (
    <div>
      <div className="table-wrap">
        <table className="table--stack">
          <caption className="visually-hidden">{t('case.documents')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('viewer.kind')}</th>
              <th scope="col">{t('viewer.file')}</th>
              <th scope="col">{t('viewer.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('viewer.view')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.documentId}>
                <td data-label={t('viewer.kind')}>{t(`docKind.${d.kind}`)}</td>
                <td data-label={t('viewer.file')}>
                  {d.contentType.replace('application/', '').replace('image/', '').toUpperCase()} ·{' '}
                  {formatBytes(d.sizeBytes)}
                </td>
                <td data-label={t('viewer.status')}>
                  {t(`docStatus.${d.status}`)}
                  {d.reason && <div className="meta">{pickNote(d.reason, i18n.language)}</div>}
                </td>
                <td>
                  <button
                    type="button"
                    className="linklike"
                    aria-expanded={open === d.documentId}
                    onClick={() => setOpen(open === d.documentId ? undefined : d.documentId)}
                  >
                    {open === d.documentId ? t('viewer.close') : t('viewer.view')}
                    <span className="visually-hidden"> {t(`docKind.${d.kind}`)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && (
        <div style={{ marginTop: 12 }}>
          <Preview caseId={caseId} doc={current} />
        </div>
      )}
    </div>
  );
}
