import { contentSha256 } from '../contentHash.js';
import { renderPdf } from '../pdf/render.js';
import { agreementDefinition } from './agreementLayout.js';
import type { AgreementContent } from './agreementTypes.js';

export interface RenderedAgreement {
  pdf: Buffer;
  /** SHA-256 of the content's canonical JSON, printed on every page (not of the PDF's bytes) */
  contentSha256: string;
}

/**
 * The agreement's PDF from its content. The file's creation date is the content's `issuedAt` (the
 * signature time, or the preview's), so one content always gives the same bytes.
 */
export async function renderAgreementPdf(content: AgreementContent): Promise<RenderedAgreement> {
  const sha256 = contentSha256(content);
  const pdf = await renderPdf(
    agreementDefinition(content, { contentSha256: sha256, signed: content.signed }),
    {
      title: `${content.title}（${content.agreementNo}）`,
      subject: `案件编号 ${content.caseId}`,
      author: content.parties.at(-1)?.name ?? '',
      keywords: `content-sha256:${sha256}`,
      createdAt: content.issuedAt,
    },
  );
  return { pdf, contentSha256: sha256 };
}
