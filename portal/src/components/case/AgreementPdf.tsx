import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementDocument } from '../../../../shared/contract';
import { apiFetch } from '../../api/client';
import { Alert, errorMessage } from '../ui';

/**
 * The exit agreement as a PDF (退出协议, issue 15): before signing the preview of the chosen offer,
 * after it the signed document with its SHA-256. `GET /cases/{caseId}/agreement` answers a 5-minute
 * link, so it is fetched on each click, never kept.
 *
 * The tab is opened on the click itself and pointed at the PDF once the link arrives: a window opened
 * after an `await` is no longer the user's gesture, and phones' browsers block it.
 */
export function AgreementPdfButton({
  caseId,
  option,
  label,
}: {
  caseId: string;
  /** before signing: the offer to preview */
  option?: string;
  label: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [doc, setDoc] = useState<AgreementDocument>();
  const [blocked, setBlocked] = useState(false);

  const open = async () => {
    setError(undefined);
    setBlocked(false);
    setBusy(true);
    const tab = window.open('about:blank', '_blank');
    try {
      const query = option ? `?option=${encodeURIComponent(option)}` : '';
      const d = await apiFetch<AgreementDocument>(`/cases/${encodeURIComponent(caseId)}/agreement${query}`);
      setDoc(d);
      if (tab) {
        tab.opener = null;
        tab.location.href = d.url;
      } else setBlocked(true);
    } catch (e) {
      tab?.close();
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="agreement-pdf">
      <button type="button" className="btn btn--secondary" onClick={() => void open()} disabled={busy}>
        {busy ? t('agreementPdf.opening') : label}
      </button>
      {blocked && doc && (
        <p>
          <a href={doc.url} target="_blank" rel="noopener noreferrer">
            {t('agreementPdf.blocked')}
          </a>
        </p>
      )}
      {doc?.signed && (
        <p className="meta">
          {t('agreementPdf.fingerprint')}：<code className="hash">{doc.sha256}</code>
        </p>
      )}
      {error !== undefined && <Alert kind="err">{errorMessage(error, t)}</Alert>}
    </div>
  );
}
