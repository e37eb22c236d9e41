import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { loadAgreementContext, setAgreementPdf, signedAgreementKey } from '../../documents/agreementPdf.js';
import { PDF_CONTENT_TYPE } from '../../documents/pdf/publish.js';
import { signAgreement } from '../../domain/compensation/agreement.js';
import { plotsInScope } from '../../domain/compensation/offers.js';
import { paymentSchedule } from '../../domain/compensation/schedule.js';
import { OPTION_LABELS } from '../../domain/lifecycle/statusLabels.js';
import type { ResettlementOption } from '../../domain/model/offer.js';
import { rightsCheck } from '../../domain/rights/rightsCheck.js';
import { RuleRefused, ValidationFailed } from '../../errors/appError.js';
import { STEP_OUTCOMES } from '../../workflow/humanSteps.js';
import { claimTargets, holdExactly, refuseIfLandHeld } from '../landClaims.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';
import { waitingToken } from './waiting.js';

/** A case carries one agreement, its id derived from the case. */
export const agreementIdFor = (caseId: string) => `AG-${caseId.replace(/^C-/, '')}`;

const SIGN_REFUSED = { zh: '不能签订退出协议', en: 'The agreement cannot be signed' };

/**
 * POST /cases/{caseId}/resettlement: the household's choice among the offers, which is the signature of
 * the exit agreement (退出协议). The agreement lists as surrendered only the rights inside the case's
 * scope, and must itself pass the rights check (二(二)3 / 二(二)4(3)). The signature holds exactly the land
 * it surrenders, for good: another case holding any of it refuses the write (409 naming it).
 */
export async function chooseChange(
  stored: StoredCase,
  option: ResettlementOption,
  actor: string,
  now: string,
): Promise<CaseChange> {
  const c = stored.case;
  const token = waitingToken(stored, 'offers', { zh: '选择补偿方式', en: 'a choice' });
  if (!c.offers.some((o) => o.option === option)) {
    throw new ValidationFailed(
      { zh: '本案件没有该补偿方式', en: 'that option is not offered for this case' },
      [
        {
          path: 'body.option',
          message: `offered: ${c.offers.map((o) => o.option).join(', ')}`,
          messageZh: `可选：${c.offers.map((o) => o.option).join('、')}`,
        },
      ],
    );
  }
  if (!c.offeredAt) throw new Error(`case ${c.caseId} has offers but no offer time`);
  const { household, village, params } = await loadAgreementContext(c);
  const agreementId = agreementIdFor(c.caseId);
  // One object per signing attempt: two racing choices must not overwrite each other's document, so
  // the case that wins the conditional write points at the object that says what it signed. The
  // loser's object stays unreferenced (the bucket keeps every object; nothing is deleted).
  const recordKey = `cases/${c.caseId}/agreements/${agreementId}-${now.replace(/[^0-9]/g, '')}-${option}.json`;
  const terms = signAgreement({
    agreementId,
    caseId: c.caseId,
    application: c.application,
    plotIdsInScope: plotsInScope(c.application, household).map((p) => p.plotId),
    offers: c.offers,
    option,
    offeredAt: c.offeredAt,
    rewardDays: params.rewardDays,
    signedAt: now,
    parametersVersion: params.version,
    documentKey: recordKey,
  });
  // The signature sets the agreement PDF (issue 15) from exactly these terms: what the household read
  // in the preview, now with its number and signature time. The case keeps the PDF's hash.
  const schedule = paymentSchedule(c.type, terms.payableFen);
  const pdf = await setAgreementPdf({
    case: c,
    household,
    village,
    params,
    option,
    agreement: terms,
    schedule,
    issuedAt: now,
  });
  const agreement = {
    ...terms,
    documentKey: signedAgreementKey(c.caseId, pdf.sha256),
    sha256: pdf.sha256,
    contentSha256: pdf.contentSha256,
    sizeBytes: pdf.bytes.byteLength,
    recordKey,
  };
  // defence in depth: the agreement itself must pass the rights check
  const rights = rightsCheck({ household, application: c.application, surrenders: agreement.surrendered });
  if (!rights.passed) {
    throw new RuleRefused(
      { zh: '协议将改变本案件范围以外的权利', en: 'the agreement would change a right outside this case' },
      rights.violations.map((v) => ({
        path: 'agreement.surrendered',
        message: v.messageEn,
        messageZh: v.messageZh,
      })),
    );
  }
  // The claims are checked by the conditional write; only a refusal reads who holds the land (to name it
  // in the 409), so an ordinary signature costs no extra reads. A plot registered after the assessment
  // (scope `all`) is claimed here, and a case stored before claims existed gets its claims.
  const land = claimTargets(c.application, household);
  const claims = holdExactly(c, land, now);
  const next = moveCase(c, STEP_OUTCOMES.resettlement_choice.chosen, {
    actor,
    at: now,
    note: `已签订退出协议（${OPTION_LABELS[option].zh}）/ agreement signed (${OPTION_LABELS[option].en})`,
    patch: {
      choice: option,
      agreement,
      // the agreement's payment schedule (分期支付) is fixed with it
      paymentSchedule: schedule,
      pendingTask: undefined,
      landClaims: claims.landClaims,
    },
  });
  return {
    read: stored,
    next,
    token: 'consume',
    extra: claims.extra,
    audit: {
      actor,
      action: 'agreement.signed',
      detail: { agreementId, option, amountFen: agreement.amountFen, payableFen: agreement.payableFen },
    },
    objects: [
      { key: agreement.documentKey, contentType: PDF_CONTENT_TYPE, body: pdf.bytes },
      {
        key: recordKey,
        contentType: 'application/json',
        body: JSON.stringify(
          {
            agreement,
            // exactly what the PDF's verification line hashes (docs/documents.md)
            content: pdf.content,
            offers: c.offers,
            household: { householdId: household.householdId, headMemberId: household.headMemberId },
          },
          null,
          2,
        ),
      },
    ],
    events: [
      caseEvent('AgreementSigned', next, actor, c.status, {
        agreementId,
        option,
        payableFen: agreement.payableFen,
      }),
    ],
    resume: { token: token.token, output: { outcome: 'chosen' } },
    // lost a race: to another case taking the land (say which), or to another write of this case
    explainRefusal: () => refuseIfLandHeld(c, household, land, SIGN_REFUSED),
  };
}
