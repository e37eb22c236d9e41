import { household as demoHousehold, homestead, plot } from '../../local/seed/demoRecords.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { claimTargets } from '../../shared/cases/landClaims.js';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { offersFor, plotsInScope } from '../../shared/domain/compensation/offers.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import { assessEligibility } from '../../shared/domain/eligibility/assess.js';
import type { Application, CaseType } from '../../shared/domain/model/application.js';
import { type Case, caseSchema, type Milestone, type Review } from '../../shared/domain/model/case.js';
import type { DistrictCode } from '../../shared/domain/model/common.js';
import { type Household, householdSchema } from '../../shared/domain/model/household.js';
import type { PolicyParameters } from '../../shared/domain/model/policy.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import type { Tranche } from '../../shared/domain/model/tranche.js';
import type { Village } from '../../shared/domain/model/village.js';
import { rightsCheck } from '../../shared/domain/rights/rightsCheck.js';
import { openAdvance, trancheEntryId } from '../../shared/fund/advance.js';
import { PATH, passed, pendingTaskOf, reached } from './statuses.js';

/**
 * One case of the scale benchmark with everything around it, built by the domain's own functions as
 * the commands would have built it: the household (the demo's record builder), the application, the
 * eligibility findings and the rights check (assessEligibility, rightsCheck), the offers
 * (offersFor), the signed agreement (signAgreement) and its payment schedule (paymentSchedule), the
 * advance (openAdvance) and its tranches' ledger entry ids (trancheEntryId), the reviews, milestones
 * and timeline of each step it passed. The case is parsed with caseSchema, as every handler parses it.
 */

const DAY = 86_400_000;
/** days between two steps of a case (a case passes ≤ 15 steps: ≤ 75 days from filing to closing) */
const STEP_DAYS = 5;

export interface FundPayment {
  district: DistrictCode;
  caseId: string;
  agreementId: string;
  tranche: number;
  milestone: Tranche['milestone'];
  amountFen: number;
  at: string;
  entryId: string;
}

export interface CaseBundle {
  household: Household;
  case: Case;
  /** the tranches the special fund paid (homestead only), each one ledger entry */
  payments: FundPayment[];
  /** the tranche waiting in the fund's queue (awaiting_funds), if any */
  queuedFen: number;
  /** when the case entered each status it passed, in order (for the events) */
  steps: { status: CaseStatus; at: string }[];
}

export interface CaseSpec {
  n: number;
  type: CaseType;
  status: CaseStatus;
  village: Village;
  params: PolicyParameters;
  /** when the household filed */
  createdAt: number;
}

/** the cause the generated `failed` cases carry (a re-drive's own failures carry another) */
export const GENERATED_FAILURE = 'offers: parameters unavailable';

const iso = (ms: number) => new Date(ms).toISOString();

/** A household of the village fit for its case type (number `n`, unique across the benchmark). */
export function scaleHousehold(n: number, type: CaseType, villageCode: string): Household {
  const members = 2 + (n % 4);
  const area = 160 + (n % 9) * 15;
  return householdSchema.parse(
    demoHousehold(n, villageCode, {
      members,
      homesteads: [homestead(`P${n}01`, area)],
      plots: [plot(`C${n}01`, 1.5 + (n % 5) * 0.5), plot(`C${n}02`, 0.8)],
      equityShares: type === 'equity_exit' ? 20 : 3,
    }),
  );
}

function application(type: CaseType, h: Household, signedAt: string): Application {
  const consents = h.members
    .filter((m) => Number(m.birthDate.slice(0, 4)) <= 2000)
    .map((m) => ({ memberId: m.memberId, consented: true as const, signedAt }));
  const declarations = { voluntary: true as const };
  if (type === 'equity_exit') return { type, householdId: h.householdId, shares: 12, consents, declarations };
  if (type === 'contract_land_exit') {
    return { type, householdId: h.householdId, scope: 'all', term: 'current_term', consents, declarations };
  }
  const parcelIds = h.homesteads.slice(0, 1).map((p) => p.parcelId);
  return { type, householdId: h.householdId, parcelIds, consents, declarations };
}

const STAFF = {
  village: (v: Village) => `reviewer-${v.villageCode}`,
  clerk: (v: Village) => `village-clerk-${v.villageCode}`,
  town: (v: Village) => `town-reviewer-${townOfVillage(v.villageCode)}`,
  district: (v: Village) => `district-approver-${v.districtCode}`,
  fund: (v: Village, s: 'a' | 'b') => `fund-${v.districtCode}-${s}`,
  land: (v: Village) => `land-officer-${v.districtCode}`,
};

const NOTES: Partial<Record<CaseStatus, string>> = {
  draft: '农户填写申请',
  submitted: '农户提交申请',
  eligibility: '系统审查资格',
  village_review: '资格审查通过，待村集体审核',
  public_notice: '村集体审核通过，公示中',
  town_review: '公示期满无异议，待乡镇审核',
  district_approval: '乡镇审核通过，待区县审批',
  offers: '区县审批通过，补偿方案已生成',
  agreement_signed: '农户签订退出协议',
  cooling_off: '冷静期开始',
  fund_review: '冷静期届满，待基金审核',
  vacating: '基金已垫付首期补偿，待腾退',
  disposing: '已腾退，待处置',
  cancelling: '已处置，待注销登记',
  paying: '待集体支付',
  handing_over: '待交回承包地',
  closed: '退出完成，结案',
  ineligible: '不符合退出条件',
  rights_blocked: '权益核查未通过',
  returned: '退回补正材料',
  resubmitted: '农户补正后重新提交',
  rejected: '村集体审核不予通过',
  withdrawn: '农户撤回申请',
  rescinded: '农户在冷静期内解除协议',
  awaiting_funds: '基金余额不足，排队待付',
  failed: '系统处理失败，待人工处理',
};

export function buildCase(spec: CaseSpec): CaseBundle {
  const { n, type, status, village, params } = spec;
  const h = scaleHousehold(n, type, village.villageCode);
  const at = (k: number) => iso(spec.createdAt + k * STEP_DAYS * DAY + (n % 97) * 60_000);
  const r = reached(type, status);
  const path = PATH[type];
  const sideStatus = path.includes(status) ? undefined : status;
  const updatedAt = at(sideStatus ? r + 1 : r);
  const caseId = `C-${at(0).slice(0, 10).replaceAll('-', '')}-S${String(n).padStart(7, '0')}`;
  const app = application(type, h, at(0));
  const ctx = { application: app, household: h, village, params, asOf: at(2).slice(0, 10) };
  const ineligible = status === 'ineligible';
  const findings =
    r >= 2 && !(status === 'draft' || status === 'submitted' || status === 'eligibility')
      ? assessEligibility({
          ...ctx,
          ...(ineligible ? { params: { ...params, programmeOpen: false } } : {}),
          otherOpenCases: [],
        })
      : [];
  const assessed = findings.length > 0;
  const steps = path.slice(0, r + 1).map((s, k) => ({ status: s, at: at(k) }));
  if (sideStatus) steps.push({ status: sideStatus, at: updatedAt });

  const reviews: Review[] = [];
  const villageDecision =
    status === 'rejected'
      ? 'reject'
      : status === 'returned' || status === 'resubmitted'
        ? 'return'
        : 'approve';
  if (passed(type, status, 'village_review') || ['rejected', 'returned', 'resubmitted'].includes(status)) {
    reviews.push({
      step: 'village_review',
      decision: villageDecision,
      reasonCodes: [villageDecision === 'approve' ? 'facts_verified' : 'documents_incomplete'],
      reasons: [],
      resolution: { meetingDate: at(4).slice(0, 10), membersPresent: 40, votesFor: 36, votesAgainst: 2 },
      reviewer: STAFF.village(village),
      at: sideStatus ? updatedAt : at(4),
    });
  }
  if (passed(type, status, 'town_review')) {
    reviews.push({
      step: 'town_review',
      decision: 'approve',
      reasonCodes: ['facts_verified'],
      reasons: [],
      reviewer: STAFF.town(village),
      at: at(6),
    });
  }
  if (passed(type, status, 'district_approval')) {
    reviews.push({
      step: 'district_approval',
      decision: 'approve',
      reasonCodes: ['facts_verified'],
      reasons: [],
      reviewer: STAFF.district(village),
      at: at(7),
    });
  }

  const offered = r >= 7 && status !== 'failed';
  const offers = offered
    ? offersFor(app, h, village.tier, params, at(7), { shareValueFen: village.shareValueFen ?? 85_000 })
    : [];
  const signed = r >= 8;
  const option = offers[0]?.option;
  const agreement =
    signed && option
      ? {
          ...signAgreement({
            agreementId: `AG-${caseId.slice(2)}`,
            caseId,
            application: app,
            plotIdsInScope: plotsInScope(app, h).map((p) => p.plotId),
            offers,
            option,
            offeredAt: at(7),
            rewardDays: params.rewardDays,
            signedAt: at(8),
            parametersVersion: params.version,
            documentKey: `cases/${caseId}/agreements/${'a'.repeat(64)}.pdf`,
          }),
          sha256: 'a'.repeat(64),
          contentSha256: 'b'.repeat(64),
          sizeBytes: 184_000 + (n % 1000),
        }
      : undefined;

  const payments: FundPayment[] = [];
  let queuedFen = 0;
  let schedule: Tranche[] | undefined;
  let advance: Case['advance'];
  const milestones: Milestone[] = [];
  if (agreement) {
    const base = paymentSchedule(type, agreement.payableFen);
    const count = base.length;
    const paidBy = (t: Tranche): string | undefined => {
      if (type === 'homestead_exit') {
        if (t.milestone === 'approval' && r >= 11) return at(11);
        if (t.milestone === 'disposed' && r >= 13) return at(13);
        if (t.milestone === 'certificate_cancelled' && r >= 14) return at(14);
        return undefined;
      }
      if (type === 'contract_land_exit') {
        if (t.milestone === 'cooling_off_ended' && r >= 11) return at(11);
        if (t.milestone === 'handed_over' && r >= 12) return at(12);
        return undefined;
      }
      return r >= 11 ? at(11) : undefined;
    };
    schedule = base.map((t) => {
      const paidAt = paidBy(t);
      if (t.payer === 'fund') {
        if (status === 'awaiting_funds' && t.milestone === 'approval') {
          queuedFen += t.amountFen;
          return { ...t, status: 'queued', queuedAt: updatedAt };
        }
        if (!paidAt) return t;
        const entryId = trancheEntryId(agreement.agreementId, t.tranche, count);
        payments.push({
          district: village.districtCode,
          caseId,
          agreementId: agreement.agreementId,
          tranche: t.tranche,
          milestone: t.milestone,
          amountFen: t.amountFen,
          at: paidAt,
          entryId,
        });
        return { ...t, status: 'paid', paidAt, entryId };
      }
      if (!paidAt) return status === 'paying' && t.tranche === 1 ? { ...t, status: 'payable' } : t;
      return {
        ...t,
        status: 'confirmed',
        paidAt,
        paymentId: `COL-${agreement.agreementId}-T${t.tranche}`,
        bankReference: `NB${String(n).padStart(10, '0')}${t.tranche}`,
        recordedBy: STAFF.clerk(village),
        confirmedAt: paidAt,
      };
    });
    if (type === 'homestead_exit' && r >= 10) {
      const opened = openAdvance(agreement, params, at(10));
      const approvals = (['a', 'b'] as const).slice(0, opened.requiredApprovals).map((s) => ({
        adminId: STAFF.fund(village, s),
        decision: 'approve' as const,
        note: '材料齐全，同意垫付',
        at: at(10),
      }));
      advance =
        status === 'fund_review'
          ? opened
          : status === 'awaiting_funds'
            ? { ...opened, status: 'queued', approvals, approvedAt: updatedAt }
            : {
                ...opened,
                status: 'paid',
                approvals,
                approvedAt: at(11),
                paidAt: at(11),
                entryId: trancheEntryId(agreement.agreementId, 1, count),
              };
    }
    if (type === 'homestead_exit') {
      const area = h.homesteads[0]?.areaM2 ?? 0;
      if (r >= 12)
        milestones.push({
          kind: 'vacated',
          at: at(12),
          actor: STAFF.clerk(village),
          documentIds: [`D-${n}-4`],
        });
      if (r >= 13)
        milestones.push({
          kind: 'disposed',
          at: at(13),
          actor: STAFF.land(village),
          disposition: 'reclaimed',
          acceptanceNo: `FKYS-${caseId}`,
          acceptedAreaM2: area,
        });
      if (r >= 14)
        milestones.push({
          kind: 'certificate_cancelled',
          at: at(14),
          actor: 'registrar',
          cancellationNo: `ZX-${caseId}`,
        });
    } else if (type === 'contract_land_exit' && r >= 12) {
      milestones.push({
        kind: 'handed_over',
        at: at(12),
        actor: STAFF.clerk(village),
        taker: { name: `${village.name}股份经济合作社` },
      });
    }
  }

  const task = pendingTaskOf(status);
  const timeline = steps.map((s) => ({
    at: s.at,
    status: s.status,
    actor: s.status === 'draft' || s.status === 'submitted' ? `applicant-${h.householdId}` : 'system',
    note: NOTES[s.status] ?? s.status,
    action: `case.${s.status}`,
  }));
  const released = ['withdrawn', 'rejected', 'rescinded', 'ineligible', 'rights_blocked'].includes(status);
  const c = {
    caseId,
    type,
    householdId: h.householdId,
    village: village.villageCode,
    districtCode: village.districtCode,
    application: app,
    status,
    version: timeline.length,
    createdAt: at(0),
    updatedAt,
    ...(r >= 1 ? { submittedAt: at(1) } : {}),
    findings,
    ...(assessed ? { rightsCheck: rightsCheck({ household: h, application: app }) } : {}),
    reviews,
    objections: [],
    offers,
    ...(offered ? { offeredAt: at(7), parametersVersion: params.version } : {}),
    ...(agreement ? { choice: agreement.option, agreement, coolingOffEndsAt: at(10) } : {}),
    ...(milestones.length > 0 ? { milestones } : {}),
    ...(advance ? { advance } : {}),
    ...(type === 'equity_exit' && passed(type, status, 'village_review')
      ? {
          equity: {
            sharesGoTo: 'collective_share' as const,
            ...(offered
              ? { shareValueFen: village.shareValueFen ?? 85_000, redemptionYear: Number(at(7).slice(0, 4)) }
              : {}),
            ...(status === 'closed' ? { sharesCancelledAt: at(11) } : {}),
          },
        }
      : {}),
    ...(schedule ? { paymentSchedule: schedule } : {}),
    ...(task
      ? { pendingTask: { kind: task, dueAt: iso(Date.parse(updatedAt) + 15 * DAY), escalated: false } }
      : {}),
    timeline,
    appeals: [],
    ...(status === 'rejected' ? { rejectedAt: 'village_review' as const } : {}),
    ...(status === 'failed'
      ? {
          statusBeforeFailure: 'offers' as const,
          failure: { cause: GENERATED_FAILURE, at: updatedAt },
        }
      : {}),
    ...(assessed && type !== 'equity_exit'
      ? { landClaims: released ? [] : claimTargets(app, h) }
      : assessed
        ? { landClaims: [] }
        : {}),
  };
  return { household: h, case: caseSchema.parse(c), payments, queuedFen, steps };
}
