import type { AgreementContent, AgreementContentInput } from './agreement/agreementContent.js';
import { agreementContent } from './agreement/agreementContent.js';
import { contentSha256 } from './agreement/agreementHash.js';
import { agreementDefinition } from './agreement/agreementLayout.js';
import { sha256Hex } from './pdf/publish.js';
import { renderPdf } from './pdf/render.js';

/**
 * Sets the exit agreement (退出协议) of a case as a PDF: its content (every figure the household signs,
 * ./agreement/agreementContent.ts), that content's SHA-256 printed on the verification line, and the
 * PDF's own SHA-256, which the case keeps when the household signs (docs/documents.md).
 */
export interface AgreementPdf {
  bytes: Buffer;
  /** hex SHA-256 of the PDF's bytes */
  sha256: string;
  /** hex SHA-256 of the content (canonical JSON), printed on the document */
  contentSha256: string;
  /** the content itself: stored beside a signed PDF, so that anyone can recompute contentSha256 */
  content: AgreementContent;
}

export const AGREEMENT_TITLES = {
  homestead_exit: '宅基地使用权退出协议',
  contract_land_exit: '土地承包经营权退出协议',
  equity_exit: '集体资产股权退出协议',
} as const;

export async function setAgreementPdf(input: AgreementContentInput, signed: boolean): Promise<AgreementPdf> {
  const content = agreementContent(input);
  const contentHash = contentSha256(content);
  const bytes = await renderPdf(agreementDefinition(content, { contentSha256: contentHash, signed }), {
    title: `${AGREEMENT_TITLES[input.case.type]}${signed ? '' : '（预览）'}`,
    subject: `案件 ${input.case.caseId}`,
    keywords: `${input.case.caseId} ${contentHash}`,
    author: 'homestead-exit',
    // the signature time (or the preview's): the same agreement always sets the same bytes
    createdAt: input.issuedAt,
  });
  return { bytes, sha256: sha256Hex(bytes), contentSha256: contentHash, content };
}

/** The signed PDF's key: the case's agreements folder, named by the PDF's hash. */
export const signedAgreementPrefix = (caseId: string) => `cases/${caseId}/agreements`;
export const signedAgreementKey = (caseId: string, sha256: string) =>
  `${signedAgreementPrefix(caseId)}/${sha256}.pdf`;
/** Previews live under previews/, which the bucket empties after a day (infra/constructs/data.ts). */
export const agreementPreviewPrefix = (caseId: string) => `previews/agreements/${caseId}`;
