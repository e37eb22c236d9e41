import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, errorMessage } from './ui';

/**
 * A button that fetches an issued PDF's link (a receipt, the notice list) with the bearer token and
 * opens it in a new tab. The tab is opened on the click itself and pointed at the PDF once the link
 * arrives: a window opened after an `await` is no longer the user's gesture, and phones block it.
 */
export function IssuedPdfButton<T extends { url: string }>({
  fetchDoc,
  label,
  linkStyle = false,
  children,
}: {
  fetchDoc: () => Promise<T>;
  label: ReactNode;
  /** a link-like button inside a table cell rather than a secondary button */
  linkStyle?: boolean;
  /** what to say once the document has arrived (its size, how many cases) */
  children?: (doc: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [doc, setDoc] = useState<T>();
  const [blocked, setBlocked] = useState(false);

  const open = async () => {
    setError(undefined);
    setBlocked(false);
    setBusy(true);
    const tab = window.open('about:blank', '_blank');
    try {
      const d = await fetchDoc();
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
    <div className="issued-pdf">
      <button
        type="button"
        className={linkStyle ? 'linklike' : 'btn btn--secondary'}
        onClick={() => void open()}
        disabled={busy}
      >
        {busy ? t('issuedPdf.opening') : label}
      </button>
      {blocked && doc && (
        <a href={doc.url} target="_blank" rel="noopener noreferrer" style={{ display: 'block' }}>
          {t('issuedPdf.blocked')}
        </a>
      )}
      {doc && children && <p className="meta">{children(doc)}</p>}
      {error !== undefined && <Alert kind="err">{errorMessage(error, t)}</Alert>}
    </div>
  );
}
