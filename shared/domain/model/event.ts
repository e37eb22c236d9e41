import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common.js';
import { caseStatusSchema } from './status.js';

/** Domain events, published on the custom EventBridge bus (detail-type = type). */
export const DOMAIN_EVENT_TYPES = [
  'CaseCreated',
  'CaseSubmitted',
  'AssessmentStarted',
  'EligibilityAssessed',
  'RightsChecked',
  'ReviewDecided',
  'CaseResubmitted',
  'PublicNoticeStarted',
  'ObjectionRaised',
  'OffersComputed',
  'AgreementSigned',
  'FundReviewOpened',
  'AdvanceApproved',
  'AdvanceRejected',
  'AdvanceQueued',
  'AdvanceDisbursed',
  'ParcelReserved',
  'CaseClosed',
  'CaseWithdrawn',
  /** the signature started the cooling-off (wave 2) */
  'CoolingOffStarted',
  /** the household rescinded the agreement during the cooling-off (wave 2) */
  'AgreementRescinded',
  'CaseAppealed',
  'CaseFailed',
  'DeadlineEscalated',
  'DocumentVerified',
  'FundReplenished',
  'LedgerReconciliationFailed',
  /** a milestone of the land leg was recorded (wave 2: vacated, disposed, certificate_cancelled, handed_over) */
  'MilestoneRecorded',
  /** the public notice ended without objection: the case goes to the town's audit (wave 2) */
  'NoticeClosed',
  /**
   * Collective payments (wave 2, contract land and equity): a tranche fell due, the village recorded its
   * payment, the household confirmed the receipt or disputed it (the town is told)
   */
  'CollectivePaymentDue',
  'CollectivePaymentRecorded',
  'CollectivePaymentConfirmed',
  'CollectivePaymentDisputed',
] as const;
export const domainEventTypeSchema = z.enum(DOMAIN_EVENT_TYPES);
export type DomainEventType = z.infer<typeof domainEventTypeSchema>;

export const domainEventSchema = z.strictObject({
  /** deterministic where the cause is (case, step, attempt) so that a re-run publishes the same id */
  eventId: z.string().min(1).max(200),
  type: domainEventTypeSchema,
  at: isoDateTimeSchema,
  actor: z.string().min(1),
  caseId: idSchema.optional(),
  householdId: idSchema.optional(),
  villageCode: z.string().optional(),
  districtCode: z.string().optional(),
  fromStatus: caseStatusSchema.optional(),
  toStatus: caseStatusSchema.optional(),
  detail: z.record(z.string(), z.unknown()).default({}),
  /**
   * Set by the publisher when the event's inbox items (shared/notifications) were written in the same
   * transaction as the change it tells of, so the notify consumer writes none. Absent: notify writes
   * them (conditionally, once per item), as for a re-sent event or one published outside a case write.
   */
  inboxWritten: z.literal(true).optional(),
});
export type DomainEvent = z.infer<typeof domainEventSchema>;
