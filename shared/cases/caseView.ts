import type { CaseSummary, CaseView } from '../contract/cases.js';
import type { DocumentRecord } from '../documents/documentModel.js';
import { scheduleOf } from '../domain/compensation/schedule.js';
import { type Case, escalationsOf, reviewStepOf } from '../domain/model/case.js';

/**
 * The case as API.md's `GET /cases/{caseId}` shows it, typed by the wire contract (shared/contract), so
 * a field the contract requires cannot be left out here. Storage-only fields (version, tokens, land
 * claims, the status before a failure) stay out of it.
 */
export function caseView(c: Case, documents: readonly DocumentRecord[]): CaseView {
  return {
    caseId: c.caseId,
    type: c.type,
    householdId: c.householdId,
    village: c.village,
    districtCode: c.districtCode,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    submittedAt: c.submittedAt,
    application: c.application,
    findings: c.findings.map(({ ruleId, clause, passed, messageZh, messageEn, subjects }) => ({
      ruleId,
      clause,
      passed,
      messageZh,
      messageEn,
      subjects,
    })),
    rightsCheck: c.rightsCheck,
    documents: documents.map((d) => ({
      documentId: d.documentId,
      kind: d.kind,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      status: d.status,
      ...(d.reason ? { reason: d.reason } : {}),
    })),
    reviews: c.reviews.map((r) => ({
      ...r,
      step: reviewStepOf(r),
      reasonCodes: r.reasonCodes ?? [],
      actor: r.reviewer,
    })),
    objections: c.objections,
    offers: c.offers,
    offeredAt: c.offeredAt,
    coolingOffEndsAt: c.coolingOffEndsAt,
    milestones: c.milestones ?? [],
    paymentSchedule: scheduleOf(c),
    choice: c.choice,
    agreement: c.agreement
      ? {
          agreementId: c.agreement.agreementId,
          option: c.agreement.option,
          amountFen: c.agreement.amountFen,
          payableFen: c.agreement.payableFen,
          balanceFen: c.agreement.balanceFen,
          rewardIncluded: c.agreement.rewardIncluded,
          signedAt: c.agreement.signedAt,
          documentKey: c.agreement.documentKey,
          surrendered: c.agreement.surrendered,
        }
      : undefined,
    advance: c.advance
      ? {
          status: c.advance.status,
          amountFen: c.advance.amountFen,
          requiredApprovals: c.advance.requiredApprovals,
          approvals: c.advance.approvals,
          ...(c.advance.paidAt ? { paidAt: c.advance.paidAt } : {}),
          ...(c.advance.rejectionReason ? { rejectionReason: c.advance.rejectionReason } : {}),
        }
      : undefined,
    pendingTask: c.pendingTask
      ? {
          kind: c.pendingTask.kind,
          dueAt: c.pendingTask.dueAt,
          escalated: c.pendingTask.escalated,
          escalations: escalationsOf(c.pendingTask),
        }
      : undefined,
    timeline: c.timeline,
    appeals: c.appeals,
    failure: c.failure,
    parametersVersion: c.parametersVersion,
  };
}

/** A row of `GET /cases`. */
export function caseSummary(c: Case): CaseSummary {
  return {
    caseId: c.caseId,
    type: c.type,
    householdId: c.householdId,
    village: c.village,
    districtCode: c.districtCode,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    pendingTask: c.pendingTask ? { kind: c.pendingTask.kind, dueAt: c.pendingTask.dueAt } : undefined,
    advance: c.advance
      ? {
          status: c.advance.status,
          amountFen: c.advance.amountFen,
          approvals: c.advance.approvals.length,
          requiredApprovals: c.advance.requiredApprovals,
        }
      : undefined,
  };
}
