import { parametersVersion } from '../adapters/table/policyRepository.js';
import { getHousehold, getVillage } from '../adapters/table/registryRepository.js';
import type { Principal, Role } from '../auth/principal.js';
import type { AgreementDocument } from '../contract/documents.js';
import { signAgreement } from '../domain/compensation/agreement.js';
import { agreementIdFor } from '../domain/compensation/agreementId.js';
import { plotsInScope } from '../domain/compensation/offers.js';
import { paymentSchedule } from '../domain/compensation/schedule.js';
import type { Case } from '../domain/model/case.js';
import { type ResettlementOption, resettlementOptionSchema } from '../domain/model/offer.js';
import { IllegalTransition, NotFound, ValidationFailed } from '../errors/appError.js';
import type { AgreementContentInput } from './agreement/agreementContent.js';
import { agreementPreviewPrefix, setAgreementPdf, signedAgreementPrefix } from './agreementPdf.js';
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

async function contentInput(c: Case, option: ResettlementOption, issuedAt: string) {
  const [household, village, params] = await Promise.all([
    getHousehold(c.householdId),
    getVillage(c.village),
    c.parametersVersion ? parametersVersion(c.districtCode, c.parametersVersion) : undefined,
  ]);
  if (!household || !village || !params) {
    throw new Error(`case ${c.caseId} lacks its household, village or parameters`);
  }
  return { case: c, household, village, params, option, issuedAt };
}

export async function agreementDownload(r: AgreementRequest): Promise<AgreementDocument> {
  const c = r.case;
  let input: AgreementContentInput;
  let signed: boolean;
  let prefix: string;
  if (c.agreement) {
    const agreement = c.agreement;
    if (r.option !== undefined && r.option !== agreement.option) {
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
    const base = await contentInput(c, agreement.option, agreement.signedAt);
    input = {
      ...base,
      agreement,
      schedule: c.paymentSchedule ?? paymentSchedule(c.type, agreement.payableFen),
    };
    signed = true;
    prefix = signedAgreementPrefix(c.caseId);
  } else {
    if (c.offers.length === 0) {
      throw new NotFound({
        zh: `案件 ${c.caseId} 尚无补偿方案，没有可查看的协议`,
        en: `case ${c.caseId} has no offers yet, so there is no agreement to show`,
      });
    }
    const option = optionField(
      r.option,
      c.offers.map((o) => o.option),
    );
    if (c.status !== 'offers') {
      throw new IllegalTransition(
        { zh: '补偿方案已不在可选择期间，不能预览协议', en: 'the offers are no longer open for a choice' },
        { caseStatus: c.status },
      );
    }
    const base = await contentInput(c, option, r.now);
    if (!c.offeredAt) throw new Error(`case ${c.caseId} has offers but no offer time`);
    // what the household would sign now (the early-exit reward depends on the day): its payable
    // amount sets the schedule the preview shows
    const draft = signAgreement({
      agreementId: agreementIdFor(c.caseId),
      caseId: c.caseId,
      application: c.application,
      plotIdsInScope: plotsInScope(c.application, base.household).map((p) => p.plotId),
      offers: c.offers,
      option,
      offeredAt: c.offeredAt,
      rewardDays: base.params.rewardDays,
      signedAt: r.now,
      parametersVersion: base.params.version,
      documentKey: agreementPreviewPrefix(c.caseId),
    });
    input = { ...base, schedule: paymentSchedule(c.type, draft.payableFen) };
    signed = false;
    prefix = agreementPreviewPrefix(c.caseId);
  }

  // The signed PDF is the one stored at signing; an agreement signed before PDFs existed is set once
  // from its record (same content, same bytes every time: createdAt is the signature time).
  const kept = c.agreement?.sha256 && c.agreement.sizeBytes ? c.agreement : undefined;
  const pdf = kept ? undefined : await setAgreementPdf(input);
  const issued = kept
    ? { key: kept.documentKey, sha256: kept.sha256 ?? '', sizeBytes: kept.sizeBytes ?? 0 }
    : await storePdf(prefix, pdf?.bytes ?? Buffer.alloc(0));
  const contentSha256 = c.agreement?.contentSha256 ?? pdf?.contentSha256;
  if (!contentSha256) throw new Error(`agreement of ${c.caseId} has no content hash`);
  const optionCode = input.option;
  const link = await presignPdf(issued.key, r.now, {
    ascii: `agreement-${c.caseId}${signed ? '' : `-preview-${optionCode}`}.pdf`,
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
    detail: { option: optionCode, signed },
  });
  return {
    caseId: c.caseId,
    signed,
    option: optionCode,
    ...(c.agreement ? { agreementId: c.agreement.agreementId } : {}),
    url: link.url,
    method: 'GET',
    expiresAt: link.expiresAt,
    sha256: issued.sha256,
    sizeBytes: issued.sizeBytes,
    contentSha256,
  };
}
