import type { CaseSummary, CaseView } from '../contract/cases.js';
import type { DocumentRecord } from '../documents/documentModel.js';
import { scheduleOf } from '../domain/compensation/schedule.js';
import { qualificationChoice } from '../domain/model/application.js';
import { type Case, escalationsOf, reviewStepOf } from '../domain/model/case.js';
import { activeClaim, claimedByView } from './deskClaims.js';
import { pendingRole } from './pendingRole.js';

/** The case number and the names a person reads (issue 18), as the case kept them at filing. */
function namesOf(c: Case) {
  return {
    ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}),
    ...(c.names
      ? { householdHeadName: c.names.householdHead, villageName: c.names.village, townName: c.names.town }
      : {}),
  };
}

/** The application as filed, each consent with the member's name when the case kept the names. */
function applicationView(c: Case): CaseView['application'] {
  const members = new Map(c.names?.members.map((m) => [m.memberId, m.name]));
  if (members.size === 0) return c.application;
  return {
    ...c.application,
    consents: c.application.consents.map((x) => {
      const name = members.get(x.memberId);
      return name ? { ...x, name } : x;
    }),
  } as CaseView['application'];
}

/**
 * The case as API.md's `GET /cases/{caseId}` shows it, typed by the wire contract (shared/contract), so
 * a field the contract requires cannot be left out here. Storage-only fields (version, tokens, land
 * claims, the status before a failure) stay out of it.
 */
export function caseView(c: Case, documents: readonly DocumentRecord[]): CaseView {
  return {
    caseId: c.caseId,
    ...namesOf(c),
    ...(c.names ? { memberNames: c.names.members } : {}),
    type: c.type,
    householdId: c.householdId,
    village: c.village,
    districtCode: c.districtCode,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    submittedAt: c.submittedAt,
    application: applicationView(c),
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
          ...(c.agreement.sha256 ? { sha256: c.agreement.sha256 } : {}),
          ...(c.agreement.contentSha256 ? { contentSha256: c.agreement.contentSha256 } : {}),
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
          role: pendingRole(c),
          escalated: c.pendingTask.escalated,
          escalations: escalationsOf(c.pendingTask),
        }
      : undefined,
    timeline: c.timeline,
    appeals: c.appeals,
    failure: c.failure,
    parametersVersion: c.parametersVersion,
    ...(c.application.type === 'homestead_exit'
      ? { qualificationRight: qualificationChoice(c.application) }
      : {}),
    ...(c.application.type === 'equity_exit'
      ? { equity: { shares: c.application.shares, ...(c.equity ?? {}) } }
      : {}),
  };
}

/** A row of `GET /cases`. */
export function caseSummary(c: Case): CaseSummary {
  return {
    caseId: c.caseId,
    ...namesOf(c),
    type: c.type,
    householdId: c.householdId,
    village: c.village,
    districtCode: c.districtCode,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    pendingTask: c.pendingTask
      ? { kind: c.pendingTask.kind, dueAt: c.pendingTask.dueAt, role: pendingRole(c) }
      : undefined,
    advance: c.advance
      ? {
          status: c.advance.status,
          amountFen: c.advance.amountFen,
          approvals: c.advance.approvals.length,
          requiredApprovals: c.advance.requiredApprovals,
        }
      : undefined,
    ...summaryDesk(c),
  };
}

/** The desk queues' fields (issue 18): when it was filed, and the claim of the step it waits in. */
function summaryDesk(c: Case): Pick<CaseSummary, 'submittedAt' | 'claimedBy'> {
  const claim = activeClaim(c);
  return {
    ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
    ...(claim ? { claimedBy: claimedByView(claim) } : {}),
  };
}
