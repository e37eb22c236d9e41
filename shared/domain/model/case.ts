import * as z from 'zod';
import { agreementSchema } from './agreement.js';
import { caseTypeSchema, storedApplicationSchema } from './application.js';
import { caseNamesSchema } from './caseNames.js';
import { districtCodeSchema, idSchema, isoDateTimeSchema, nonNegativeFenSchema } from './common.js';
import { findingSchema } from './finding.js';
import { MAX_OBJECTIONS_PER_CASE } from './limits.js';
import { offerSchema, resettlementOptionSchema } from './offer.js';
import { rightsCheckResultSchema } from './rights.js';
import { caseStatusSchema } from './status.js';
import { trancheSchema } from './tranche.js';

export const pendingTaskKindSchema = z.enum([
  'village_review',
  'town_review',
  'district_approval',
  'resubmission',
  'resettlement_choice',
  'fund_review',
  // the land leg's milestones (wave 2)
  'vacated',
  'disposed',
  'certificate_cancelled',
  'handed_over',
  // the collective pays a contract-land or equity tranche; the household confirms receipt (wave 2)
  'collective_payment',
]);
export type PendingTaskKind = z.infer<typeof pendingTaskKindSchema>;

export const timelineEntrySchema = z.strictObject({
  at: isoDateTimeSchema,
  status: caseStatusSchema,
  actor: z.string(),
  /**
   * the actor's display name when the entry was written (a staff member's `name` claim, issue 18);
   * absent on older entries and on the system's own (shown by role, never by id)
   */
  actorName: z.string().max(64).optional(),
  note: z.string(),
  /**
   * The stable code of the write that added the entry (its audit action, e.g. `offers.computed`). Every
   * write appends exactly one entry, so the last one tells which write was last; code may compare it,
   * never the note, which is prose for people.
   */
  action: z.string().max(100).optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** One objection (公示异议): who raised it, when, and its words. */
export const objectionSchema = z.strictObject({
  objectionId: z.string(),
  text: z.string(),
  by: z.string(),
  at: isoDateTimeSchema,
  resolved: z.boolean(),
});
export type Objection = z.infer<typeof objectionSchema>;

export const reviewDecisionSchema = z.enum(['approve', 'reject', 'return']);

export const resolutionSchema = z.strictObject({
  meetingDate: z.iso.date(),
  membersPresent: z.number().int().min(1).max(100_000),
  votesFor: z.number().int().min(0).max(100_000),
  votesAgainst: z.number().int().min(0).max(100_000),
});

/**
 * The review steps of the chain 村 → 镇 → 区 (DOMAIN.md wave 2): the village collective with its
 * members' meeting, the town's audit (乡镇审核), the district's approval (区县审批).
 */
export const REVIEW_STEPS = ['village_review', 'town_review', 'district_approval'] as const;
export const reviewStepSchema = z.enum(REVIEW_STEPS);
export type ReviewStep = z.infer<typeof reviewStepSchema>;

/** The reasons a reviewer gives, as codes (never renamed; new ones are added at the end). */
export const REVIEW_REASON_CODES = [
  'facts_verified',
  'documents_incomplete',
  'area_mismatch',
  'ownership_disputed',
  'not_quorate',
  'other',
] as const;
export const reviewReasonCodeSchema = z.enum(REVIEW_REASON_CODES, {
  error: `unknown reason code; the codes are ${REVIEW_REASON_CODES.join(', ')}`,
});
export type ReviewReasonCode = z.infer<typeof reviewReasonCodeSchema>;

export const reviewSchema = z.strictObject({
  /** which step decided; absent: the village's (every review before the chain was) — `reviewStepOf` */
  step: reviewStepSchema.optional(),
  decision: reviewDecisionSchema,
  reasonCodes: z.array(reviewReasonCodeSchema).max(REVIEW_REASON_CODES.length).optional(),
  /** the reviewer's words, shown to the household (screened by the conditional-exit guard) */
  note: z.string().max(2000).optional(),
  /** the reasons in words as the village step took them before reason codes (kept, never required) */
  reasons: z.array(z.string().trim().min(1).max(2000)).max(50),
  /** the members' meeting resolution: the village step only */
  resolution: resolutionSchema.optional(),
  reviewer: z.string(),
  at: isoDateTimeSchema,
});
export type Review = z.infer<typeof reviewSchema>;

/** The step a stored review decided (reviews stored before the chain carry no step: the village's). */
export const reviewStepOf = (r: Pick<Review, 'step'>): ReviewStep => r.step ?? 'village_review';

export const advanceApprovalSchema = z.strictObject({
  adminId: z.string(),
  decision: z.enum(['approve', 'reject']),
  note: z.string().max(2000),
  at: isoDateTimeSchema,
});

export const advanceStateSchema = z.strictObject({
  status: z.enum(['pending_approval', 'approved', 'queued', 'paid', 'rejected']),
  amountFen: nonNegativeFenSchema,
  requiredApprovals: z.number().int().min(1).max(2),
  approvals: z.array(advanceApprovalSchema),
  approvedAt: isoDateTimeSchema.optional(),
  paidAt: isoDateTimeSchema.optional(),
  entryId: z.string().optional(),
  rejectionReason: z.string().optional(),
});
export type AdvanceState = z.infer<typeof advanceStateSchema>;

/** Where a terminal rejection happened, so an appeal reopens the right step (once each). */
export const appealStageSchema = z.enum([
  'eligibility',
  'village_review',
  'town_review',
  'district_approval',
  'fund_review',
]);
export type AppealStage = z.infer<typeof appealStageSchema>;

/** A parcel (宅基地) or contract plot (承包地) a case holds the land claim of (see shared/cases/landClaims.ts). */
export const landClaimRefSchema = z.strictObject({
  kind: z.enum(['parcel', 'plot']),
  id: idSchema,
});
export type LandClaimRef = z.infer<typeof landClaimRefSchema>;

/** The land leg's milestones (wave 2): 腾退, 处置 (复垦验收 or other use), 注销登记, 承包地交回. */
export const MILESTONE_KINDS = ['vacated', 'disposed', 'certificate_cancelled', 'handed_over'] as const;
export const milestoneKindSchema = z.enum(MILESTONE_KINDS);
export type MilestoneKind = z.infer<typeof milestoneKindSchema>;
export const dispositionSchema = z.enum(['reclaimed', 'direct_use', 'development']);

/** One recorded milestone: who, when, and the fields its kind needs (checked by the milestone command). */
export const milestoneSchema = z.strictObject({
  kind: milestoneKindSchema,
  at: isoDateTimeSchema,
  actor: z.string(),
  documentIds: z.array(z.string()).optional(),
  disposition: dispositionSchema.optional(),
  acceptanceNo: z.string().optional(),
  /** 复垦验收 accepted area, m² with at most 2 decimals */
  acceptedAreaM2: z.number().nonnegative().optional(),
  planApprovalNo: z.string().optional(),
  cancellationNo: z.string().optional(),
  taker: z.strictObject({ name: z.string(), creditCode: z.string().optional() }).optional(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

/** Where the shares of an equity exit go, as the members' meeting decides (纳入集体股 / 量化到本组织成员). */
export const sharesGoToSchema = z.enum(['collective_share', 'members']);
export type SharesGoTo = z.infer<typeof sharesGoToSchema>;

/**
 * An equity exit's state beyond the application: the meeting's decision on the shares, the share value
 * the district priced with, and the shares reserved under the collective's yearly redemption cap.
 */
export const equityStateSchema = z.strictObject({
  sharesGoTo: sharesGoToSchema.optional(),
  shareValueFen: nonNegativeFenSchema.optional(),
  /** the Zibo calendar year whose redemption quota holds these shares (taken by the district's approval) */
  redemptionYear: z.number().int().min(2000).max(2200).optional(),
  /** the registry's holding fell by the shares exited (the collective's payment was confirmed) */
  sharesCancelledAt: isoDateTimeSchema.optional(),
});
export type EquityState = z.infer<typeof equityStateSchema>;

/** The case (案件) as the domain and the API see it; storage adds keys around it. */
export const caseSchema = z.strictObject({
  caseId: idSchema,
  /**
   * The number a person reads out (issue 18): district, Zibo date of filing, that district's sequence of
   * the day, e.g. 370302-20261206-0042 (shared/adapters/ids.ts). Absent on cases filed before it.
   */
  caseNumber: z
    .string()
    .regex(/^\d{6}-\d{8}-\d{4,6}$/)
    .optional(),
  /** the names of the household, village and town as the registry had them at filing (absent before issue 18) */
  names: caseNamesSchema.optional(),
  type: caseTypeSchema,
  householdId: idSchema,
  village: z.string(),
  districtCode: districtCodeSchema,
  application: storedApplicationSchema,
  status: caseStatusSchema,
  /** optimistic-concurrency version, bumped by every write */
  version: z.number().int().nonnegative(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  submittedAt: isoDateTimeSchema.optional(),
  findings: z.array(findingSchema).default([]),
  rightsCheck: rightsCheckResultSchema.optional(),
  reviews: z.array(reviewSchema).default([]),
  /**
   * 公示异议 as cases stored them before issue 16: inside the case item. New objections are items of
   * their own in the case's partition (`OBJECTION#…`, shared/adapters/table/objections.ts); the case
   * keeps their count and the ids the village has not heard yet. Any unresolved one, of either kind,
   * sends the case back to review at the notice's end.
   */
  objections: z.array(objectionSchema).default([]),
  /** how many objections were filed as items of their own (absent: none) */
  objectionCount: z.number().int().nonnegative().optional(),
  /** the ids of those objections no village review has heard yet (settled by the next one) */
  openObjectionIds: z.array(z.string()).max(MAX_OBJECTIONS_PER_CASE).optional(),
  offers: z.array(offerSchema).default([]),
  offeredAt: isoDateTimeSchema.optional(),
  parametersVersion: z.string().optional(),
  choice: resettlementOptionSchema.optional(),
  agreement: agreementSchema.optional(),
  /** the land leg's milestones as recorded (wave 2), in order */
  milestones: z.array(milestoneSchema).optional(),
  /** the end of the cooling-off (冷静期) the signature started: until then the household may rescind */
  coolingOffEndsAt: isoDateTimeSchema.optional(),
  advance: advanceStateSchema.optional(),
  /** equity exits only */
  equity: equityStateSchema.optional(),
  /** the agreement's payment schedule (分期支付), fixed at signing; absent on cases paid in one sum before it */
  paymentSchedule: z.array(trancheSchema).optional(),
  pendingTask: z
    .strictObject({
      kind: pendingTaskKindSchema,
      dueAt: isoDateTimeSchema,
      escalated: z.boolean().default(false),
      /**
       * how often its deadline passed (the escalation ladder's level). Optional, not defaulted: cases
       * stored before the ladder parse, and code that builds a fresh pending task need not name it (0)
       */
      escalations: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /**
   * The case's latest timeline entries (at most TIMELINE_ENTRIES_IN_CASE as stored): the earlier ones are
   * items of their own in the case's partition (`TIMELINE#{index}`), `timelineOffset` of them. Every
   * write appends one entry here; the case write moves the oldest out (shared/adapters/table/caseWrite.ts).
   */
  timeline: z.array(timelineEntrySchema).default([]),
  /** how many of the earliest timeline entries are stored as items of their own (absent: none) */
  timelineOffset: z.number().int().nonnegative().optional(),
  appeals: z
    .array(
      z.strictObject({
        stage: appealStageSchema,
        text: z.string(),
        at: isoDateTimeSchema,
        actor: z.string(),
      }),
    )
    .default([]),
  rejectedAt: appealStageSchema.optional(),
  statusBeforeFailure: caseStatusSchema.optional(),
  failure: z.strictObject({ cause: z.string(), at: isoDateTimeSchema }).optional(),
  /**
   * The land claims this case holds, written in the same transaction as the claim items. Absent on a
   * case no assessment has reached since claims exist (a draft, or an item stored before them): such a
   * case is judged by its status instead (landClaims.ts). An empty list: it holds none.
   */
  landClaims: z.array(landClaimRefSchema).max(200).optional(),
  /**
   * issue 18: the desk claim (认领) of the step the case waits in: advisory, it decides nothing. It is
   * the claim of that step only (`status`, `kind`): shared/cases/deskClaims.ts activeClaim.
   */
  deskClaim: z
    .strictObject({
      sub: z.string().min(1).max(200),
      name: z.string().min(1).max(64).optional(),
      at: isoDateTimeSchema,
      status: caseStatusSchema,
      kind: pendingTaskKindSchema,
    })
    .optional(),
});
export type Case = z.infer<typeof caseSchema>;

/**
 * How often the pending step has been escalated (the escalation ladder's level); a case escalated
 * before the ladder counted nothing: once.
 */
export function escalationsOf(task: Case['pendingTask']): number {
  if (!task) return 0;
  return task.escalations ? task.escalations : task.escalated ? 1 : 0;
}
