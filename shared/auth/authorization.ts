import { Forbidden } from '../errors/appError.js';
import type { Principal, Role } from './principal.js';
import { townOfVillage } from './town.js';

/**
 * Who may call what, on which resources: one table (route × role → scope), read by every handler.
 * - any: every resource of the route
 * - own_household: the applicant's household (custom:householdId)
 * - own_village: the reviewer's village (custom:village)
 * - own_town: the town reviewer's town (custom:town), i.e. every village whose code begins with it
 * - own_district: the district in custom:district (fund administrators, auditors, district approvers,
 *   land officers)
 */
export type Scope = 'any' | 'own_household' | 'own_village' | 'own_town' | 'own_district';

export const ROUTE_IDS = [
  'putVillage',
  'putHousehold',
  'getHousehold',
  'createCase',
  'createDocument',
  'getDocument',
  'submitCase',
  'getCase',
  'getCaseAudit',
  'listCases',
  'withdrawCase',
  'rescindCase',
  'recordMilestone',
  'recordCollectivePayment',
  'answerCollectivePayment',
  'getAgreement',
  'getPaymentReceipt',
  'reviewCase',
  'createObjection',
  'chooseResettlement',
  'decideAdvance',
  'appealCase',
  'getFund',
  'getFundOverview',
  'getLedger',
  'exportLedger',
  'createReplenishment',
  'proposeReversal',
  'decideFundApproval',
  'listFundApprovals',
  'getQuota',
  'getQuarterlyReport',
  'getNoticeList',
  'getPolicyParameters',
  'proposePolicyParameters',
  'approvePolicyParameters',
  'getPolicyParameterHistory',
  'listNotifications',
  // issue 18: desk claims and the inbox's read markers
  'claimCase',
  'releaseCase',
  'readNotification',
  // issue 19: the bulk registry import (its file's upload is an extension: API.md's belongs to a case)
  'createRegistryDocument',
  'startRegistryImport',
  'getRegistryImport',
  'getRegistryImportTemplate',
] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

export const AUTHORIZATION: Readonly<Record<RouteId, Partial<Record<Role, Scope>>>> = {
  putVillage: { registrar: 'any' },
  putHousehold: { registrar: 'any' },
  // the village reviewer checks the registry facts beside the applicant's claims, and the town audit and
  // the district approval check them again (DOMAIN.md Wave 2, review chain); the land officer does not
  // need the members' identity numbers to record a disposition
  getHousehold: {
    registrar: 'any',
    auditor: 'own_district',
    applicant: 'own_household',
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    // wave 2: the land officer checks the accepted area against the registered one
    land_officer: 'own_district',
  },
  createCase: { applicant: 'own_household' },
  // the household's evidence; the land leg's evidence from the staff who record it (wave 2, the
  // command checks which kind when: shared/documents/uploadRules.ts)
  createDocument: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    land_officer: 'own_district',
  },
  // viewing a case's evidence: whoever may read the case (getCase), no one else; the land officer's
  // documents (acceptance certificates) come with the milestone routes
  getDocument: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    fund_admin: 'own_district',
    auditor: 'own_district',
  },
  submitCase: { applicant: 'own_household' },
  getCase: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    land_officer: 'own_district',
    fund_admin: 'own_district',
    auditor: 'own_district',
    // wave 2: the registrar reads the case whose certificate it cancels (city-wide)
    registrar: 'any',
  },
  // the audit trail names staff and shows who viewed whose documents: the district's auditor only (the
  // household follows its own case on the case view's timeline)
  getCaseAudit: { auditor: 'own_district' },
  // the list route narrows by scope in its query rather than checking one resource
  listCases: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    land_officer: 'own_district',
    fund_admin: 'own_district',
    auditor: 'own_district',
    // wave 2: the registrar's queue of certificates to cancel (city-wide; the district is a query)
    registrar: 'any',
  },
  withdrawCase: { applicant: 'own_household' },
  // 冷静期: the household undoes its own agreement (wave 2)
  rescindCase: { applicant: 'own_household' },
  // the land leg (wave 2): which milestone each role records is the command's check
  recordMilestone: { village_reviewer: 'own_village', land_officer: 'own_district', registrar: 'any' },
  // who pays (wave 2): the village records the collective's payment, the household answers it
  recordCollectivePayment: { village_reviewer: 'own_village' },
  answerCollectivePayment: { applicant: 'own_household' },
  // the exit agreement (退出协议, issue 15): the household that signs it, the fund that pays it, the
  // district that approved the exit, the auditor (DOMAIN.md wave 2 "downloadable by …")
  getAgreement: {
    applicant: 'own_household',
    fund_admin: 'own_district',
    auditor: 'own_district',
    district_approver: 'own_district',
  },
  // 付款凭证: one per tranche paid; the village that paid a collective tranche may print its own
  getPaymentReceipt: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    fund_admin: 'own_district',
    auditor: 'own_district',
    district_approver: 'own_district',
  },
  // 村 → 镇 → 区: each reviewer on their own area only. Which step each role may decide (the village
  // reviewer village_review, the town reviewer town_review, the district approver district_approval) is
  // the review command's check, not this table's: the table knows routes, not the step a case waits in.
  reviewCase: {
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
  },
  // 公示: anyone signed in may object during the public notice
  createObjection: {
    applicant: 'any',
    village_reviewer: 'any',
    fund_admin: 'any',
    registrar: 'any',
    auditor: 'any',
    town_reviewer: 'any',
    district_approver: 'any',
    land_officer: 'any',
  },
  chooseResettlement: { applicant: 'own_household' },
  decideAdvance: { fund_admin: 'own_district' },
  appealCase: { applicant: 'own_household' },
  getFund: { fund_admin: 'own_district', auditor: 'own_district' },
  // every district, unlike getFund: only the aggregate figures of a public fund (no case, household or
  // ledger line), and comparing the districts is what the city's quarterly monitoring asks for
  // (DOMAIN.md 四(四)); the district claim still bounds everything else these roles see
  getFundOverview: { fund_admin: 'any', auditor: 'any' },
  getLedger: { fund_admin: 'own_district', auditor: 'own_district' },
  // the same ledger as one file (CSV or xlsx), for the same people
  exportLedger: { fund_admin: 'own_district', auditor: 'own_district' },
  createReplenishment: { fund_admin: 'own_district' },
  // four eyes on the fund's own movements (issue 16): a fund administrator proposes a reversal, another
  // of the same district decides it (the proposer never: shared/fund/approvals.ts approvalToDecide); the
  // auditor reads what is pending and what was decided
  proposeReversal: { fund_admin: 'own_district' },
  decideFundApproval: { fund_admin: 'own_district' },
  listFundApprovals: { fund_admin: 'own_district', auditor: 'own_district' },
  // 节余建设用地指标 (wave 2): the land officer who records the accepted reclamations, the fund that sells
  // the quota, the auditor; each their own district's
  getQuota: { land_officer: 'own_district', fund_admin: 'own_district', auditor: 'own_district' },
  getQuarterlyReport: { auditor: 'own_district', fund_admin: 'own_district' },
  // 公示名单: the village posts it; the town and the district check what was posted; the auditor
  getNoticeList: {
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    auditor: 'own_district',
  },
  // the caller's own inbox, chosen from their claims (like listCases)
  listNotifications: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    fund_admin: 'own_district',
    auditor: 'own_district',
    // the land leg's officers (wave 2): the disposition's and the cancellation's escalations
    land_officer: 'own_district',
    registrar: 'any',
  },
  // 认领/释放 (issue 18): the staff of the steps a case waits in, on their own area; which step each role
  // may claim is the claim command's check (shared/cases/deskClaims.ts), as for reviewCase
  claimCase: {
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    fund_admin: 'own_district',
    land_officer: 'own_district',
    registrar: 'any',
  },
  releaseCase: {
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    fund_admin: 'own_district',
    land_officer: 'own_district',
    registrar: 'any',
  },
  // marking a notice of the caller's own inbox read (issue 18): whoever has an inbox (listNotifications)
  readNotification: {
    applicant: 'own_household',
    village_reviewer: 'own_village',
    town_reviewer: 'own_town',
    district_approver: 'own_district',
    fund_admin: 'own_district',
    auditor: 'own_district',
    land_officer: 'own_district',
    registrar: 'any',
  },
  getPolicyParameters: {
    applicant: 'any',
    village_reviewer: 'any',
    fund_admin: 'any',
    registrar: 'any',
    auditor: 'any',
    town_reviewer: 'any',
    district_approver: 'any',
    land_officer: 'any',
  },
  // a city sets its own rates (issue 19, API.md "Go-live"): a district approver proposes a version for
  // their district, another approves it (never the proposer: shared/policy/commands.ts); the history,
  // like the version in force, is public to everyone signed in (rates are published policy)
  proposePolicyParameters: { district_approver: 'own_district' },
  approvePolicyParameters: { district_approver: 'own_district' },
  // the bulk registry import (issue 19, API.md "Go-live"): the registrar, who keeps the registry city-wide,
  // uploads and imports; the auditor reads an import's report, which spans districts as the file does
  createRegistryDocument: { registrar: 'any' },
  startRegistryImport: { registrar: 'any' },
  getRegistryImport: { registrar: 'any', auditor: 'any' },
  getRegistryImportTemplate: { registrar: 'any' },
  getPolicyParameterHistory: {
    applicant: 'any',
    village_reviewer: 'any',
    fund_admin: 'any',
    registrar: 'any',
    auditor: 'any',
    town_reviewer: 'any',
    district_approver: 'any',
    land_officer: 'any',
  },
};

/** What a resource belongs to, as far as scopes care (its town is the first 9 digits of villageCode). */
export interface ResourceOwner {
  householdId?: string;
  villageCode?: string;
  districtCode?: string;
}

function scopeAllows(scope: Scope, p: Principal, r: ResourceOwner): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'own_household':
      return p.householdId !== undefined && p.householdId === r.householdId;
    case 'own_village':
      return p.village !== undefined && p.village === r.villageCode;
    case 'own_town':
      // equality of whole town codes, not a prefix test: a claim shorter than a town never matches
      return p.town !== undefined && r.villageCode !== undefined && p.town === townOfVillage(r.villageCode);
    case 'own_district':
      return p.district !== undefined && p.district === r.districtCode;
  }
}

/** The principal's roles that may use the route at all, with their scopes. */
export function grantsFor(route: RouteId, p: Principal): { role: Role; scope: Scope }[] {
  const row = AUTHORIZATION[route];
  return p.roles.flatMap((role) => {
    const scope = row[role];
    return scope ? [{ role, scope }] : [];
  });
}

/** Throws 403 unless some role of the principal may use the route (checked before any lookup). */
export function authorizeRoute(route: RouteId, p: Principal): { role: Role; scope: Scope }[] {
  const grants = grantsFor(route, p);
  if (grants.length === 0) throw new Forbidden(`your role may not use ${route}`);
  return grants;
}

/** Throws 403 unless some role of the principal may act on this resource. */
/**
 * Who reads a household's resident identity numbers (every member's, the head's included) in full on
 * `GET /registry/households/{householdId}`; everyone else the registry lets read the household gets
 * them masked to the last four (`**************1234`, shared/privacy/nationalId.ts), issue 16. In
 * full only where the number itself is the work:
 * - registrar: keeps the registry, writes the numbers (`PUT /registry/households/{id}` sends them
 *   whole) and corrects them; a masked copy could not be checked or written back;
 * - applicant: the household's own numbers, which it declared.
 * The reviewers (village, town, district) match people they know by name, relation and the last four;
 * the auditor checks the case and its payments against the registry by the same; the land officer
 * checks areas, not people. None of them copies the number anywhere, and the documents they read
 * (agreement, receipts, notice list) print it masked by the same rule. A caller with several roles gets
 * the widest visibility among the roles that grant it this household.
 */
export const NATIONAL_ID_VISIBILITY: Readonly<Record<Role, 'full' | 'last4'>> = {
  registrar: 'full',
  applicant: 'full',
  village_reviewer: 'last4',
  town_reviewer: 'last4',
  district_approver: 'last4',
  auditor: 'last4',
  land_officer: 'last4',
  fund_admin: 'last4',
};

/** Whether `p` reads the household `resource`'s identity numbers in full (see NATIONAL_ID_VISIBILITY). */
export function seesFullNationalIds(p: Principal, resource: ResourceOwner): boolean {
  return grantsFor('getHousehold', p).some(
    (g) => scopeAllows(g.scope, p, resource) && NATIONAL_ID_VISIBILITY[g.role] === 'full',
  );
}

export function authorizeResource(route: RouteId, p: Principal, resource: ResourceOwner): Role {
  const grant = grantsFor(route, p).find((g) => scopeAllows(g.scope, p, resource));
  if (!grant) throw new Forbidden('this resource is not within your scope');
  return grant.role;
}
