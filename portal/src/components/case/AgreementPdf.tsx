import { useTranslation } from 'react-i18next';
import { fetchAgreement } from '../../api/documents';
import { IssuedPdfButton } from '../IssuedPdfButton';

/**
 * The exit agreement as a PDF (退出协议, issue 15): before signing the preview of the chosen offer,
 * after it the signed document, with the SHA-256 the case keeps, so a printed copy can be checked.
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
  return (
    <div className="agreement-pdf">
      <IssuedPdfButton fetchDoc={() => fetchAgreement(caseId, option)} label={label}>
        {(doc) =>
          doc.signed ? (
            <>
              {t('agreementPdf.fingerprint')}：<code className="hash">{doc.sha256}</code>
            </>
          ) : null
        }
      </IssuedPdfButton>
    </div>
  );
}
