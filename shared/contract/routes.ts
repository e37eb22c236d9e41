import type * as z from 'zod';
import { auditTrailSchema } from './audit.js';
import {
  agreementRescindedSchema,
  agreementSignedSchema,
  caseCreatedSchema,
  caseMovedSchema,
  caseWithdrawnSchema,
  objectionFiledSchema,
  reviewDecidedSchema,
} from './caseActions.js';
import { caseListSchema, caseViewSchema } from './cases.js';
import { caseClaimAnswerSchema } from './claims.js';
import { collectivePaymentAnswerSchema } from './collectivePayments.js';
import {
  agreementDocumentSchema,
  documentDownloadSchema,
  noticeListDocumentSchema,
  paymentReceiptDocumentSchema,
  uploadTicketSchema,
} from './documents.js';
import { exportFileSchema } from './exports.js';
import {
  advanceDecisionSchema,
  fundApprovalDecisionSchema,
  fundApprovalListSchema,
  fundApprovalViewSchema,
  fundOverviewSchema,
  fundViewSchema,
  ledgerPageSchema,
  quotaViewSchema,
  replenishmentSchema,
} from './fund.js';
import { milestoneRecordedSchema } from './milestones.js';
import { inboxSchema, notificationReadSchema } from './notifications.js';
import { policyParametersViewSchema } from './policy.js';
import { parameterHistorySchema, parameterProposalViewSchema } from './policyVersions.js';
import { householdRecordSchema, villageRecordSchema } from './registry.js';
import { registryImportAcceptedSchema, registryImportViewSchema } from './registryImports.js';
import { quarterlyReportSchema } from './reports.js';

/**
 * Every route's success answer: route id (shared/auth/authorization.ts ROUTE_IDS, the handler's file
 * name) → HTTP status → the schema of its JSON body. The HTTP edge parses each answer against it, so
 * every API test also checks the contract. Errors are problem+json (./problem.ts) on every route.
 *
 * `getQuarterlyReport` also answers `&format=csv|xlsx` with a file; only its JSON answer is listed here.
 * `exportLedger` answers a file only (./exports.ts).
 * The keys are spelled out rather than typed by RouteId: this module stays free of everything but zod
 * and the domain model (test/contract checks that the ids are exactly ROUTE_IDS).
 */
export const ROUTE_RESPONSES = {
  putVillage: { 200: villageRecordSchema },
  putHousehold: { 200: householdRecordSchema },
  getHousehold: { 200: householdRecordSchema },
  createCase: { 201: caseCreatedSchema },
  createDocument: { 201: uploadTicketSchema },
  getDocument: { 200: documentDownloadSchema },
  submitCase: { 202: caseMovedSchema },
  getCase: { 200: caseViewSchema },
  getCaseAudit: { 200: auditTrailSchema },
  listCases: { 200: caseListSchema },
  withdrawCase: { 200: caseWithdrawnSchema },
  rescindCase: { 200: agreementRescindedSchema },
  recordMilestone: { 200: milestoneRecordedSchema },
  recordCollectivePayment: { 201: collectivePaymentAnswerSchema },
  answerCollectivePayment: { 200: collectivePaymentAnswerSchema },
  getAgreement: { 200: agreementDocumentSchema },
  getPaymentReceipt: { 200: paymentReceiptDocumentSchema },
  reviewCase: { 200: reviewDecidedSchema },
  createObjection: { 201: objectionFiledSchema },
  chooseResettlement: { 200: agreementSignedSchema },
  decideAdvance: { 200: advanceDecisionSchema },
  appealCase: { 201: caseMovedSchema },
  getFund: { 200: fundViewSchema },
  getFundOverview: { 200: fundOverviewSchema },
  getLedger: { 200: ledgerPageSchema },
  exportLedger: { 200: exportFileSchema },
  // 202: above the district's four-eyes threshold, a pending proposal (issue 16)
  createReplenishment: { 201: replenishmentSchema, 202: fundApprovalViewSchema },
  proposeReversal: { 202: fundApprovalViewSchema },
  decideFundApproval: { 200: fundApprovalDecisionSchema },
  listFundApprovals: { 200: fundApprovalListSchema },
  getQuota: { 200: quotaViewSchema },
  getQuarterlyReport: { 200: quarterlyReportSchema },
  getNoticeList: { 200: noticeListDocumentSchema },
  getPolicyParameters: { 200: policyParametersViewSchema },
  proposePolicyParameters: { 201: parameterProposalViewSchema },
  approvePolicyParameters: { 200: parameterProposalViewSchema },
  getPolicyParameterHistory: { 200: parameterHistorySchema },
  listNotifications: { 200: inboxSchema },
  // issue 18
  claimCase: { 200: caseClaimAnswerSchema },
  releaseCase: { 200: caseClaimAnswerSchema },
  readNotification: { 200: notificationReadSchema },
  // issue 19: the bulk registry import; the template is a file (./exports.ts)
  createRegistryDocument: { 201: uploadTicketSchema },
  startRegistryImport: { 202: registryImportAcceptedSchema },
  getRegistryImport: { 200: registryImportViewSchema },
  getRegistryImportTemplate: { 200: exportFileSchema },
} as const satisfies Record<string, Readonly<Record<number, z.ZodType>>>;

export type ContractRouteId = keyof typeof ROUTE_RESPONSES;

/** The schema of a route's answer with that status, or undefined when the route does not answer it. */
export function responseSchema(routeId: ContractRouteId, status: number): z.ZodType | undefined {
  const byStatus: Readonly<Record<number, z.ZodType>> = ROUTE_RESPONSES[routeId];
  return byStatus[status];
}

/** The body type of a route's success answer. */
export type RouteResponse<R extends ContractRouteId> = z.infer<
  (typeof ROUTE_RESPONSES)[R][keyof (typeof ROUTE_RESPONSES)[R]]
>;
