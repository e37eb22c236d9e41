import * as z from 'zod';
import { caseTypeSchema } from '../domain/model/application.js';
import {
  advanceStateSchema,
  appealStageSchema,
  milestoneSchema,
  pendingTaskKindSchema,
  reviewDecisionSchema,
  reviewReasonCodeSchema,
  reviewStepSchema,
} from '../domain/model/case.js';
import { districtCodeSchema, insuranceSchema } from '../domain/model/common.js';
import { ruleIdSchema } from '../domain/model/finding.js';
import { offerLineSchema, resettlementOptionSchema } from '../domain/model/offer.js';
import { rightNameSchema } from '../domain/model/rights.js';
import { caseStatusSchema } from '../domain/model/status.js';
import { trancheSchema } from '../domain/model/tranche.js';
import { claimedByViewSchema } from './claims.js';
import { daySchema, fenSchema, pageSchema, timeSchema } from './common.js';
import { caseDocumentSchema } from './documents.js';

/**
 * `GET /cases/{caseId}` (the case view) and `GET /cases` (case summaries). Fields of API.md are required
 * unless API.md or the life cycle leaves them out (a draft has no rights check, parameters or offers yet);
 * the extensions of docs/api-conformance.md are marked so.
 */

const consentSchema = z.object({
  memberId: z.string(),
  /** extension (issue 18): the member's name, as the registry had it when the case was filed */
  name: z.string().optional(),
  consented: z.literal(true),
  signedAt: timeSchema,
});
const declarationsSchema = z.object({ voluntary: z.literal(true) });

/** The application as filed (`POST /cases`), shown back on the case view (extension). */
export const applicationViewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('homestead_exit'),
    householdId: z.string(),
    parcelIds: z.array(z.string()),
    /** wave 2: 保障资格权, absent on cases filed before the choice (they keep it) */
    qualificationRight: z.enum(['keep', 'surrender']).optional(),
    consents: z.array(consentSchema),
    declarations: declarationsSchema,
  }),
  z.object({
    type: z.literal('equity_exit'),
    householdId: z.string(),
    shares: z.number().int(),
    consents: z.array(consentSchema),
    declarations: declarationsSchema,
  }),
  z.object({
    type: z.literal('contract_land_exit'),
    householdId: z.string(),
    scope: z.enum(['all', 'partial']),
    term: z.enum(['current_term', 'permanent']),
    plotIds: z.array(z.string()).optional(),
    consents: z.array(consentSchema),
    declarations: declarationsSchema,
  }),
]);
export type ApplicationView = z.infer<typeof applicationViewSchema>;

/** One eligibility rule's verdict, with its clause and a reason in Chinese and English. */
export const findingViewSchema = z.object({
  ruleId: ruleIdSchema,
  clause: z.string(),
  passed: z.boolean(),
  messageZh: z.string(),
  messageEn: z.string(),
  /** extension: the ids (parcels, plots, members) the reason names */
  subjects: z.array(z.string()),
});
export type FindingView = z.infer<typeof findingViewSchema>;

export const rightsSnapshotViewSchema = z.object({
  homesteadUse: z.array(z.string()),
  homesteadQualification: z.boolean(),
  contractLand: z.array(z.string()),
  collectiveIncomeDistribution: z.boolean(),
  equityShares: z.number().int(),
  socialInsurance: z.array(insuranceSchema),
});
export type RightsSnapshotView = z.infer<typeof rightsSnapshotViewSchema>;

export const rightsViolationViewSchema = z.object({
  right: rightNameSchema,
  /** extension (issue 18): the clause of the Zibo plan that protects the right; absent on older checks */
  clause: z.string().optional(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export type RightsViolationView = z.infer<typeof rightsViolationViewSchema>;

export const rightsCheckViewSchema = z.object({
  passed: z.boolean(),
  before: rightsSnapshotViewSchema,
  after: rightsSnapshotViewSchema,
  violations: z.array(rightsViolationViewSchema),
});
export type RightsCheckView = z.infer<typeof rightsCheckViewSchema>;

export const resolutionViewSchema = z.object({
  meetingDate: daySchema,
  membersPresent: z.number().int(),
  votesFor: z.number().int(),
  votesAgainst: z.number().int(),
});
export type ResolutionView = z.infer<typeof resolutionViewSchema>;

/**
 * A review decision (API.md wave 2: `reviews:[{step, decision, reasonCodes, note, actor, at}]`): the
 * village's with the members' meeting resolution behind it, the town's and the district's with reason
 * codes and a note. `reviewer` is the actor; reviews stored before the chain carry no step (the village's).
 */
export const reviewViewSchema = z.object({
  step: reviewStepSchema,
  decision: reviewDecisionSchema,
  reasonCodes: z.array(reviewReasonCodeSchema),
  note: z.string().optional(),
  reasons: z.array(z.string()),
  resolution: resolutionViewSchema.optional(),
  reviewer: z.string(),
  /** API.md wave 2's name for the reviewer */
  actor: z.string(),
  at: timeSchema,
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

/** extension: 公示异议, an objection raised during the public notice */
export const objectionViewSchema = z.object({
  objectionId: z.string(),
  text: z.string(),
  by: z.string(),
  at: timeSchema,
  resolved: z.boolean(),
});
export type ObjectionView = z.infer<typeof objectionViewSchema>;

export const breakdownViewSchema = z.object({
  landFen: fenSchema,
  buildingFen: fenSchema,
  attachmentsFen: fenSchema,
  premiumFen: fenSchema,
  rewardFen: fenSchema,
  /** wave 2: the qualification right surrendered (homestead): registered members × the premium per member */
  qualificationFen: fenSchema.optional(),
  /** wave 2: equity offers, shares × share value before the premium */
  sharesFen: fenSchema.optional(),
});

export const offerLineViewSchema = z.object({
  component: offerLineSchema.shape.component,
  subject: z.string(),
  /** the exact formula with the figures used, e.g. "200 m2 × 500.00 元/m2" */
  formula: z.string(),
  amountFen: fenSchema,
});
export type OfferLineView = z.infer<typeof offerLineViewSchema>;

/** An offer: cash (amountFen is paid), or housing (balanceFen = amountFen − priceFen). */
export const offerViewSchema = z.object({
  option: resettlementOptionSchema,
  amountFen: fenSchema,
  /** extension: the amount if the household signs after rewardDeadline */
  amountWithoutRewardFen: fenSchema,
  entitledAreaM2: z.number().optional(),
  priceFen: fenSchema.optional(),
  balanceFen: fenSchema.optional(),
  balanceWithoutRewardFen: fenSchema.optional(),
  breakdown: breakdownViewSchema,
  /** extension: every priced line with its formula */
  lines: z.array(offerLineViewSchema),
  rewardDeadline: timeSchema.optional(),
});
export type OfferView = z.infer<typeof offerViewSchema>;

export const agreementViewSchema = z.object({
  agreementId: z.string(),
  option: resettlementOptionSchema,
  amountFen: fenSchema,
  /** extension: what the special fund advances */
  payableFen: fenSchema,
  balanceFen: fenSchema.optional(),
  rewardIncluded: z.boolean(),
  signedAt: timeSchema,
  documentKey: z.string(),
  /** wave 2: hex SHA-256 of the signed agreement PDF (absent for agreements signed before the PDF) */
  sha256: z.string().optional(),
  /** extension: the SHA-256 printed on the PDF's verification line (of the agreement's content) */
  contentSha256: z.string().optional(),
  /** extension: the rights the agreement gives up, all inside the case's scope */
  surrendered: z.array(
    z.object({ right: rightNameSchema, items: z.array(z.string()), shares: z.number().int().optional() }),
  ),
});
export type AgreementView = z.infer<typeof agreementViewSchema>;

const advanceStatusSchema = advanceStateSchema.shape.status;
export type AdvanceStatus = z.infer<typeof advanceStatusSchema>;

export const approvalViewSchema = z.object({
  adminId: z.string(),
  decision: z.enum(['approve', 'reject']),
  note: z.string(),
  at: timeSchema,
});
export type ApprovalView = z.infer<typeof approvalViewSchema>;

/** The special fund's advance (先行垫付); `requiredApprovals` 2 above the four-eyes threshold. */
export const advanceViewSchema = z.object({
  status: advanceStatusSchema,
  amountFen: fenSchema,
  requiredApprovals: z.number().int(),
  approvals: z.array(approvalViewSchema),
  approvedAt: timeSchema.optional(),
  paidAt: timeSchema.optional(),
  entryId: z.string().optional(),
  rejectionReason: z.string().optional(),
});
export type AdvanceView = z.infer<typeof advanceViewSchema>;

/** The role that acts on each pending task (API.md wave 2: "each with dueAt and the role that acts"). */
export const pendingRoleSchema = z.enum([
  'applicant',
  'village_reviewer',
  'town_reviewer',
  'district_approver',
  'fund_admin',
  'land_officer',
  'registrar',
]);

/** The human step the case waits for, and by when. */
export const pendingTaskViewSchema = z.object({
  kind: pendingTaskKindSchema,
  dueAt: timeSchema,
  /** wave 2: who acts now (a collective payment: the village records it, then the household answers) */
  role: pendingRoleSchema.optional(),
});
export type PendingTaskView = z.infer<typeof pendingTaskViewSchema>;

export const timelineEntryViewSchema = z.object({
  at: timeSchema,
  status: caseStatusSchema,
  actor: z.string(),
  /**
   * extension (issue 18): the actor's display name when the entry was written (staff: the token's
   * `name`); absent on older entries and the system's: show a role label, never the id
   */
  actorName: z.string().optional(),
  /** "中文 / English", for people */
  note: z.string(),
  /**
   * extension: the stable code of the write that added the entry (its audit action, e.g.
   * `task.waiting` when a human step starts waiting, ./timelineActions.ts); absent on entries written
   * before it existed. Clients compare this, never the note.
   */
  action: z.string().optional(),
});
export type TimelineEntryView = z.infer<typeof timelineEntryViewSchema>;

export const appealViewSchema = z.object({
  stage: appealStageSchema,
  text: z.string(),
  at: timeSchema,
  actor: z.string(),
});
export type AppealView = z.infer<typeof appealViewSchema>;

/**
 * extension (issue 18), on the case view and each summary: the case number a person reads out, and the
 * names of the head of household, the village and the town as the registry had them when the case was
 * filed. Absent on cases filed before issue 18 (show the ids then).
 */
export const caseNamesViewShape = {
  caseNumber: z.string().optional(),
  householdHeadName: z.string().optional(),
  villageName: z.string().optional(),
  townName: z.string().optional(),
};

/** `GET /cases/{caseId}` → 200: the case view of API.md with the extensions of docs/api-conformance.md. */
export const caseViewSchema = z.object({
  caseId: z.string(),
  ...caseNamesViewShape,
  /** extension (issue 18): every member of the household by id and name (consents, findings name ids) */
  memberNames: z.array(z.object({ memberId: z.string(), name: z.string() })).optional(),
  type: caseTypeSchema,
  householdId: z.string(),
  village: z.string(),
  districtCode: districtCodeSchema,
  status: caseStatusSchema,
  createdAt: timeSchema,
  updatedAt: timeSchema,
  submittedAt: timeSchema.optional(),
  application: applicationViewSchema,
  findings: z.array(findingViewSchema),
  /** absent until the assessment has run */
  rightsCheck: rightsCheckViewSchema.optional(),
  documents: z.array(caseDocumentSchema),
  reviews: z.array(reviewViewSchema),
  objections: z.array(objectionViewSchema),
  /** extension, during the public notice only: the end of the day by which anyone may object */
  noticeEndsAt: timeSchema.optional(),
  offers: z.array(offerViewSchema),
  offeredAt: timeSchema.optional(),
  /** wave 2: the land leg's milestones as recorded: `{kind, at, actor, ...the recorded fields}` */
  milestones: z.array(milestoneSchema).default([]),
  /** wave 2: the end of the cooling-off (冷静期) after signing; until then the household may rescind */
  coolingOffEndsAt: timeSchema.optional(),
  /**
   * wave 2: the agreement's payment schedule (分期支付), one row per tranche, exact to the fen (the last
   * is the remainder); empty before signing and when nothing is payable
   */
  paymentSchedule: z.array(trancheSchema).default([]),
  choice: resettlementOptionSchema.optional(),
  agreement: agreementViewSchema.optional(),
  advance: advanceViewSchema.optional(),
  pendingTask: pendingTaskViewSchema
    .extend({
      /** extension: the deadline passed and the step was escalated (it keeps waiting, never dropped) */
      escalated: z.boolean(),
      /** extension: how often the deadline passed, each time one level further up (督办); `dueAt` is the next */
      escalations: z.number().int().nonnegative().optional(),
    })
    .optional(),
  timeline: z.array(timelineEntryViewSchema),
  appeals: z.array(appealViewSchema),
  /** extension: why the workflow could not go on (status `failed`) */
  failure: z.object({ cause: z.string(), at: timeSchema }).optional(),
  /** the policy parameters the case is priced with; absent until it is assessed */
  parametersVersion: z.string().optional(),
  /** wave 2: homestead exits: whether the qualification right (资格权) is kept or surrendered */
  qualificationRight: z.enum(['keep', 'surrender']).optional(),
  /** wave 2, equity exits: the shares, where the meeting sent them, the share value priced with */
  equity: z
    .object({
      shares: z.number().int(),
      sharesGoTo: z.enum(['collective_share', 'members']).optional(),
      shareValueFen: fenSchema.optional(),
      redemptionYear: z.number().int().optional(),
      sharesCancelledAt: timeSchema.optional(),
    })
    .optional(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** One case of `GET /cases`: enough for a list row, a queue and a deadline. */
export const caseSummarySchema = z.object({
  caseId: z.string(),
  ...caseNamesViewShape,
  type: caseTypeSchema,
  householdId: z.string(),
  village: z.string(),
  districtCode: districtCodeSchema,
  status: caseStatusSchema,
  createdAt: timeSchema,
  updatedAt: timeSchema,
  pendingTask: pendingTaskViewSchema.optional(),
  /** the fund queue's view of the advance: how many approvals it has and needs */
  advance: z
    .object({
      status: advanceStatusSchema,
      amountFen: fenSchema,
      approvals: z.number().int(),
      requiredApprovals: z.number().int(),
    })
    .optional(),
  // issue 18, the desk queues: when it was filed, and who has claimed its current step (认领)
  submittedAt: timeSchema.optional(),
  claimedBy: claimedByViewSchema.optional(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** `GET /cases?status=&cursor=&limit=` → 200 */
export const caseListSchema = pageSchema(caseSummarySchema);
export type CaseList = z.infer<typeof caseListSchema>;

/** The names a client keys its screens by, as the contract sends them. */
export type CaseStatus = CaseView['status'];
export type CaseType = CaseView['type'];
export type ResettlementOption = OfferView['option'];
export type PendingTaskKind = PendingTaskView['kind'];
export type RightName = RightsViolationView['right'];
