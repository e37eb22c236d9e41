import { MAX_SUB_CHARS } from '../../shared/auth/principal.js';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { offersFor, plotsInScope } from '../../shared/domain/compensation/offers.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import { assessEligibility } from '../../shared/domain/eligibility/assess.js';
import type { OpenCaseRef } from '../../shared/domain/eligibility/context.js';
import {
  type Application,
  applicationSchema,
  MAX_LAND_PER_CASE,
} from '../../shared/domain/model/application.js';
import {
  type Case,
  MILESTONE_KINDS,
  REVIEW_REASON_CODES,
  type Review,
  type TimelineEntry,
} from '../../shared/domain/model/case.js';
import type { Finding } from '../../shared/domain/model/finding.js';
import { type Household, householdSchema } from '../../shared/domain/model/household.js';
import {
  MAX_ATTACHMENT_QUANTITY,
  MAX_ATTACHMENTS_PER_PARCEL,
  MAX_CERTIFICATE_NO_CHARS,
  MAX_EXIT_CONDITION_CHARS,
  MAX_EXIT_CONDITIONS,
  MAX_FLOOR_AREA_M2,
  MAX_HOMESTEADS,
  MAX_ID_CHARS,
  MAX_MEMBERS,
  MAX_MILESTONE_DOCUMENTS,
  MAX_OBJECTIONS_PER_CASE,
  MAX_ORGANISATION_NAME_CHARS,
  MAX_PARCEL_AREA_M2,
  MAX_PERSON_NAME_CHARS,
  MAX_PLACE_NAME_CHARS,
  MAX_PLOT_AREA_MU,
  MAX_PLOTS,
  MAX_RELATION_CHARS,
  MAX_RETURNS_PER_CASE,
  MAX_REVIEW_REASON_CHARS,
  MAX_REVIEW_WORDS_CHARS,
  MAX_TEXT_CHARS,
  MAX_TIMELINE_NOTE_CHARS,
  TIMELINE_ENTRIES_IN_CASE,
} from '../../shared/domain/model/limits.js';
import type { PolicyParameters } from '../../shared/domain/model/policy.js';
import type { RightName } from '../../shared/domain/model/rights.js';
import { MAX_SHARE_VALUE_FEN, type Village, villageInputSchema } from '../../shared/domain/model/village.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { rightsCheck, scopeOf, scopeSurrenders } from '../../shared/domain/rights/rightsCheck.js';
import { surrendersDemandedBy } from '../../shared/domain/rights/villageConditions.js';

/**
 * The largest case item the rules allow (issue 16): every field a person fills at its bound, every list
 * at its count limit, every history the rules let grow at its most, each word a Chinese character of
 * three bytes. Facts that cannot all hold at once (an ineligible case's findings and a signed case's
 * agreement) are put together anyway: the bound is meant to be over the top, never under it.
 */

/** A character that UTF-8 stores in three bytes and JavaScript counts as one (the worst per character). */
const CJK = '审';
export const words = (n: number): string => CJK.repeat(n);
/** An id a person names, at its bound (MAX_ID_CHARS), distinct per `i`. */
export const id64 = (prefix: string, i: number): string => `${prefix}${i}-`.padEnd(MAX_ID_CHARS, 'x');
/** An id the system makes (cases, agreements, ledger entries): longer than any it makes (19–40). */
const systemId = (prefix: string, i: number): string => `${prefix}${i}-`.padEnd(64, 'x');
/** A signed-in person's `sub` at its bound. */
const sub = (i: number): string => `${i}-`.padEnd(MAX_SUB_CHARS, 's');

const AT = '2026-06-30T23:59:59.999+08:00';
const DAY = '2026-06-30';

/**
 * How many review decisions the rules allow one case (docs/limits.md "What a case keeps"):
 * village rounds ≤ 1 (the first) + returns (each resubmission) + objection send-backs (each needs an
 * objection, at most MAX_OBJECTIONS_PER_CASE) + 2 appeals (a village rejection's, an ineligibility's),
 * town rounds ≤ 1 + returns + 2 (the passes those appeals start) + 1 (a town rejection's appeal),
 * district rounds ≤ the town's + 1 (a district rejection's appeal).
 */
export function maxReviewDecisions(): number {
  const village = 1 + MAX_RETURNS_PER_CASE + MAX_OBJECTIONS_PER_CASE + 2;
  const town = 1 + MAX_RETURNS_PER_CASE + 2 + 1;
  const district = town + 1;
  return village + town + district;
}
/** Every terminal rejection can be appealed once: eligibility, village, town, district, fund. */
export const MAX_APPEALS = 5;

export function worstHousehold(): Household {
  return householdSchema.parse({
    householdId: id64('H', 0),
    villageCode: '370302101201',
    headMemberId: id64('M', 0),
    members: Array.from({ length: MAX_MEMBERS }, (_, i) => ({
      memberId: id64('M', i),
      name: words(MAX_PERSON_NAME_CHARS),
      nationalId: `3703021980010${String(i).padStart(4, '0')}X`,
      birthDate: '1980-01-01',
      relation: words(MAX_RELATION_CHARS),
    })),
    homesteads: Array.from({ length: MAX_HOMESTEADS }, (_, i) => ({
      parcelId: id64('P', i),
      certificateNo: `${i}`.padEnd(MAX_CERTIFICATE_NO_CHARS, CJK),
      areaM2: MAX_PARCEL_AREA_M2 - 0.01,
      status: 'registered',
      mortgageeConsent: true,
      building: { floorAreaM2: MAX_FLOOR_AREA_M2 - 0.01, structure: 'brick_concrete', yearBuilt: 1990 },
      attachments: Array.from({ length: MAX_ATTACHMENTS_PER_PARCEL }, (_, j) => ({
        item: (['well', 'wall', 'tree', 'shed'] as const)[j % 4],
        quantity: MAX_ATTACHMENT_QUANTITY - 0.01,
      })),
    })),
    contractPlots: Array.from({ length: MAX_PLOTS }, (_, i) => ({
      plotId: id64('C', i),
      areaMu: MAX_PLOT_AREA_MU - 0.0001,
      termEnd: '2100-12-31',
      status: 'normal',
      mortgageeConsent: true,
    })),
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 1_000_000 },
    nonFarm: { socialInsuranceMonths: 1200, urbanResidenceMonths: 1200, businessLicenceMonths: 1200 },
    socialInsurance: ['medical', 'pension', 'unemployment'],
  });
}

export function worstVillage(): Village {
  const rights: RightName[] = [
    'homestead_use',
    'homestead_qualification',
    'contract_land',
    'collective_income_distribution',
    'equity_shares',
    'social_insurance',
  ];
  const input = villageInputSchema.parse({
    name: words(MAX_PLACE_NAME_CHARS),
    townName: words(MAX_PLACE_NAME_CHARS),
    districtCode: '370302',
    tier: 1,
    exitConditions: Array.from({ length: MAX_EXIT_CONDITIONS }, (_, i) => ({
      right: rights[i % rights.length],
      text: words(MAX_EXIT_CONDITION_CHARS),
    })),
    shareValueFen: MAX_SHARE_VALUE_FEN,
    totalShares: 100_000_000,
  });
  return { ...input, villageCode: '370302101201' };
}

function worstApplication(type: Application['type'], household: Household): Application {
  const consents = household.members.map((m) => ({
    memberId: m.memberId,
    consented: true as const,
    signedAt: AT,
  }));
  const declarations = { voluntary: true as const };
  const body =
    type === 'homestead_exit'
      ? {
          type,
          householdId: household.householdId,
          parcelIds: household.homesteads.map((p) => p.parcelId),
          qualificationRight: 'surrender',
          consents,
          declarations,
        }
      : type === 'contract_land_exit'
        ? {
            type,
            householdId: household.householdId,
            scope: 'partial',
            term: 'current_term',
            plotIds: household.contractPlots.slice(0, MAX_LAND_PER_CASE).map((p) => p.plotId),
            consents,
            declarations,
          }
        : { type, householdId: household.householdId, shares: 1_000_000, consents, declarations };
  // exactly what POST /cases takes, at its bounds
  return applicationSchema.parse(body);
}

/** The longer of the findings that pass and the findings that fail with every item held elsewhere. */
function worstFindings(
  application: Application,
  household: Household,
  village: Village,
  params: PolicyParameters,
): Finding[] {
  const held: OpenCaseRef[] = [
    ...household.homesteads.map((p, i) => ({
      caseId: systemId('C-HELD', i),
      type: 'homestead_exit' as const,
      parcelIds: [p.parcelId],
      plotIds: [],
      exited: true,
    })),
    ...household.contractPlots.map((p, i) => ({
      caseId: systemId('C-HELD', 100 + i),
      type: 'contract_land_exit' as const,
      parcelIds: [],
      plotIds: [p.plotId],
      exited: true,
    })),
    { caseId: systemId('C-HELD', 999), type: 'equity_exit', parcelIds: [], plotIds: [], shares: 1_000_000 },
  ];
  const ctx = { application, household, village, params, asOf: DAY };
  const failing = assessEligibility({
    ...ctx,
    params: { ...params, programmeOpen: false },
    otherOpenCases: held,
  });
  const passing = assessEligibility({ ...ctx, otherOpenCases: [] });
  return JSON.stringify(failing).length >= JSON.stringify(passing).length ? failing : passing;
}

function worstReview(i: number): Review {
  // the note and the reasons share MAX_REVIEW_WORDS_CHARS: two reasons, the note the rest
  const reason = Math.min(MAX_REVIEW_REASON_CHARS, Math.floor(MAX_REVIEW_WORDS_CHARS / 4));
  const reasons = [words(reason), words(reason)];
  return {
    step: 'district_approval',
    decision: 'return',
    reasonCodes: [...REVIEW_REASON_CODES],
    note: words(MAX_REVIEW_WORDS_CHARS - 2 * reason),
    reasons,
    resolution: { meetingDate: DAY, membersPresent: 100_000, votesFor: 99_999, votesAgainst: 1 },
    reviewer: sub(i),
    at: AT,
  };
}

function worstTimeline(): TimelineEntry[] {
  return Array.from({ length: TIMELINE_ENTRIES_IN_CASE }, (_, i) => ({
    at: AT,
    status: 'district_approval',
    actor: sub(i),
    note: words(MAX_TIMELINE_NOTE_CHARS),
    // the longest action a write stamps is far shorter; the schema's bound is 100
    action: 'x'.repeat(100),
  }));
}

/** The worst case item of a type: see the module's comment. */
export function worstCase(type: Application['type']): Case {
  const household = worstHousehold();
  const village = worstVillage();
  // the illustrative rates (the item's size hardly depends on them; the amounts' digits are bounded anyway)
  const params = illustrativeParameters('370302');
  const application = worstApplication(type, household);
  const caseId = systemId(`C-${type}`, 1);
  const findings = worstFindings(application, household, village, params);
  const rights = rightsCheck({
    household,
    application,
    surrenders: [
      ...scopeSurrenders(scopeOf(application, household)),
      ...surrendersDemandedBy(village, household),
    ],
  });
  const offers = offersFor(application, household, village.tier, params, AT, {
    shareValueFen: MAX_SHARE_VALUE_FEN / 1000,
  });
  const offer = offers[0];
  if (!offer) throw new Error('no offer');
  const sha = 'f'.repeat(64);
  const agreement = {
    ...signAgreement({
      agreementId: systemId('AG', 1),
      caseId,
      application,
      plotIdsInScope: plotsInScope(application, household).map((p) => p.plotId),
      offers,
      option: offer.option,
      offeredAt: AT,
      rewardDays: params.rewardDays,
      signedAt: AT,
      parametersVersion: systemId('V', 1),
      documentKey: `cases/${caseId}/agreements/${sha}.pdf`,
    }),
    sha256: sha,
    contentSha256: sha,
    sizeBytes: 10_000_000,
    recordKey: `cases/${caseId}/agreements/${sha}.json`,
  };
  const schedule = paymentSchedule(type, agreement.payableFen).map((t, i) => ({
    ...t,
    status: 'disputed' as const,
    queuedAt: AT,
    paidAt: AT,
    entryId: systemId('E', i),
    paymentId: `COL-${agreement.agreementId}-T${t.tranche}`,
    bankReference: 'B'.repeat(64),
    recordedBy: sub(i),
    confirmedAt: AT,
    dispute: { text: words(MAX_TEXT_CHARS), at: AT },
  }));
  const reviews = Array.from({ length: maxReviewDecisions() }, (_, i) => worstReview(i));
  return {
    caseId,
    type,
    householdId: household.householdId,
    village: village.villageCode,
    districtCode: '370302',
    application,
    status: 'district_approval',
    version: 999_999,
    createdAt: AT,
    updatedAt: AT,
    submittedAt: AT,
    findings,
    rightsCheck: rights,
    reviews,
    objections: [],
    objectionCount: MAX_OBJECTIONS_PER_CASE,
    openObjectionIds: Array.from(
      { length: MAX_OBJECTIONS_PER_CASE },
      (_, i) => `O-20260630-${String(i).padStart(8, '0')}`,
    ),
    offers,
    offeredAt: AT,
    parametersVersion: systemId('V', 1),
    choice: offer.option,
    agreement,
    milestones: MILESTONE_KINDS.map((kind, i) => ({
      kind,
      at: AT,
      actor: sub(i),
      documentIds: Array.from({ length: MAX_MILESTONE_DOCUMENTS }, (_, j) => id64('D', j)),
      disposition: 'development' as const,
      acceptanceNo: 'A'.repeat(64),
      acceptedAreaM2: 49_999.99,
      planApprovalNo: 'P'.repeat(64),
      cancellationNo: 'N'.repeat(64),
      taker: { name: words(MAX_ORGANISATION_NAME_CHARS), creditCode: '91370302MA3C0000X1' },
    })),
    coolingOffEndsAt: AT,
    advance: {
      status: 'rejected',
      amountFen: agreement.payableFen,
      requiredApprovals: 2,
      approvals: [0, 1].map((i) => ({
        adminId: sub(i),
        decision: 'reject' as const,
        note: words(MAX_TEXT_CHARS),
        at: AT,
      })),
      approvedAt: AT,
      paidAt: AT,
      entryId: systemId('E', 99),
      rejectionReason: words(MAX_TEXT_CHARS),
    },
    equity: {
      sharesGoTo: 'collective_share',
      shareValueFen: MAX_SHARE_VALUE_FEN,
      redemptionYear: 2026,
      sharesCancelledAt: AT,
    },
    paymentSchedule: schedule,
    pendingTask: { kind: 'certificate_cancelled', dueAt: AT, escalated: true, escalations: 999_999 },
    timeline: worstTimeline(),
    timelineOffset: 99_999_999,
    appeals: Array.from({ length: MAX_APPEALS }, (_, i) => ({
      stage: 'district_approval' as const,
      text: words(MAX_TEXT_CHARS),
      at: AT,
      actor: sub(i),
    })),
    rejectedAt: 'district_approval',
    statusBeforeFailure: 'district_approval',
    // recordFailure keeps at most 1 000 characters of a cause
    failure: { cause: words(1000), at: AT },
    landClaims: (type === 'homestead_exit'
      ? application.type === 'homestead_exit'
        ? application.parcelIds
        : []
      : household.contractPlots.slice(0, MAX_LAND_PER_CASE).map((p) => p.plotId)
    ).map((id) => ({ kind: type === 'homestead_exit' ? ('parcel' as const) : ('plot' as const), id })),
  };
}
