import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/adapters/ids.js';
import { ROUTE_IDS, type RouteId } from '../../shared/auth/authorization.js';
import { documentKey } from '../../shared/documents/documentModel.js';
import { putDocumentRecord } from '../../shared/documents/documentStore.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import {
  type InvokeOptions,
  invoke,
  loadRoute,
  type RouteModule,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import { seedPaidCase } from '../support/paidTranches.js';
import {
  applicationBody,
  householdRecord,
  installDoubles,
  OTHER_DISTRICT,
  OTHER_HOUSEHOLD,
  OTHER_VILLAGE,
  OWN_DISTRICT,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  seedCase,
  seedRegistry,
  VILLAGES,
} from '../support/seed.js';

/**
 * The authorization matrix: every route × every role × the caller's own resource and someone else's.
 * EXPECTED is written out by hand from API.md's route table and identity claims; it deliberately does
 * not read shared/auth/authorization.ts, so a wrong entry there is caught here.
 *
 * Reading of API.md where it names a role without a scope: the district claim (custom:district) of a
 * fund administrator, an auditor, a district approver and a land officer bounds what they see, as the
 * town claim (custom:town) bounds a town reviewer, the village claim a reviewer and the household claim
 * an applicant. Routes without a resource of their own (lists, the fund, policy parameters for
 * everyone) have the same answer for "own" and "other".
 */
type Role =
  | 'applicant'
  | 'village_reviewer'
  | 'fund_admin'
  | 'registrar'
  | 'auditor'
  | 'town_reviewer'
  | 'district_approver'
  | 'land_officer';
const ROLES: Role[] = [
  'applicant',
  'village_reviewer',
  'fund_admin',
  'registrar',
  'auditor',
  'town_reviewer',
  'district_approver',
  'land_officer',
];

const ALL: Role[] = [...ROLES];
const DESK_STAFF: Role[] = [
  'village_reviewer',
  'fund_admin',
  'registrar',
  'town_reviewer',
  'district_approver',
  'land_officer',
];

/** Roles allowed on the caller's own resource, and on someone else's. */
const EXPECTED: Record<RouteId, { own: Role[]; other: Role[] }> = {
  putVillage: { own: ['registrar'], other: ['registrar'] },
  putHousehold: { own: ['registrar'], other: ['registrar'] },
  // the town audit and the district approval check the registry facts again, as the village did
  getHousehold: {
    own: [
      'registrar',
      'auditor',
      'applicant',
      'village_reviewer',
      'town_reviewer',
      'district_approver',
      'land_officer',
    ],
    other: ['registrar'],
  },
  createCase: { own: ['applicant'], other: [] },
  // the land leg's evidence comes from the staff who record it (wave 2); here the case is a draft, so
  // their calls pass the scope check and are refused by the upload rule (409)
  createDocument: { own: ['applicant', 'village_reviewer', 'land_officer'], other: [] },
  // an extension of API.md: a case's evidence, for exactly those who may read the case
  // (the land officer's documents come with the milestone routes)
  getDocument: {
    own: ['applicant', 'village_reviewer', 'fund_admin', 'auditor', 'town_reviewer', 'district_approver'],
    other: [],
  },
  submitCase: { own: ['applicant'], other: [] },
  getCase: {
    own: [
      'applicant',
      'village_reviewer',
      'fund_admin',
      'auditor',
      'town_reviewer',
      'district_approver',
      'land_officer',
      'registrar',
    ],
    // the registrar is city-wide (wave 2: the certificate's cancellation)
    other: ['registrar'],
  },
  // an extension of API.md: the audit trail, for the district's auditor only (it names staff and shows
  // who viewed whose documents)
  getCaseAudit: { own: ['auditor'], other: [] },
  listCases: { own: ALL, other: ALL },
  withdrawCase: { own: ['applicant'], other: [] },
  rescindCase: { own: ['applicant'], other: [] },
  // who pays (wave 2): the village records the collective's payment, the household answers it
  recordCollectivePayment: { own: ['village_reviewer'], other: [] },
  answerCollectivePayment: { own: ['applicant'], other: [] },
  // an extension of API.md (issue 15): the 付款凭证 of a paid tranche, for the household, the village
  // that paid a collective tranche, and the district's fund, approver and auditor
  getPaymentReceipt: {
    own: ['applicant', 'village_reviewer', 'fund_admin', 'auditor', 'district_approver'],
    other: [],
  },
  // the land leg (wave 2): which milestone each role records is the command's check; the registrar is
  // city-wide
  recordMilestone: { own: ['village_reviewer', 'land_officer', 'registrar'], other: ['registrar'] },
  // each reviewer of the chain on its own area (CASE_ROUTES); which step a role may decide is the review
  // command's answer, tested with it
  reviewCase: { own: ['village_reviewer', 'town_reviewer', 'district_approver'], other: [] },
  createObjection: { own: ALL, other: ALL },
  chooseResettlement: { own: ['applicant'], other: [] },
  // the agreement PDF (issue 15): the household, and the district's fund, auditor and approver
  getAgreement: { own: ['applicant', 'fund_admin', 'auditor', 'district_approver'], other: [] },
  decideAdvance: { own: ['fund_admin'], other: [] },
  appealCase: { own: ['applicant'], other: [] },
  getFund: { own: ['fund_admin', 'auditor'], other: ['fund_admin', 'auditor'] },
  // an extension of API.md: every district's aggregate figures, whatever the caller's district
  getFundOverview: { own: ['fund_admin', 'auditor'], other: ['fund_admin', 'auditor'] },
  getLedger: { own: ['fund_admin', 'auditor'], other: ['fund_admin', 'auditor'] },
  // the ledger as a file: the caller's own fund, like getLedger
  exportLedger: { own: ['fund_admin', 'auditor'], other: ['fund_admin', 'auditor'] },
  createReplenishment: { own: ['fund_admin'], other: ['fund_admin'] },
  // issue 16: four eyes on the fund, always the caller's own district's fund (like createReplenishment)
  proposeReversal: { own: ['fund_admin'], other: ['fund_admin'] },
  decideFundApproval: { own: ['fund_admin'], other: ['fund_admin'] },
  listFundApprovals: { own: ['fund_admin', 'auditor'], other: ['fund_admin', 'auditor'] },
  // API.md Wave 2: the district's quota, for its land officer, fund and auditor (`?district=` another
  // district is out of scope)
  getQuota: { own: ['fund_admin', 'auditor', 'land_officer'], other: [] },
  getQuarterlyReport: { own: ['auditor', 'fund_admin'], other: [] },
  // an extension of API.md (issue 15): the village's 公示名单, for the village that posts it, its town,
  // the district's approver and auditor
  getNoticeList: { own: ['village_reviewer', 'town_reviewer', 'district_approver', 'auditor'], other: [] },
  getPolicyParameters: { own: ALL, other: ALL },
  // issue 19: a district approver proposes and approves for their own district only
  proposePolicyParameters: { own: ['district_approver'], other: [] },
  approvePolicyParameters: { own: ['district_approver'], other: [] },
  getPolicyParameterHistory: { own: ALL, other: ALL },
  // an extension of API.md: each role's own inbox (the household, the village, the town, the district's
  // approvers, the district's fund, the district's auditors)
  listNotifications: { own: ALL, other: ALL },
  // issue 18: the staff of the review chain, the fund and the land leg claim on their own area (the
  // registrar city-wide); a read marker is for the caller's own inbox, whoever has one
  claimCase: { own: DESK_STAFF, other: ['registrar'] },
  releaseCase: { own: DESK_STAFF, other: ['registrar'] },
  readNotification: { own: ALL, other: ALL },
  // issue 19: the bulk registry import, city-wide like the registry; the auditor reads an import's report
  createRegistryDocument: { own: ['registrar'], other: ['registrar'] },
  startRegistryImport: { own: ['registrar'], other: ['registrar'] },
  getRegistryImport: { own: ['registrar', 'auditor'], other: ['registrar', 'auditor'] },
  getRegistryImportTemplate: { own: ['registrar'], other: ['registrar'] },
};

/** The own village's town (the first 9 digits of its code), and a neighbour town of the same district. */
const OWN_TOWN = OWN_VILLAGE.slice(0, 9);
const NEIGHBOUR_VILLAGE = '370302102203';

/** One principal per role, with the claims that make the "own" resources theirs. */
const PRINCIPAL: Record<Role, TestPrincipal> = {
  applicant: { sub: 'm-applicant', groups: ['applicant'], householdId: OWN_HOUSEHOLD },
  village_reviewer: { sub: 'm-reviewer', groups: ['village_reviewer'], village: OWN_VILLAGE },
  fund_admin: { sub: 'm-fund-admin', groups: ['fund_admin'], district: OWN_DISTRICT },
  registrar: { sub: 'm-registrar', groups: ['registrar'] },
  auditor: { sub: 'm-auditor', groups: ['auditor'], district: OWN_DISTRICT },
  // custom:town is added by `as` below
  town_reviewer: { sub: 'm-town-reviewer', groups: ['town_reviewer'] },
  district_approver: { sub: 'm-district-approver', groups: ['district_approver'], district: OWN_DISTRICT },
  land_officer: { sub: 'm-land-officer', groups: ['land_officer'], district: OWN_DISTRICT },
};

/** Claims a TestPrincipal (test/support/api.ts) cannot carry yet. */
const EXTRA_CLAIMS: Partial<Record<Role, Record<string, string>>> = {
  town_reviewer: { 'custom:town': OWN_TOWN },
};

type Claims = { requestContext?: { authorizer?: { jwt?: { claims: Record<string, string> } } } };

/**
 * The route as the JWT authorizer would hand it a caller with these extra claims: the harness builds
 * the event from a TestPrincipal, and the claims are added to it before the handler reads them.
 */
function withClaims(mod: RouteModule, claims: Record<string, string> | undefined): RouteModule {
  if (!claims) return mod;
  return {
    route: mod.route,
    handler: (event, context) => {
      const jwt = (event as Claims).requestContext?.authorizer?.jwt;
      if (jwt) Object.assign(jwt.claims, claims);
      return mod.handler(event, context);
    },
  };
}

/** The route module as called by one role's principal (the town reviewer with its town). */
const as = (mod: RouteModule, role: Role) => withClaims(mod, EXTRA_CLAIMS[role]);

type Ownership = 'own' | 'other';

const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 10, votesFor: 8, votesAgainst: 1 };

/**
 * A case per call, in the status the route acts on, so that an allowed call has something to do
 * (`statusFor`: a role acts on cases in another status, e.g. each reviewer of the chain in its step).
 */
const CASE_ROUTES: Partial<
  Record<
    RouteId,
    {
      status: CaseStatus;
      statusFor?: Partial<Record<Role, CaseStatus>>;
      token?: boolean;
      body?: unknown;
      /** path parameters besides the case id */
      params?: Record<string, string>;
    }
  >
> = {
  createDocument: {
    status: 'draft',
    body: { kind: 'id_card', contentType: 'application/pdf', sizeBytes: 1024 },
  },
  submitCase: { status: 'draft' },
  getCase: { status: 'draft' },
  getCaseAudit: { status: 'draft' },
  withdrawCase: { status: 'draft' },
  rescindCase: { status: 'cooling_off' },
  // past the scope check the command answers (409: the case is not paying)
  recordCollectivePayment: {
    status: 'cooling_off',
    body: { tranche: 1, amountFen: 100, bankReference: 'B-1' },
  },
  answerCollectivePayment: { status: 'cooling_off', body: { confirmed: true }, params: { tranche: '1' } },
  reviewCase: {
    status: 'village_review',
    // the chain's later reviewers on a case in public notice, before their steps: past the scope check the
    // review command answers (409, no step of theirs is pending); deciding their own steps is tested with
    // the command
    statusFor: { town_reviewer: 'public_notice', district_approver: 'public_notice' },
    token: true,
    body: { decision: 'approve', reasons: [], resolution: RESOLUTION },
  },
  createObjection: { status: 'public_notice', body: { text: '公示内容与事实不符' } },
  chooseResettlement: { status: 'offers', token: true, body: { option: 'cash' } },
  // past the scope check the route answers 400 (no option named) or 404 (no offers): not 401/403
  getAgreement: { status: 'offers' },
  decideAdvance: { status: 'fund_review', token: true, body: { decision: 'approve', note: '资料齐全' } },
  appealCase: { status: 'rejected', body: { text: '请求复核村集体的决定' } },
  // the land leg (wave 2): each role on the milestone it records; past the scope check the command
  // answers (here 400: the document is no accepted photo; the others' fields are fine)
  // past the scope check the claim command answers (409: no staff step waits); which step each role may
  // claim is test/api/deskClaims.test.ts's
  claimCase: { status: 'village_review' },
  releaseCase: { status: 'village_review' },
  recordMilestone: {
    status: 'vacating',
    statusFor: { land_officer: 'disposing', registrar: 'cancelling' },
    token: true,
    body: { kind: 'vacated', documentIds: ['D-none'] },
  },
};

const householdOf = (o: Ownership) => (o === 'own' ? OWN_HOUSEHOLD : OTHER_HOUSEHOLD);
const villageOf = (o: Ownership) => (o === 'own' ? OWN_VILLAGE : OTHER_VILLAGE);
const districtOf = (o: Ownership) => (o === 'own' ? OWN_DISTRICT : OTHER_DISTRICT);

/** The request for a route on an own or someone else's resource (by `role`, when it matters). */
async function requestFor(id: RouteId, o: Ownership, role?: Role): Promise<Omit<InvokeOptions, 'principal'>> {
  const onCase = CASE_ROUTES[id];
  if (onCase) {
    const status = (role && onCase.statusFor?.[role]) ?? onCase.status;
    const { caseId } = await seedCase({ household: o, status, token: onCase.token ?? false });
    return {
      pathParameters: { caseId, ...(onCase.params ?? {}) },
      ...(onCase.body === undefined ? {} : { body: onCase.body }),
    };
  }
  switch (id) {
    case 'putVillage': {
      const { villageCode, ...input } = VILLAGES[o];
      return { pathParameters: { villageCode }, body: input };
    }
    case 'putHousehold':
      return {
        pathParameters: { householdId: householdOf(o) },
        body: householdRecord(householdOf(o), villageOf(o)),
      };
    case 'getHousehold':
      return { pathParameters: { householdId: householdOf(o) } };
    case 'getPaymentReceipt': {
      // a collective tranche paid, so that an allowed call gets its receipt (200) rather than a 409
      const c = await seedPaidCase({ household: o, type: 'contract_land_exit', paid: 1 });
      return { pathParameters: { caseId: c.caseId, tranche: '1' } };
    }
    case 'getDocument': {
      // an accepted document, so that an allowed call gets its URL (200) rather than a 409 or a 404
      const { caseId } = await seedCase({ household: o, status: 'village_review' });
      const at = new Date().toISOString();
      const documentId = newId('D', at);
      await putDocumentRecord({
        documentId,
        caseId,
        key: documentKey(caseId, documentId),
        kind: 'id_card',
        contentType: 'application/pdf',
        sizeBytes: 1024,
        status: 'accepted',
        createdAt: at,
        verifiedAt: at,
        uploadedBy: 'm-applicant',
      });
      return { pathParameters: { caseId, documentId } };
    }
    case 'createCase':
      return { body: applicationBody(householdOf(o)) };
    case 'createReplenishment':
      return { body: { source: 'appropriation', amountFen: 100_000, reference: `R-MATRIX-${o}` } };
    // past the scope check: no such entry or approval in the caller's fund (404), never 401/403
    case 'proposeReversal':
      return { pathParameters: { entryId: 'REP-none' }, body: { reason: '误录' } };
    case 'decideFundApproval':
      return { pathParameters: { approvalId: 'FA-none' }, body: { approve: true } };
    case 'getQuarterlyReport':
      return { query: { year: '2025', quarter: '2', district: districtOf(o) } };
    // the village's notice list: an allowed caller gets a list (of no case: a list saying so)
    case 'getNoticeList':
      return { pathParameters: { villageCode: villageOf(o) } };
    case 'getQuota':
      return { query: { district: districtOf(o) } };
    case 'getPolicyParameters':
    case 'getPolicyParameterHistory':
      return { query: { district: districtOf(o) } };
    // past the scope check: a proposal that fails its checks (400), an approval of no proposal (404)
    case 'proposePolicyParameters':
      return {
        body: { district: districtOf(o), effectiveFrom: '2099-01-01', parameters: {}, reason: '调整' },
      };
    case 'approvePolicyParameters':
      return { pathParameters: { versionId: `${districtOf(o)}-2099-01-01-000000` } };
    // no such notice in the caller's inbox: 404 past the role check
    case 'readNotification':
      return { pathParameters: { notificationId: 'N-none' }, body: { at: '2025-06-01T00:00:00.000Z' } };
    // issue 19: an upload ticket (201); past the role check no such document or import (404); the template
    case 'createRegistryDocument':
      return { body: { kind: 'registry_import', contentType: 'text/csv', sizeBytes: 1024 } };
    case 'startRegistryImport':
      return { body: { format: 'csv', documentId: 'RD-none' } };
    case 'getRegistryImport':
      return { pathParameters: { importId: 'RI-none' } };
    case 'getRegistryImportTemplate':
      return { query: { format: 'csv' } };
    default:
      // listCases, getFund, getLedger, listNotifications: the caller's own slice, whatever "other" would
      // mean; getFundOverview: every district for everyone allowed
      return {};
  }
}

/** Routes whose request above leaves an allowed caller nothing to trip over: allowed means 200. */
const ANSWERS_200: RouteId[] = [
  'getDocument',
  'getFundOverview',
  'getCaseAudit',
  'getQuota',
  'getPaymentReceipt',
  'getNoticeList',
];

type Cell = 'allowed' | 401 | 403;
const cellOf = (status: number): Cell => (status === 401 || status === 403 ? status : 'allowed');

useApiEnvironment();
const modules = new Map<RouteId, RouteModule | undefined>(
  await Promise.all(ROUTE_IDS.map(async (id) => [id, await loadRoute(id)] as const)),
);

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
});

describe('authorization matrix', () => {
  it('EXPECTED covers every route', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROUTE_IDS].sort());
  });

  for (const id of ROUTE_IDS) {
    const mod = modules.get(id);
    if (!mod) {
      // every route of API.md must have its handler: a missing one fails rather than being skipped
      it(`${id}: functions/api/${id}.ts exists`, () => {
        expect(mod, `functions/api/${id}.ts`).toBeDefined();
      });
      continue;
    }
    it(`${id}: exactly the expected roles, on exactly the expected resources`, async () => {
      const expected: Record<string, Cell> = {};
      const actual: Record<string, Cell> = {};
      const statuses: Record<string, number> = {};
      for (const o of ['own', 'other'] as const) {
        for (const role of ROLES) {
          const key = `${role} on ${o}`;
          expected[key] = EXPECTED[id][o].includes(role) ? 'allowed' : 403;
          const res = await invoke(as(mod, role), {
            principal: PRINCIPAL[role],
            ...(await requestFor(id, o, role)),
          });
          actual[key] = cellOf(res.status);
          statuses[key] = res.status;
        }
        const key = `no token on ${o}`;
        expected[key] = 401;
        const res = await invoke(mod, await requestFor(id, o));
        actual[key] = cellOf(res.status);
        statuses[key] = res.status;
      }
      expect(actual).toEqual(expected);
      // allowed calls may still meet a conflict or a missing record, never an error of the server
      expect(Object.entries(statuses).filter(([, s]) => s >= 500)).toEqual([]);
      if (ANSWERS_200.includes(id)) {
        const allowed = Object.entries(statuses).filter(([key]) => expected[key] === 'allowed');
        expect(allowed.filter(([, s]) => s !== 200)).toEqual([]);
      }
    });
  }

  it('several roles: any one of them that reaches the resource is enough', async () => {
    const mod = modules.get('getCase');
    if (!mod) throw new Error('getCase missing');
    const { caseId } = await seedCase({ household: 'other' });
    const both: TestPrincipal = {
      sub: 'm-both',
      groups: ['applicant', 'auditor'],
      householdId: OWN_HOUSEHOLD,
      district: OTHER_DISTRICT,
    };
    expect((await invoke(mod, { principal: both, pathParameters: { caseId } })).status).toBe(200);
    const neither: TestPrincipal = { ...both, district: OWN_DISTRICT };
    expect((await invoke(mod, { principal: neither, pathParameters: { caseId } })).status).toBe(403);
  });

  it('a reviewer of another village in the same district is still someone else', async () => {
    const mod = modules.get('getCase');
    if (!mod) throw new Error('getCase missing');
    const { caseId } = await seedCase({ household: 'own' });
    const neighbour: TestPrincipal = {
      sub: 'm-neighbour',
      groups: ['village_reviewer'],
      village: '370302101299',
    };
    expect((await invoke(mod, { principal: neighbour, pathParameters: { caseId } })).status).toBe(403);
  });

  it('a town reviewer of another town in the same district is someone else', async () => {
    const mod = modules.get('getCase');
    if (!mod) throw new Error('getCase missing');
    const { caseId } = await seedCase({ household: 'own' });
    const principal = PRINCIPAL.town_reviewer;
    const neighbour = withClaims(mod, { 'custom:town': NEIGHBOUR_VILLAGE.slice(0, 9) });
    expect((await invoke(neighbour, { principal, pathParameters: { caseId } })).status).toBe(403);
    expect((await invoke(as(mod, 'town_reviewer'), { principal, pathParameters: { caseId } })).status).toBe(
      200,
    );
    // a claim that is not nine digits is no town: the district's first six digits reach nothing
    const district = withClaims(mod, { 'custom:town': OWN_DISTRICT });
    expect((await invoke(district, { principal, pathParameters: { caseId } })).status).toBe(403);
  });

  it('a town reviewer lists the cases of its town only; a district approver and a land officer, of the district', async () => {
    const mod = modules.get('listCases');
    if (!mod) throw new Error('listCases missing');
    const own = await seedCase({ household: 'own', status: 'village_review' });
    // a case of the neighbour town: the same district partition, another village code prefix
    const neighbour = await seedCase({
      household: 'own',
      status: 'village_review',
      patch: { village: NEIGHBOUR_VILLAGE },
    });
    const other = await seedCase({ household: 'other', status: 'village_review' });
    const listed = async (target: RouteModule, principal: TestPrincipal, status = 'village_review') => {
      const items: { caseId: string; village: string; status: string }[] = [];
      let cursor: string | undefined;
      do {
        const query: Record<string, string> = { status, limit: '5', ...(cursor ? { cursor } : {}) };
        const res = await invoke(target, { principal, query });
        expect(res.status).toBe(200);
        items.push(...res.json.items);
        cursor = res.json.nextCursor ?? undefined;
      } while (cursor);
      return items;
    };
    const town = await listed(as(mod, 'town_reviewer'), PRINCIPAL.town_reviewer);
    expect(town.map((i) => i.caseId)).toContain(own.caseId);
    expect(town.map((i) => i.caseId)).not.toContain(neighbour.caseId);
    expect(town.every((i) => i.village.startsWith(OWN_TOWN) && i.status === 'village_review')).toBe(true);
    const neighbourTown = withClaims(mod, { 'custom:town': NEIGHBOUR_VILLAGE.slice(0, 9) });
    const theirs = await listed(neighbourTown, PRINCIPAL.town_reviewer);
    expect(theirs.map((i) => i.caseId)).toEqual([neighbour.caseId]);
    for (const role of ['district_approver', 'land_officer'] as const) {
      const ids = (await listed(mod, PRINCIPAL[role])).map((i) => i.caseId);
      expect(ids).toEqual(expect.arrayContaining([own.caseId, neighbour.caseId]));
      expect(ids).not.toContain(other.caseId);
    }
  });

  it('a token without a known group reaches nothing', async () => {
    const mod = modules.get('getPolicyParameters');
    if (!mod) throw new Error('getPolicyParameters missing');
    const nobody: TestPrincipal = { sub: 'm-nobody', groups: ['administrators'] };
    const res = await invoke(mod, { principal: nobody, query: { district: OWN_DISTRICT } });
    expect(res.status).toBe(403);
  });

  it('an unknown case is 404 for whoever may use the route, never a hint for whoever may not', async () => {
    const mod = modules.get('getCase');
    if (!mod) throw new Error('getCase missing');
    const pathParameters = { caseId: 'C-20250101-ffffffff' };
    expect((await invoke(mod, { principal: PRINCIPAL.applicant, pathParameters })).status).toBe(404);
    // the audit trail is the auditor's only: anyone else learns nothing of whether the case exists
    const audit = modules.get('getCaseAudit');
    if (!audit) throw new Error('getCaseAudit missing');
    expect((await invoke(audit, { principal: PRINCIPAL.registrar, pathParameters })).status).toBe(403);
  });

  it('an applicant asking for a household that does not exist learns nothing (403, not 404)', async () => {
    const mod = modules.get('getHousehold');
    if (!mod) throw new Error('getHousehold missing');
    const res = await invoke(mod, {
      principal: PRINCIPAL.applicant,
      pathParameters: { householdId: 'H-370302-9999' },
    });
    expect(res.status).toBe(403);
  });
});
