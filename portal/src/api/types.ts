/**
 * The wire shapes of ../shared/API.md that the portal reads. Only what the screens use is typed; the
 * server may send more (the contract allows extra fields), and optional extensions of
 * docs/api-conformance.md are marked optional so the portal keeps working against API.md alone.
 */

export type Role = 'applicant' | 'village_reviewer' | 'fund_admin' | 'registrar' | 'auditor';

export type CaseType = 'homestead_exit' | 'contract_land_exit';

export type CaseStatus =
  | 'draft'
  | 'submitted'
  | 'eligibility'
  | 'ineligible'
  | 'rights_blocked'
  | 'village_review'
  | 'returned'
  | 'resubmitted'
  | 'rejected'
  | 'public_notice'
  | 'offers'
  | 'agreement_signed'
  | 'fund_review'
  | 'awaiting_funds'
  | 'disbursed'
  | 'reserved'
  | 'closed'
  | 'withdrawn'
  | 'failed';

export type ResettlementOption = 'cash' | 'urban_housing' | 'town_housing';
export type PendingTaskKind = 'village_review' | 'resubmission' | 'resettlement_choice' | 'fund_review';
export type DocumentKind =
  | 'id_card'
  | 'hukou'
  | 'property_certificate'
  | 'social_insurance'
  | 'residence_proof'
  | 'consent_form'
  | 'other';
export type RightName =
  | 'homestead_use'
  | 'homestead_qualification'
  | 'contract_land'
  | 'collective_income_distribution'
  | 'equity_shares'
  | 'social_insurance';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  violations?: { right: RightName; messageZh: string; messageEn: string }[];
  caseStatus?: CaseStatus;
  /** 409s of the document viewer: why a file cannot be served */
  documentStatus?: 'pending' | 'accepted' | 'rejected';
  reason?: string;
}

export interface LocalUser {
  userId: string;
  displayName?: string;
  groups: Role[];
  householdId?: string;
  village?: string;
  district?: string;
}

export interface Member {
  memberId: string;
  name: string;
  nationalId: string;
  birthDate: string;
  relation: string;
}

export interface Homestead {
  parcelId: string;
  certificateNo: string;
  areaM2: number;
  status: 'registered' | 'illegal_occupation' | 'disputed' | 'mortgaged' | 'seized';
  mortgageeConsent?: boolean;
  building?: { floorAreaM2: number; structure: string; yearBuilt: number };
  attachments?: { item: string; quantity: number }[];
}

export interface ContractPlot {
  plotId: string;
  areaMu: number;
  termEnd: string;
  status: 'normal' | 'leased' | 'disputed' | 'mortgaged';
}

export interface Household {
  householdId: string;
  villageCode: string;
  headMemberId: string;
  members: Member[];
  homesteads: Homestead[];
  contractPlots: ContractPlot[];
  rights: { homesteadQualification: boolean; collectiveIncomeDistribution: boolean; equityShares: number };
  nonFarm: { socialInsuranceMonths: number; urbanResidenceMonths: number; businessLicenceMonths: number };
  socialInsurance: string[];
}

export interface Consent {
  memberId: string;
  consented: true;
  signedAt: string;
}

export type Application =
  | {
      type: 'homestead_exit';
      householdId: string;
      parcelIds: string[];
      consents: Consent[];
      declarations: { voluntary: true };
    }
  | {
      type: 'contract_land_exit';
      householdId: string;
      scope: 'all' | 'partial';
      term: 'current_term' | 'permanent';
      plotIds?: string[];
      consents: Consent[];
      declarations: { voluntary: true };
    };

export interface Finding {
  ruleId: string;
  clause: string;
  passed: boolean;
  messageZh: string;
  messageEn: string;
  subjects?: string[];
}

export interface RightsSnapshot {
  homesteadUse: string[];
  homesteadQualification: boolean;
  contractLand: string[];
  collectiveIncomeDistribution: boolean;
  equityShares: number;
  socialInsurance: string[];
}

export interface RightsCheck {
  passed: boolean;
  before: RightsSnapshot;
  after: RightsSnapshot;
  violations: { right: RightName; messageZh: string; messageEn: string }[];
}

export interface CaseDocument {
  documentId: string;
  kind: DocumentKind;
  contentType: string;
  sizeBytes: number;
  status: 'pending' | 'accepted' | 'rejected';
  reason?: string;
}

export interface OfferLine {
  component: string;
  subject: string;
  formula: string;
  amountFen: number;
}

export interface Offer {
  option: ResettlementOption;
  amountFen: number;
  amountWithoutRewardFen?: number;
  entitledAreaM2?: number;
  priceFen?: number;
  balanceFen?: number;
  breakdown: {
    landFen: number;
    buildingFen: number;
    attachmentsFen: number;
    premiumFen: number;
    rewardFen: number;
  };
  lines?: OfferLine[];
  rewardDeadline?: string;
}

export interface Approval {
  adminId: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
}

export interface Advance {
  status: 'pending_approval' | 'approved' | 'queued' | 'paid' | 'rejected';
  amountFen: number;
  requiredApprovals?: number;
  approvals: Approval[];
  paidAt?: string;
  rejectionReason?: string;
}

export interface Review {
  decision: 'approve' | 'reject' | 'return';
  reasons: string[];
  resolution: Resolution;
  reviewer: string;
  at: string;
}

export interface Resolution {
  meetingDate: string;
  membersPresent: number;
  votesFor: number;
  votesAgainst: number;
}

export interface Objection {
  objectionId: string;
  text: string;
  by: string;
  at: string;
  resolved: boolean;
}

/** `POST /cases/{caseId}/objections` → 201 */
export interface ObjectionFiled {
  objectionId: string;
  caseId: string;
  status: CaseStatus;
}

export interface TimelineEntry {
  at: string;
  status: CaseStatus;
  actor: string;
  note: string;
}

export interface CaseView {
  caseId: string;
  type: CaseType;
  householdId: string;
  village: string;
  districtCode?: string;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  application?: Application;
  findings: Finding[];
  rightsCheck?: RightsCheck;
  documents: CaseDocument[];
  reviews?: Review[];
  objections?: Objection[];
  /** when the public notice ends, if the API says so (not in API.md; the portal computes it otherwise) */
  noticeEndsAt?: string;
  offers: Offer[];
  offeredAt?: string;
  choice?: ResettlementOption;
  agreement?: {
    agreementId: string;
    option: ResettlementOption;
    amountFen: number;
    payableFen?: number;
    balanceFen?: number;
    rewardIncluded?: boolean;
    signedAt: string;
    documentKey: string;
    surrendered?: { right: RightName; items: string[] }[];
  };
  advance?: Advance;
  pendingTask?: { kind: PendingTaskKind; dueAt: string; escalated?: boolean };
  timeline: TimelineEntry[];
  appeals?: { stage: string; text: string; at: string; actor: string }[];
  failure?: { cause: string; at: string };
  parametersVersion?: string;
}

export interface CaseSummary {
  caseId: string;
  type?: CaseType;
  householdId: string;
  village?: string;
  districtCode?: string;
  status: CaseStatus;
  createdAt?: string;
  updatedAt?: string;
  pendingTask?: { kind: PendingTaskKind; dueAt: string };
  advance?: { status: Advance['status']; amountFen: number; approvals: number; requiredApprovals: number };
}

/** `GET /cases/{caseId}/audit`: one entry of the case's append-only audit trail (审计留痕), oldest first. */
export interface AuditEntry {
  auditId: string;
  at: string;
  actor: string;
  action: string;
  fromStatus?: CaseStatus;
  toStatus?: CaseStatus;
  reason?: string;
  detail?: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Fund {
  districtCode?: string;
  balanceFen: number;
  advancedFen: number;
  replenishedFen: number;
  queuedFen: number;
  queueLength: number;
  reconciled?: { entriesSumFen: number; matches: boolean };
}

/** `GET /fund/overview` (an extension of API.md, docs/api-conformance.md): every district's fund. */
export interface DistrictFund {
  districtCode: string;
  districtName: string;
  balanceFen: number;
  advancedFen: number;
  replenishedFen: number;
  queuedFen: number;
  queueLength: number;
}

export interface FundOverview {
  items: DistrictFund[];
  asOf: string;
}

/** `GET /cases/{caseId}/documents/{documentId}`: a presigned GET of a verified document. */
export interface DocumentDownload {
  documentId: string;
  kind: DocumentKind;
  contentType: string;
  sizeBytes: number;
  url: string;
  method: 'GET';
  expiresAt: string;
}

/** The few policy parameters the screens read (`GET /policy/parameters`). */
export interface PolicyParameters {
  version: string;
  districtCode: string;
  publicNoticeDays: number;
  fourEyesThresholdFen: number;
}

export interface LedgerEntry {
  entryId: string;
  at: string;
  kind: 'advance' | 'replenishment' | 'reversal';
  amountFen: number;
  caseId?: string;
  reference?: string;
  source?: string;
  actor: string;
  seq?: number;
  balanceAfterFen?: number;
}

export interface UploadTicket {
  documentId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/** The in-app inbox, not yet in API.md: `GET /notifications` → `{items, nextCursor}`, newest first. */
export interface InboxItem {
  notificationId: string;
  at: string;
  eventType: string;
  caseId?: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
}

export interface QuarterlyReport {
  district: { code: string; zh: string; en: string };
  year: number;
  quarter: number;
  fund: { advanced: { count: number; amountFen: number }; replenished: { count: number; amountFen: number } };
}
