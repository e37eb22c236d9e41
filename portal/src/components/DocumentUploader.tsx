import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch, newIdempotencyKey } from '../api/client';
import type { CaseDocument, DocumentKind, UploadTicket } from '../api/contract';
import { keys } from '../api/hooks';
import { formatBytes } from '../lib/format';
import { CameraIcon, FileIcon } from './icons';

const MAX_BYTES = 10 * 1024 * 1024;
const ALLOWED = ['application/pdf', 'image/jpeg', 'image/png'];
/** Phone photos are large; anything over this is re-encoded so it uploads on a weak signal. */
const RESIZE_ABOVE = 3 * 1024 * 1024;

type UploadState =
  | { phase: 'preparing' }
  | { phase: 'uploading'; percent: number; attempt: number }
  | { phase: 'retrying'; attempt: number }
  | { phase: 'failed'; message: string }
  | { phase: 'uploaded' };

interface LocalUpload {
  localId: string;
  kind: DocumentKind;
  name: string;
  size: number;
  file: File | Blob;
  contentType: string;
  documentId?: string;
  ticket?: UploadTicket;
  state: UploadState;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Re-encodes an image the API would refuse (HEIC, WebP, over 10 MB) or that is needlessly large as a
 * JPEG of at most 2400 px: the household photographs a certificate and never has to think about formats.
 */
async function prepare(
  file: File,
): Promise<{ blob: Blob; contentType: string } | { error: 'type' | 'size' }> {
  const type = file.type || (file.name.toLowerCase().endsWith('.pdf') ? 'application/pdf' : '');
  if (type === 'application/pdf')
    return file.size <= MAX_BYTES ? { blob: file, contentType: type } : { error: 'size' };
  if (ALLOWED.includes(type) && file.size <= RESIZE_ABOVE) return { blob: file, contentType: type };
  if (!type.startsWith('image/')) return { error: 'type' };
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 2400 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.85, 0.7, 0.5]) {
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
      if (blob && blob.size <= MAX_BYTES) return { blob, contentType: 'image/jpeg' };
    }
    return { error: 'size' };
  } catch {
    return ALLOWED.includes(type) && file.size <= MAX_BYTES
      ? { blob: file, contentType: type }
      : { error: 'type' };
  }
}

/** PUT with progress (fetch cannot report upload progress); resolves with the HTTP status. */
function put(ticket: UploadTicket, body: Blob, onProgress: (percent: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', ticket.uploadUrl);
    for (const [k, v] of Object.entries(ticket.headers)) {
      // the browser sets content-length (and host) itself and refuses to be told
      if (k.toLowerCase() === 'content-length' || k.toLowerCase() === 'host') continue;
      xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => reject(new Error('network'));
    xhr.ontimeout = () => reject(new Error('timeout'));
    xhr.timeout = 120_000;
    xhr.send(body);
  });
}

export function useUploads(caseId: string | undefined) {
  const qc = useQueryClient();
  const [uploads, setUploads] = useState<LocalUpload[]>([]);
  const ref = useRef(uploads);
  ref.current = uploads;

  const patch = useCallback((localId: string, change: Partial<LocalUpload>) => {
    setUploads((list) => list.map((u) => (u.localId === localId ? { ...u, ...change } : u)));
  }, []);

  const run = useCallback(
    async (u: LocalUpload) => {
      if (!caseId) return;
      let ticket = u.ticket;
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        try {
          if (!ticket || Date.parse(ticket.expiresAt) < Date.now() + 30_000) {
            ticket = await apiFetch<UploadTicket>(`/cases/${encodeURIComponent(caseId)}/documents`, {
              body: { kind: u.kind, contentType: u.contentType, sizeBytes: u.file.size },
              idempotencyKey: newIdempotencyKey(),
            });
            patch(u.localId, { ticket, documentId: ticket.documentId });
          }
          patch(u.localId, { state: { phase: 'uploading', percent: 0, attempt } });
          const status = await put(ticket, u.file, (percent) =>
            patch(u.localId, { state: { phase: 'uploading', percent, attempt } }),
          );
          // 412: an earlier attempt did arrive (the URL is write-once)
          if ((status >= 200 && status < 300) || status === 412) {
            patch(u.localId, { state: { phase: 'uploaded' } });
            await qc.invalidateQueries({ queryKey: keys.case(caseId) });
            return;
          }
          if (status === 403) ticket = undefined;
          throw new Error(`HTTP ${status}`);
        } catch (error) {
          if (error instanceof ApiError && error.status < 500) {
            patch(u.localId, { state: { phase: 'failed', message: 'upload.refused' } });
            return;
          }
          if (attempt === 3) {
            patch(u.localId, { state: { phase: 'failed', message: 'upload.failed' } });
            return;
          }
          patch(u.localId, { state: { phase: 'retrying', attempt: attempt + 1 } });
          await sleep(1000 * 2 ** (attempt - 1));
        }
      }
    },
    [caseId, patch, qc],
  );

  const add = useCallback(
    async (kind: DocumentKind, files: FileList | File[]): Promise<string | undefined> => {
      let problem: string | undefined;
      for (const file of Array.from(files)) {
        const localId = newIdempotencyKey();
        const draft: LocalUpload = {
          localId,
          kind,
          name: file.name,
          size: file.size,
          file,
          contentType: file.type,
          state: { phase: 'preparing' },
        };
        const prepared = await prepare(file);
        if ('error' in prepared) {
          problem = prepared.error === 'type' ? 'upload.wrongType' : 'upload.tooLarge';
          continue;
        }
        const u = {
          ...draft,
          file: prepared.blob,
          contentType: prepared.contentType,
          size: prepared.blob.size,
        };
        setUploads((list) => [...list, u]);
        void run(u);
      }
      return problem;
    },
    [run],
  );

  const retry = useCallback(
    (localId: string) => {
      const u = ref.current.find((x) => x.localId === localId);
      if (u) void run(u);
    },
    [run],
  );

  return { uploads, add, retry };
}

/** One kind of evidence: what it is, the camera and file buttons, and every file with its progress. */
export function UploadKind({
  kind,
  documents,
  uploads,
  onAdd,
  onRetry,
  recommended,
}: {
  kind: DocumentKind;
  documents: CaseDocument[];
  uploads: LocalUpload[];
  onAdd: (kind: DocumentKind, files: FileList) => Promise<string | undefined>;
  onRetry: (localId: string) => void;
  recommended?: boolean;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const mine = uploads.filter((u) => u.kind === kind);
  const serverOnly = documents.filter(
    (d) => d.kind === kind && !mine.some((u) => u.documentId === d.documentId),
  );
  const byId = new Map(documents.map((d) => [d.documentId, d]));
  const id = `upload-${kind}`;
  const handle = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(await onAdd(kind, files));
  };
  return (
    <div className={`upload-row${error ? ' field--error' : ''}`} id={id} tabIndex={-1}>
      <div className="upload-row__head">
        <h3 style={{ margin: 0 }} id={`${id}-title`}>
          {t(`docKind.${kind}`)}
          {recommended && <span className="tag">{t('upload.recommended')}</span>}
        </h3>
      </div>
      <p className="hint" id={`${id}-hint`}>
        {t(`docHint.${kind}`)}
      </p>
      {error && (
        <span className="error-text" id={`${id}-error`} role="alert">
          {t(error)}
        </span>
      )}
      <div className="file-buttons">
        <label className="btn btn--secondary file-label">
          <CameraIcon /> {t('upload.camera')}
          <span className="visually-hidden">：{t(`docKind.${kind}`)}</span>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onChange={(e) => {
              void handle(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <label className="btn btn--secondary file-label">
          <FileIcon /> {t('upload.choose')}
          <span className="visually-hidden">：{t(`docKind.${kind}`)}</span>
          <input
            type="file"
            accept="application/pdf,image/jpeg,image/png,image/*"
            multiple
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            data-kind={kind}
            onChange={(e) => {
              void handle(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {(mine.length > 0 || serverOnly.length > 0) && (
        <ul className="list" style={{ marginTop: 10 }} aria-live="polite">
          {mine.map((u) => (
            <UploadLine
              key={u.localId}
              name={u.name}
              size={u.size}
              state={u.state}
              server={u.documentId ? byId.get(u.documentId) : undefined}
              onRetry={() => onRetry(u.localId)}
            />
          ))}
          {serverOnly.map((d) => (
            <UploadLine key={d.documentId} name={t(`docKind.${d.kind}`)} size={d.sizeBytes} server={d} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadLine({
  name,
  size,
  state,
  server,
  onRetry,
}: {
  name: string;
  size: number;
  state?: UploadState;
  server?: CaseDocument | undefined;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  let text: string;
  let tone = 'progress';
  if (state?.phase === 'preparing') text = t('upload.preparing');
  else if (state?.phase === 'uploading') text = t('upload.uploading', { percent: state.percent });
  else if (state?.phase === 'retrying') text = t('upload.retrying', { attempt: state.attempt });
  else if (state?.phase === 'failed') {
    text = t(state.message);
    tone = 'stop';
  } else if (server?.status === 'accepted') {
    text = t('upload.accepted');
    tone = 'ok';
  } else if (server?.status === 'rejected') {
    text = t('upload.rejected', { reason: server.reason ?? '' });
    tone = 'stop';
  } else text = t('upload.verifying');
  return (
    <li style={{ padding: '6px 0', borderTop: '1px solid #e3e7ed' }}>
      <div className="upload-row__head">
        <span style={{ wordBreak: 'break-all' }}>
          {name} <span className="meta">· {formatBytes(size)}</span>
        </span>
        <span className={`status status--${tone}`}>{text}</span>
      </div>
      {state?.phase === 'uploading' && (
        <progress max={100} value={state.percent} aria-label={t('upload.progressOf', { name })} />
      )}
      {state?.phase === 'failed' && onRetry && (
        <button type="button" className="btn btn--secondary" onClick={onRetry} style={{ marginTop: 8 }}>
          {t('upload.retry')}
        </button>
      )}
    </li>
  );
}

export type { LocalUpload };
