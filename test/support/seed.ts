import { newId } from '../../shared/adapters/ids.js';
import { getCase, type PendingToken } from '../../shared/adapters/table/caseRepository.js';
import { putParameterVersion } from '../../shared/adapters/table/policyRepository.js';
import { putHousehold, putVillage } from '../../shared/adapters/table/registryRepository.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { offersFor } from '../../shared/domain/compensation/offers.js';
import type { Application, CaseType } from '../../shared/domain/model/application.js';
import type { Case, PendingTaskKind } from '../../shared/domain/model/case.js';
import { DISTRICTS, type DistrictCode } from '../../shared/domain/model/common.js';
import { type DomainEvent, domainEventSchema } from '../../shared/domain/model/event.js';
import { type Household, type HouseholdInput, householdSchema } from '../../shared/domain/model/household.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { type Village, villageSchema } from '../../shared/domain/model/village.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { type EventPort, setEventPort } from '../../shared/ports/events.js';
import { setWorkflowPort, type WorkflowPort } from '../../shared/ports/workflow.js';
import type { WorkflowInput } from '../../shared/workflow/contract.js';
import type { TestPrincipal } from './api.js';
import { createCase, saveCase } from './caseStore.js';

/**
 * Seed data for the API tests: two villages in two districts, the household "own" in the first and
 * "other" in the second, policy parameters for every district, and cases in any status. A resource
 * of "other" lies outside every scope of the principals below (other household, village, district).
 */
export const OWN_DISTRICT: DistrictCode = '370302';
export const OTHER_DISTRICT: DistrictCode = '370303';
export const OWN_VILLAGE = '370302101201';
export const OTHER_VILLAGE = '370303102203';
export const OWN_HOUSEHOLD = 'H-370302-0001';
export const OTHER_HOUSEHOLD = 'H-370303-0002';

export const VILLAGES: Record<'own' | 'other', Village> = {
  own: villageSchema.parse({
    villageCode: OWN_VILLAGE,
    name: '西河村',
    townName: '西河镇',
    districtCode: OWN_DISTRICT,
    tier: 2,
  }),
  other: villageSchema.parse({
    villageCode: OTHER_VILLAGE,
    name: '东庄村',
    townName: '中埠镇',
    districtCode: OTHER_DISTRICT,
    tier: 1,
  }),
};

/** A household record in the shape of API.md (adults m1 and m2, one parcel, two contract plots). */
export function householdRecord(householdId: string, villageCode: string): HouseholdInput {
  return {
    householdId,
    villageCode,
    headMemberId: 'm1',
    members: [
      {
        memberId: 'm1',
        name: '张三',
        nationalId: '370302197003081234',
        birthDate: '1970-03-08',
        relation: 'head',
      },
      {
        memberId: 'm2',
        name: '李四',
        nationalId: '37030219720520242X',
        birthDate: '1972-05-20',
        relation: 'spouse',
      },
    ],
    homesteads: [
      {
        parcelId: 'P1',
        // one certificate per household: the registry refuses a number another household holds
        certificateNo: `鲁(2020)淄川区不动产权第${householdId}-P1号`,
        areaM2: 220,
        status: 'registered',
        mortgageeConsent: false,
        building: { floorAreaM2: 150, structure: 'brick_concrete', yearBuilt: 2005 },
        attachments: [{ item: 'well', quantity: 1 }],
      },
    ],
    contractPlots: [
      { plotId: 'C1', areaMu: 2.5, termEnd: '2057-12-31', status: 'normal' },
      { plotId: 'C2', areaMu: 1.2, termEnd: '2057-12-31', status: 'normal' },
    ],
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 3 },
    nonFarm: { socialInsuranceMonths: 48, urbanResidenceMonths: 30, businessLicenceMonths: 0 },
    socialInsurance: ['medical', 'pension'],
  };
}

export const HOUSEHOLDS: Record<'own' | 'other', Household> = {
  own: householdSchema.parse(householdRecord(OWN_HOUSEHOLD, OWN_VILLAGE)),
  other: householdSchema.parse(householdRecord(OTHER_HOUSEHOLD, OTHER_VILLAGE)),
};

/** A valid POST /cases body for the household. */
export function applicationBody(
  householdId: string,
  type: CaseType = 'homestead_exit',
): Application & Record<string, unknown> {
  const consents = ['m1', 'm2'].map((memberId) => ({
    memberId,
    consented: true as const,
    signedAt: '2025-06-01T09:00:00+08:00',
  }));
  if (type === 'homestead_exit') {
    return { type, householdId, parcelIds: ['P1'], consents, declarations: { voluntary: true } };
  }
  if (type === 'equity_exit') {
    return { type, householdId, shares: 1, consents, declarations: { voluntary: true } };
  }
  return {
    type,
    householdId,
    scope: 'partial',
    term: 'current_term',
    plotIds: ['C1'],
    consents,
    declarations: { voluntary: true },
  };
}

/** The principals of the tests: one per role, scoped to "own"; the others only where a test needs them. */
export const principals = {
  applicant: { sub: 'applicant-own', groups: ['applicant'], householdId: OWN_HOUSEHOLD },
  otherApplicant: { sub: 'applicant-other', groups: ['applicant'], householdId: OTHER_HOUSEHOLD },
  reviewer: { sub: 'reviewer-own', groups: ['village_reviewer'], village: OWN_VILLAGE },
  otherReviewer: { sub: 'reviewer-other', groups: ['village_reviewer'], village: OTHER_VILLAGE },
  fundAdmin: { sub: 'fund-admin-own', groups: ['fund_admin'], district: OWN_DISTRICT },
  registrar: { sub: 'registrar', groups: ['registrar'] },
  auditor: { sub: 'auditor-own', groups: ['auditor'], district: OWN_DISTRICT },
  otherAuditor: { sub: 'auditor-other', groups: ['auditor'], district: OTHER_DISTRICT },
  /** the review chain's town (the first 9 digits of the own village) and district */
  townReviewer: { sub: 'town-reviewer-own', groups: ['town_reviewer'], town: OWN_VILLAGE.slice(0, 9) },
  districtApprover: { sub: 'district-approver-own', groups: ['district_approver'], district: OWN_DISTRICT },
  /** the land leg (wave 2): a second village reviewer confirms the vacating (one duty per person) */
  villageClerk: { sub: 'village-clerk-own', groups: ['village_reviewer'], village: OWN_VILLAGE },
  landOfficer: { sub: 'land-officer-own', groups: ['land_officer'], district: OWN_DISTRICT },
} satisfies Record<string, TestPrincipal>;

/** Another reviewer of the same village (for races between reviewers). */
export function reviewerOfOwnVillage(n: number): TestPrincipal {
  return { sub: `reviewer-own-${n}`, groups: ['village_reviewer'], village: OWN_VILLAGE };
}

/** Villages, households and every district's parameters, written through the repositories. */
export async function seedRegistry(): Promise<void> {
  const at = '2025-01-01T00:00:00.000Z';
  for (const v of Object.values(VILLAGES)) await putVillage(v, 'seed', at);
  for (const h of Object.values(HOUSEHOLDS)) await putHousehold(h, 'seed', at);
  for (const d of Object.keys(DISTRICTS) as DistrictCode[])
    await putParameterVersion(illustrativeParameters(d));
}

// ---------------------------------------------------------------------------------------------------
// cases

/** The waiting step of each status that has one, as the workflow records it. */
const WAITING_KIND: Partial<Record<CaseStatus, PendingTaskKind>> = {
  village_review: 'village_review',
  town_review: 'town_review',
  district_approval: 'district_approval',
  returned: 'resubmission',
  offers: 'resettlement_choice',
  fund_review: 'fund_review',
  awaiting_funds: 'fund_review',
};

const PRICED: CaseStatus[] = [
  'offers',
  'agreement_signed',
  'fund_review',
  'awaiting_funds',
  'disbursed',
  'reserved',
  'closed',
  // the land leg (wave 2): signed, and the advance's first payment made
  'vacating',
  'disposing',
  'cancelling',
  'handing_over',
  // wave 2: signed, in or after the cooling-off; contract land and equity paid by the collective
  'cooling_off',
  'paying',
];
const SIGNED: CaseStatus[] = PRICED.filter((s) => s !== 'offers');

export interface SeedCaseOptions {
  household?: 'own' | 'other';
  status?: CaseStatus;
  type?: CaseType;
  /**
   * Store a task token as the workflow does when it reaches a human step: `true` for a token of the
   * case's own status, or an explicit token (e.g. one belonging to another status).
   */
  token?: boolean | PendingToken;
  patch?: Partial<Case>;
  /** store the case as one written before land claims existed (no `landClaims`: it holds by status) */
  legacyClaims?: boolean;
}

export interface SeededCase {
  caseId: string;
  case: Case;
  token?: PendingToken;
}

/**
 * A case in any status, written with the repository's own createCase (so its keys and audit entry are
 * those of the application) and, for a waiting step, a task token stored by saveCase.
 */
export async function seedCase(opts: SeedCaseOptions = {}): Promise<SeededCase> {
  const which = opts.household ?? 'own';
  const household = HOUSEHOLDS[which];
  const village = VILLAGES[which];
  const status = opts.status ?? 'draft';
  const type = opts.type ?? 'homestead_exit';
  const now = new Date().toISOString();
  const caseId = newId('C', now);
  const application = applicationBody(household.householdId, type) as Application;
  const params = illustrativeParameters(village.districtCode);
  const priced = PRICED.includes(status);
  const offeredAt = priced ? now : undefined;
  // an equity exit is priced at its collective's share value (here 123.45 元 a share)
  const equity = type === 'equity_exit' ? { shareValueFen: 12_345 } : undefined;
  const offers = offeredAt ? offersFor(application, household, village.tier, params, offeredAt, equity) : [];
  const firstOffer = offers[0];
  const agreement =
    SIGNED.includes(status) && offeredAt && firstOffer
      ? signAgreement({
          agreementId: `AG-${caseId.replace(/^C-/, '')}`,
          caseId,
          application,
          plotIdsInScope: application.type === 'contract_land_exit' ? (application.plotIds ?? []) : [],
          offers,
          option: firstOffer.option,
          offeredAt,
          rewardDays: params.rewardDays,
          signedAt: now,
          parametersVersion: params.version,
          documentKey: `cases/${caseId}/agreements/AG-${caseId.replace(/^C-/, '')}.json`,
        })
      : undefined;
  const advanceStatus =
    status === 'fund_review'
      ? 'pending_approval'
      : status === 'awaiting_funds'
        ? 'queued'
        : ['disbursed', 'reserved', 'closed', 'vacating', 'disposing', 'cancelling', 'handing_over'].includes(
              status,
            )
          ? 'paid'
          : undefined;
  const c: Case = {
    caseId,
    type,
    householdId: household.householdId,
    village: village.villageCode,
    districtCode: village.districtCode,
    application,
    status,
    version: 0,
    createdAt: now,
    updatedAt: now,
    ...(status !== 'draft' ? { submittedAt: now } : {}),
    findings: [],
    reviews: [],
    objections: [],
    offers,
    ...(offeredAt ? { offeredAt, parametersVersion: params.version } : {}),
    ...(agreement ? { choice: agreement.option, agreement } : {}),
    ...(advanceStatus && agreement
      ? {
          advance: {
            status: advanceStatus,
            amountFen: agreement.payableFen,
            requiredApprovals: agreement.payableFen > params.fourEyesThresholdFen ? 2 : 1,
            approvals: [],
            ...(advanceStatus !== 'pending_approval' ? { approvedAt: now } : {}),
            ...(advanceStatus === 'paid' ? { paidAt: now } : {}),
          },
        }
      : {}),
    ...(status === 'rejected' ? { rejectedAt: 'village_review' as const } : {}),
    timeline: [{ at: now, status, actor: 'seed', note: `seeded in ${status}` }],
    appeals: [],
    // Seeded cases of one household all name its parcel P1; as fixtures they hold no land claim, or each
    // would block the next (a case with no `landClaims` holds by status, like one stored before claims
    // existed: `legacyClaims`). Claims are tested in test/workflow/landClaims.test.ts.
    ...(opts.legacyClaims ? {} : { landClaims: [] }),
    ...opts.patch,
  };
  await createCase(c, { actor: 'seed', action: 'case.seeded' });
  if (!opts.token) return { caseId, case: c };

  const token: PendingToken =
    opts.token === true ? { token: `task-token-${caseId}-${status}-${now}`, status } : opts.token;
  const read = await getCase(caseId);
  if (!read) throw new Error(`seeded case ${caseId} cannot be read back`);
  const kind = WAITING_KIND[token.status] ?? 'village_review';
  const waiting = touchCase(read.case, {
    actor: 'system:workflow',
    at: new Date(Date.parse(now) + 1).toISOString(),
    note: `waiting for ${kind}`,
    patch: {
      pendingTask: {
        kind,
        dueAt: new Date(Date.parse(now) + 15 * 86_400_000).toISOString(),
        escalated: false,
      },
    },
  });
  await saveCase(read, waiting, {
    newToken: token,
    audit: { actor: 'system:workflow', action: 'task.waiting', detail: { kind } },
  });
  return { caseId, case: waiting, token };
}

// ---------------------------------------------------------------------------------------------------
// recording doubles

/**
 * Doubles for the workflow and event ports. They are doubles, not emulators, because Step Functions
 * and EventBridge have no local implementation until the local-runtime issue provides one; what the
 * API owes them is a call (start an execution, resume a token, publish an event), which these record
 * so tests can count them. Events are checked against the domain event schema, as EventBridgePort does
 * before it sends, so a malformed event still fails the test.
 */
export class RecordingWorkflow implements WorkflowPort {
  readonly started: { executionName: string; input: WorkflowInput }[] = [];
  readonly resumed: { token: string; output: unknown }[] = [];
  readonly failed: { token: string; error: string; cause: string }[] = [];

  async startCase(executionName: string, input: WorkflowInput): Promise<void> {
    this.started.push({ executionName, input });
  }
  async resumeTask(token: string, output: unknown): Promise<void> {
    this.resumed.push({ token, output });
  }
  async failTask(token: string, error: string, cause: string): Promise<void> {
    this.failed.push({ token, error, cause });
  }
  reset(): void {
    this.started.length = 0;
    this.resumed.length = 0;
    this.failed.length = 0;
  }
}

export class RecordingEvents implements EventPort {
  readonly published: DomainEvent[] = [];

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const e of events) this.published.push(domainEventSchema.parse(e));
  }
  ofCase(caseId: string, type?: DomainEvent['type']): DomainEvent[] {
    return this.published.filter((e) => e.caseId === caseId && (type === undefined || e.type === type));
  }
  reset(): void {
    this.published.length = 0;
  }
}

export interface Doubles {
  workflow: RecordingWorkflow;
  events: RecordingEvents;
}

/** Installs fresh recording doubles as the workflow and event ports. */
export function installDoubles(): Doubles {
  const doubles = { workflow: new RecordingWorkflow(), events: new RecordingEvents() };
  setWorkflowPort(doubles.workflow);
  setEventPort(doubles.events);
  return doubles;
}
