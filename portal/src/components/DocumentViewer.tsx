import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDocument, DocumentDownload } from '../../../shared/contract';
import { ApiError, apiFetch } from '../api/client';
import { formatBytes, formatDateTime, pickNote } from '../lib/format';
import { Alert, errorMessage, Loading } from './ui';

/** Fetch a new link this long before the old one stops working, so an open viewer never shows a dead one. */
const RENEW_BEFORE_MS = 30_000;

function msUntilRenewal(d: DocumentDownload | undefined): number {
  if (!d) return 0;
  return Math.max(1_000, Date.parse(d.expiresAt) - Date.now() - RENEW_BEFORE_MS);
}

/**
 * One document: `GET /cases/{caseId}/documents/{documentId}` answers a presigned GET that expires after
 * five minutes; the link is renewed before that, and again if the browser could not load it (a phone
 * that slept past the expiry). Pending and rejected files are refused with 409, whose detail says why.
 */
function Preview({ caseId, doc, id }: { caseId: string; doc: CaseDocument; id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // the link that failed to load, so a broken file is fetched again once, not in a loop
  const failed = useRef<string>(undefined);
  const q = useQuery({
    // the verdict is part of the key: a file that passes verification while the viewer is open is fetched
    queryKey: ['document-url', caseId, doc.documentId, doc.status],
    retry: false,
    staleTime: (query) => msUntilRenewal(query.state.data),
    refetchInterval: (query) => (query.state.data ? msUntilRenewal(query.state.data) : false),
    refetchOnWindowFocus: (query) => msUntilRenewal(query.state.data) <= 1_000,
    queryFn: () =>
      apiFetch<DocumentDownload>(
        `/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(doc.documentId)}`,
      ),
  });
  const name = t(`docKind.${doc.kind}`);

  let content: ReactNode;
  if (q.isPending) content = <Loading />;
  else if (q.isError) {
    const problem = q.error instanceof ApiError ? q.error.problem : undefined;
    const detail = q.error instanceof ApiError ? q.error.detailIn(lang) : undefined;
    const status = problem?.documentStatus ?? doc.status;
    const conflict = q.error instanceof ApiError && q.error.status === 409;
    content = (
      <Alert
        kind={conflict && status === 'pending' ? 'info' : 'err'}
        title={
          conflict
            ? t(status === 'rejected' ? 'viewer.rejectedTitle' : 'viewer.pendingTitle')
            : errorMessage(q.error, t)
        }
        live
      >
        {detail && <p>{detail}</p>}
        {conflict && status === 'rejected' && (problem?.reason ?? doc.reason) && (
          <p className="meta">
            {t('viewer.reason', { reason: pickNote(problem?.reason ?? doc.reason ?? '', lang) })}
          </p>
        )}
        {conflict && (
          <p className="meta">{t(status === 'rejected' ? 'viewer.rejectedHelp' : 'viewer.pendingHelp')}</p>
        )}
        {!(conflict && status === 'rejected') && (
          <button type="button" className="btn btn--secondary" onClick={() => void q.refetch()}>
            {t('common.retry')}
          </button>
        )}
      </Alert>
    );
  } else {
    const d = q.data;
    const type = d.contentType || doc.contentType;
    const onError = () => {
      if (failed.current === d.url) return;
      failed.current = d.url;
      void q.refetch();
    };
    // an image is shown in place; a PDF comes with Content-Disposition: attachment (issue 16), so the
    // browser saves it and the reader on the device opens it: it is never rendered in a frame here
    content = type.startsWith('image/') ? (
      <>
        <img src={d.url} alt={t('viewer.imageAlt', { kind: name, id: doc.documentId })} onError={onError} />
        <p className="meta">
          <a href={d.url} target="_blank" rel="noopener noreferrer">
            {t('viewer.openNew')}
            <span className="visually-hidden"> {name}</span>
          </a>{' '}
          · {t('viewer.expires', { date: formatDateTime(d.expiresAt, lang) })}
        </p>
      </>
    ) : (
      <>
        <p>
          <a className="btn btn--secondary" href={d.url} download={`${doc.kind}-${doc.documentId}.pdf`}>
            {t('viewer.pdfDownload', { kind: name, size: formatBytes(d.sizeBytes) })}
          </a>
        </p>
        <p className="meta">
          {t('viewer.pdfHint')} · {t('viewer.expires', { date: formatDateTime(d.expiresAt, lang) })}
        </p>
      </>
    );
  }
  return (
    <section className="doc-viewer" id={id} aria-label={t('viewer.previewOf', { kind: name })}>
      {content}
    </section>
  );
}

export function DocumentViewer({ caseId, documents }: { caseId: string; documents: CaseDocument[] }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string>();
  if (documents.length === 0) return <p className="meta">{t('case.noDocuments')}</p>;
  const current = documents.find((d) => d.documentId === open);
  const previewId = 'document-preview';
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
                    aria-controls={open === d.documentId ? previewId : undefined}
                    onClick={() => setOpen(open === d.documentId ? undefined : d.documentId)}
                  >
                    {open === d.documentId ? t('viewer.close') : t('viewer.view')}
                    <span className="visually-hidden">
                      {' '}
                      {t(`docKind.${d.kind}`)} {d.documentId}
                    </span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && <Preview key={current.documentId} caseId={caseId} doc={current} id={previewId} />}
    </div>
  );
}
