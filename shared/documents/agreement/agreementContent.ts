import type { AgreementContent, AgreementContentInput } from './agreementTypes.js';
import {
  agreedTerms,
  agreementLines,
  agreementSchedule,
  agreementTotals,
  compensationNotes,
} from './compensation.js';
import { AGREEMENT_TITLES, OPTION_LABELS, POLICY_TITLE } from './labels.js';
import { agreementParties, collectiveName, headOf, memberTable, placeOf } from './parties.js';
import { coolingOff, otherTerms, rightsKept, signature, surrenderedRights } from './rights.js';
import { agreementSubject } from './subject.js';

export type * from './agreementTypes.js';

/**
 * Everything the exit agreement (退出协议) shows, as plain JSON data: strings, integer fen, arrays —
 * no Date, no bigint — so that its canonical JSON can be hashed (../contentHash.ts) and a test can read
 * the content as well as the PDF set from it (./agreementLayout.ts). Pure: the same input gives the same
 * content, so a signed agreement can be set again from the case and compared with the stored one.
 *
 * A signed agreement shows its own figures; a preview (no agreement) shows what a signature at
 * `issuedAt` would fix (compensation/agreement.ts `agreedAmounts`, the signature's own rule), numbered
 * 预览. Throws OfferNotAvailableError when the case has no offer of the option.
 */
export function agreementContent(input: AgreementContentInput): AgreementContent {
  const terms = agreedTerms(input);
  const totals = agreementTotals(input, terms);
  const place = placeOf(input);
  const head = headOf(input);
  const signed = input.agreement !== undefined;
  return {
    format: 'homestead-exit/agreement-content@1',
    caseType: input.case.type,
    title: AGREEMENT_TITLES[input.case.type],
    agreementNo: input.agreement?.agreementId ?? '预览',
    caseId: input.case.caseId,
    ...(input.case.caseNumber ? { caseNumber: input.case.caseNumber } : {}),
    signed,
    option: terms.option,
    optionLabel: OPTION_LABELS[terms.option],
    parametersVersion: input.agreement?.parametersVersion ?? input.params.version,
    issuedAt: input.agreement?.signedAt ?? input.issuedAt,
    preamble: `根据${POLICY_TITLE}二(二)关于建立进城落户农民依法自愿有偿转让退出农村权益制度的规定，甲方${head.name}户与乙方${collectiveName(place)}在平等、自愿、有偿的基础上，经${place.town}人民政府审核、${place.district}人民政府审批，就下列事项订立本协议，共同遵守。`,
    parties: agreementParties(input),
    members: memberTable(input),
    subject: agreementSubject(input),
    lines: agreementLines(terms),
    totals: totals.totals,
    payable: totals.payable,
    ...(totals.owedByHousehold ? { owedByHousehold: totals.owedByHousehold } : {}),
    compensationNotes: compensationNotes(input, terms),
    schedule: agreementSchedule(input, totals),
    surrendered: surrenderedRights(input),
    rightsKept: rightsKept(input),
    coolingOff: coolingOff(input),
    otherTerms: otherTerms(input),
    signature: signature(input),
  };
}
