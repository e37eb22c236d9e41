import type { Principal, Role } from '../auth/principal.js';
import type { AgreementDocument } from '../contract/documents.js';
import type { Agreement } from '../domain/model/agreement.js';
import type { Case } from '../domain/model/case.js';
import { type ResettlementOption, resettlementOptionSchema } from '../domain/model/offer.js';
import { IllegalTransition, NotFound, ValidationFailed } from '../errors/appError.js';
import {
  agreementPreviewPrefix,
  loadAgreementContext,
  setAgreementPdf,
  signedAgreementPrefix,
} from './agreementPdf.js';
import { presignPdf, recordDownload, storePdf } from './pdf/publish.js';

/**
 * GET /cases/{caseId}/agreement?option= (API.md wave 2): the signed agreement, or before signing the
 * preview of one offer, as a 5-minute presigned GET with the PDF's SHA-256. Every download, preview
 * included, is in the case's audit trail before the URL leaves (DOMAIN.md: every document access).
 */
export interface AgreementRequest {
  case: Case;
  role: Role;
  principal: Principal;
  option?: string;
  now: string;
  requestId?: string;
}

const REASONS: Partial<Record<Role, string>> = {
  applicant: '申请农户查阅本户退出协议 / the household read its agreement',
  fund_admin: '专项基金查阅退出协议 / read for the fund',
  auditor: '审计监督查阅退出协议 / read for audit',
  district_approver: '区县审批查阅退出协议 / read by the district approver',
};

function optionField(option: string | undefined, offered: readonly string[]): ResettlementOption {
  const parsed = resettlementOptionSchema.safeParse(option);
  if (option === undefined || !parsed.success || !offered.includes(parsed.data)) {
    throw new ValidationFailed(
      option === undefined
        ? {
            zh: '协议尚未签订：请用 option 指定要预览的补偿方式',
            en: 'not signed yet: option names the offer to preview',
          }
        : { zh: '本案件没有该补偿方式', en: 'that option is not offered for this case' },
      [
        {
          path: 'query.option',
          message: `offered: ${offered.join(', ')}`,
          messageZh: `可选：${offered.join('、')}`,
        },
      ],
    );
  }
  return parsed.data;
}

/** The PDF a request is answered with, and what the answer says of it. */
interface IssuedAgreement {
  key: string;
  sha256: string;
  sizeBytes: number;
  contentSha256: string;
  option: ResettlementOption;
  signed: boolean;
}

/**
 * The signed agreement: the PDF stored at the signature, read from the case alone. An agreement signed
 * before PDFs existed is set once from its record (same content, same bytes every time: the creation
 * date is the signature time).
 */
async function signedAgreement(
  c: Case,
  agreement: Agreement,
  option: string | undefined,
): Promise<IssuedAgreement> {
  if (option !== undefined && option !== agreement.option) {
    throw new ValidationFailed(
      { zh: '协议已按另一补偿方式签订', en: 'the agreement is signed for another option' },
      [
        {
          path: 'query.option',
          message: `signed: ${agreement.option}`,
          messageZh: `已签订：${agreement.option}`,
        },
      ],
    );
  }
  const kept = { option: agreement.option, signed: true };
  if (agreement.sha256 && agreement.sizeBytes && agreement.contentSha256) {
    const { documentKey: key, sha256, sizeBytes, contentSha256 } = agreement;
    return { ...kept, key, sha256, sizeBytes, contentSha256 };
  }
  const pdf = await setAgreementPdf({
    ...(await loadAgreementContext(c)),
    case: c,
    option: agreement.option,
    agreement,
    // the case's own schedule; absent (before schedules), the content derives it from the agreement
    ...(c.paymentSchedule ? { schedule: c.paymentSchedule } : {}),
    issuedAt: agreement.signedAt,
  });
  const stored = await storePdf(signedAgreementPrefix(c.caseId), pdf.bytes);
  return { ...kept, ...stored, contentSha256: pdf.contentSha256 };
}

/**
 * The preview of one offer: what a signature now would fix (the early-exit reward depends on the day;
 * the content reckons the amounts and the schedule by the signature's own rule).
 */
async function previewAgreement(c: Case, option: string | undefined, now: string): Promise<IssuedAgreement> {
  if (c.offers.length === 0) {
    throw new NotFound({
      zh: `案件 ${c.caseId} 尚无补偿方案，没有可查看的协议`,
      en: `case ${c.caseId} has no offers yet, so there is no agreement to show`,
    });
  }
  const chosen = optionField(
    option,
    c.offers.map((o) => o.option),
  );
  if (c.status !== 'offers') {
    throw new IllegalTransition(
      { zh: '补偿方案已不在可选择期间，不能预览协议', en: 'the offers are no longer open for a choice' },
      { caseStatus: c.status },
    );
  }
  const pdf = await setAgreementPdf({
    ...(await loadAgreementContext(c)),
    case: c,
    option: chosen,
    issuedAt: now,
  });
  const stored = await storePdf(agreementPreviewPrefix(c.caseId), pdf.bytes);
  return { ...stored, contentSha256: pdf.contentSha256, option: chosen, signed: false };
}

export async function agreementDownload(r: AgreementRequest): Promise<AgreementDocument> {
  const c = r.case;
  const issued = c.agreement
    ? await signedAgreement(c, c.agreement, r.option)
    : await previewAgreement(c, r.option, r.now);
  const { signed, option } = issued;
  const link = await presignPdf(issued.key, r.now, {
    ascii: `agreement-${c.caseId}${signed ? '' : `-preview-${option}`}.pdf`,
    zh: `退出协议-${c.caseId}${signed ? '' : '-预览'}.pdf`,
  });
  await recordDownload({
    actor: r.principal.sub,
    role: r.role,
    at: r.now,
    action: signed ? 'agreement.downloaded' : 'agreement.previewed',
    caseId: c.caseId,
    reason: REASONS[r.role] ?? '查阅退出协议 / read the agreement',
    sha256: issued.sha256,
    key: issued.key,
    urlExpiresAt: link.expiresAt,
    ...(r.requestId ? { requestId: r.requestId } : {}),
    detail: { option, signed },
  });
  return {
    caseId: c.caseId,
    signed,
    option,
    ...(c.agreement ? { agreementId: c.agreement.agreementId } : {}),
    url: link.url,
    method: 'GET',
    expiresAt: link.expiresAt,
    sha256: issued.sha256,
    sizeBytes: issued.sizeBytes,
    contentSha256: issued.contentSha256,
  };
}
