import { parametersVersion } from '../adapters/table/policyRepository.js';
import { getHousehold, getVillage } from '../adapters/table/registryRepository.js';
import type { Case } from '../domain/model/case.js';
import type { Household } from '../domain/model/household.js';
import type { PolicyParameters } from '../domain/model/policy.js';
import type { Village } from '../domain/model/village.js';
import type { AgreementContent, AgreementContentInput } from './agreement/agreementContent.js';
import { agreementContent } from './agreement/agreementContent.js';
import { renderAgreementPdf } from './agreement/agreementPdf.js';
import { sha256Hex } from './pdf/publish.js';

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

/** What an agreement names besides the case: the household, its village, the parameters it was priced with. */
export interface AgreementContext {
  household: Household;
  village: Village;
  params: PolicyParameters;
}

/** Reads the agreement's context, once, for the signature and for a download alike. */
export async function loadAgreementContext(c: Case): Promise<AgreementContext> {
  const [household, village, params] = await Promise.all([
    getHousehold(c.householdId),
    getVillage(c.village),
    c.parametersVersion ? parametersVersion(c.districtCode, c.parametersVersion) : undefined,
  ]);
  if (!household || !village || !params) {
    throw new Error(`case ${c.caseId} lacks its household, village or parameters`);
  }
  return { household, village, params };
}

export async function setAgreementPdf(input: AgreementContentInput): Promise<AgreementPdf> {
  const content = agreementContent(input);
  const { pdf, contentSha256 } = await renderAgreementPdf(content);
  return { bytes: pdf, sha256: sha256Hex(pdf), contentSha256, content };
}

/** The signed PDF's key: the case's agreements folder, named by the PDF's hash. */
export const signedAgreementPrefix = (caseId: string) => `cases/${caseId}/agreements`;
export const signedAgreementKey = (caseId: string, sha256: string) =>
  `${signedAgreementPrefix(caseId)}/${sha256}.pdf`;
/** Previews live under previews/, which the bucket empties after a day (infra/constructs/data.ts). */
export const agreementPreviewPrefix = (caseId: string) => `previews/agreements/${caseId}`;
