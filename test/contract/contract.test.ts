import { describe, expect, it } from 'vitest';
import { RETRYABLE_CODES as PORTAL_RETRYABLE_CODES } from '../../portal/src/api/retryable.js';
import { ROUTE_IDS } from '../../shared/auth/authorization.js';
import { ROLES } from '../../shared/auth/principal.js';
import { caseSummary, caseView } from '../../shared/cases/caseView.js';
import { decisionView } from '../../shared/cases/commands/advance/view.js';
import {
  advanceDecisionSchema,
  ROLES as CONTRACT_ROLES,
  caseListSchema,
  caseSummarySchema,
  caseViewSchema,
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_KINDS,
  fundOverviewSchema,
  fundViewSchema,
  householdRecordSchema,
  inboxSchema,
  ledgerPageSchema,
  policyParametersViewSchema,
  quarterlyReportSchema,
  quotaViewSchema,
  RETRYABLE_CODES,
  ROUTE_RESPONSES,
  replenishmentSchema,
  villageRecordSchema,
} from '../../shared/contract/index.js';
import {
  CONTENT_TYPES,
  type DocumentRecord,
  DOCUMENT_KINDS as REQUEST_DOCUMENT_KINDS,
} from '../../shared/documents/documentModel.js';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { offersFor } from '../../shared/domain/compensation/offers.js';
import { assessEligibility } from '../../shared/domain/eligibility/assess.js';
import { type Case, caseSchema } from '../../shared/domain/model/case.js';
import { domainEventSchema } from '../../shared/domain/model/event.js';
import { rightsCheck } from '../../shared/domain/rights/rightsCheck.js';
import { openAdvance } from '../../shared/fund/advance.js';
import type { FundState } from '../../shared/fund/ledger.js';
import { fundFigures } from '../../shared/fund/overview.js';
import { formatMu4, quotaView } from '../../shared/fund/reserve.js';
import { entryView, parseStoredEntry } from '../../shared/fund/storedEntry.js';
import { notificationsFor } from '../../shared/notifications/messages.js';
import { quarterlyReport } from '../../shared/reports/quarterly.js';
import { makeContext, makeHousehold, makeParams, makeVillage } from '../domain/fixtures.js';

/**
 * The wire contract (shared/contract) against the builders the handlers answer with: every route has
 * its answer's schema, the schemas take what the real builders produce, and they refuse a body that
 * misses a field API.md requires. The HTTP edge parses every answer against the same schemas, so the
 * API tests check the handlers themselves; this file checks the contract on its own, without services.
 */

const T0 = '2025-06-01T01:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** A homestead case that has been through everything the view can show, up to a paid advance. */
function paidCase(): Case {
  const ctx = makeContext();
  const household = makeHousehold();
  const params = makeParams();
  const application = ctx.application;
  const offers = offersFor(application, household, makeVillage().tier, params, at(30));
  const agreement = signAgreement({
    agreementId: 'AG-0001',
    caseId: 'C-0001',
    application,
    plotIdsInScope: [],
    offers,
    option: 'cash',
    offeredAt: at(30),
    rewardDays: params.rewardDays,
    signedAt: at(40),
    parametersVersion: params.version,
    documentKey: 'cases/C-0001/agreements/AG-0001.json',
  });
  const advance = openAdvance(agreement, params, at(41));
  const approval = { adminId: 'fund-370302-a', decision: 'approve' as const, note: 'ok', at: at(50) };
  return caseSchema.parse({
    caseId: 'C-0001',
    type: 'homestead_exit',
    householdId: household.householdId,
    village: household.villageCode,
    districtCode: '370302',
    application,
    status: 'disbursed',
    version: 9,
    createdAt: T0,
    updatedAt: at(50),
    submittedAt: at(1),
    findings: assessEligibility(ctx),
    rightsCheck: rightsCheck({ household, application }),
    reviews: [
      {
        decision: 'approve',
        reasons: [],
        resolution: { meetingDate: '2025-06-01', membersPresent: 30, votesFor: 25, votesAgainst: 2 },
        reviewer: 'reviewer-370302101201',
        at: at(10),
      },
    ],
    objections: [{ objectionId: 'O-1', text: '有异议', by: 'applicant-x', at: at(12), resolved: true }],
    offers,
    offeredAt: at(30),
    parametersVersion: params.version,
    choice: 'cash',
    agreement,
    advance: { ...advance, status: 'paid', approvals: [approval], paidAt: at(50), entryId: 'ADV-AG-0001' },
    timeline: [
      { at: T0, status: 'draft', actor: 'applicant-x', note: '申请已创建 / application created' },
      { at: at(50), status: 'disbursed', actor: 'fund-370302-a', note: '已拨付 / paid' },
    ],
    appeals: [{ stage: 'village_review', text: '申诉', at: at(20), actor: 'applicant-x' }],
  });
}

function draftCase(): Case {
  const ctx = makeContext();
  return caseSchema.parse({
    caseId: 'C-0002',
    type: 'homestead_exit',
    householdId: ctx.household.householdId,
    village: ctx.household.villageCode,
    districtCode: '370302',
    application: ctx.application,
    status: 'draft',
    version: 0,
    createdAt: T0,
    updatedAt: T0,
    timeline: [{ at: T0, status: 'draft', actor: 'applicant-x', note: '申请已创建 / application created' }],
  });
}

const documents: DocumentRecord[] = [
  {
    documentId: 'D-1',
    caseId: 'C-0001',
    kind: 'id_card',
    contentType: 'image/jpeg',
    sizeBytes: 1234,
    key: 'cases/C-0001/D-1',
    status: 'accepted',
    createdAt: T0,
    uploadedBy: 'applicant-x',
  },
  {
    documentId: 'D-2',
    caseId: 'C-0001',
    kind: 'hukou',
    contentType: 'application/pdf',
    sizeBytes: 99,
    key: 'cases/C-0001/D-2',
    status: 'rejected',
    reason: '文件不是PDF / not a PDF',
    createdAt: T0,
    uploadedBy: 'applicant-x',
  },
];

const fund: FundState = {
  districtCode: '370302',
  seq: 2,
  balanceFen: 9_000_000,
  advancedFen: 1_000_000,
  replenishedFen: 10_000_000,
  reversedFen: 0,
  queuedCount: 0,
  queuedFen: 0,
  queueVersion: 0,
};

const storedEntry = (seq: number) =>
  parseStoredEntry({
    PK: 'FUND#370302',
    SK: `ENTRY#${at(seq)}#E-${seq}`,
    itemType: 'ledger_entry',
    entryId: `E-${seq}`,
    at: at(seq),
    kind: 'replenishment',
    amountFen: 10_000_000,
    debit: 'fund_cash',
    credit: 'appropriations',
    actor: 'fund-370302-a',
    reference: `BUDGET-${seq}`,
    source: 'appropriation',
    seq,
    balanceAfterFen: 10_000_000 * seq,
  });

/** What the schema refuses, as the paths of its issues. */
function refusedPaths(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  body: unknown,
) {
  const r = schema.safeParse(body);
  if (r.success) return [];
  return (r.error as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join('.'));
}

function without<T extends object>(body: T, key: keyof T): Omit<T, typeof key> {
  const { [key]: _dropped, ...rest } = body;
  return rest;
}

describe('ROUTE_RESPONSES', () => {
  it('has an entry for every route of the authorization table, and no other', () => {
    expect(Object.keys(ROUTE_RESPONSES).sort()).toEqual([...ROUTE_IDS].sort());
  });

  it('gives every route a success status and a schema for it', () => {
    for (const [id, byStatus] of Object.entries(ROUTE_RESPONSES)) {
      const statuses = Object.keys(byStatus).map(Number);
      expect(statuses.length, id).toBeGreaterThan(0);
      for (const s of statuses) expect(s >= 200 && s < 300, `${id} ${s}`).toBe(true);
    }
  });
});

describe('lists kept in two places', () => {
  it('has the document kinds and content types of the upload request', () => {
    expect([...DOCUMENT_KINDS]).toEqual([...REQUEST_DOCUMENT_KINDS]);
    expect([...DOCUMENT_CONTENT_TYPES]).toEqual([...CONTENT_TYPES]);
  });

  it('has the roles the claims are read with', () => {
    expect([...CONTRACT_ROLES]).toEqual([...ROLES]);
  });

  it('gives the portal the retryable codes of problem.ts (the portal keeps zod out of its bundle)', () => {
    expect([...PORTAL_RETRYABLE_CODES].sort()).toEqual([...RETRYABLE_CODES].sort());
  });
});

describe('the case view and summaries', () => {
  it('accepts the view of a case that went all the way to a paid advance, with its documents', () => {
    const view = caseView(paidCase(), documents);
    expect(caseViewSchema.parse(JSON.parse(JSON.stringify(view)))).toMatchObject({ caseId: 'C-0001' });
    // the HTTP edge parses the object before JSON drops its undefined fields
    expect(caseViewSchema.safeParse(view).success).toBe(true);
    expect(ROUTE_RESPONSES.getCase[200].safeParse({ ...view, noticeEndsAt: at(99) }).success).toBe(true);
  });

  it('accepts the view of a fresh draft (no rights check, offers or parameters yet)', () => {
    const view = caseView(draftCase(), []);
    expect(view.rightsCheck).toBeUndefined();
    expect(caseViewSchema.safeParse(view).success).toBe(true);
  });

  it('accepts summaries and a page of them', () => {
    const items = [caseSummary(paidCase()), caseSummary(draftCase())];
    for (const s of items) expect(caseSummarySchema.safeParse(s).success).toBe(true);
    expect(caseListSchema.safeParse({ items, nextCursor: null }).success).toBe(true);
    expect(caseListSchema.safeParse({ items, nextCursor: 'abc' }).success).toBe(true);
  });

  it('refuses a view without the fields API.md requires', () => {
    const view = caseView(paidCase(), documents);
    expect(refusedPaths(caseViewSchema, without(view, 'caseId'))).toEqual(['caseId']);
    expect(refusedPaths(caseViewSchema, without(view, 'timeline'))).toEqual(['timeline']);
    expect(refusedPaths(caseViewSchema, { ...view, status: 'paid_out' })).toEqual(['status']);
    expect(refusedPaths(caseListSchema, { nextCursor: null })).toEqual(['items']);
  });

  it('refuses money that is not integer fen', () => {
    const view = caseView(paidCase(), documents);
    const offer = view.offers[0];
    if (!offer) throw new Error('fixture: no offer');
    const bad = { ...view, offers: [{ ...offer, amountFen: 1.5 }] };
    expect(refusedPaths(caseViewSchema, bad)).toEqual(['offers.0.amountFen']);
  });
});

describe('the fund', () => {
  it('accepts GET /fund as the handler composes it from the fund figures', () => {
    const body = {
      districtCode: '370302',
      ...fundFigures(fund),
      reversedFen: fund.reversedFen,
      entryCount: fund.seq,
      quota: {
        accruedMu: formatMu4(12345),
        soldMu: formatMu4(0),
        availableMu: formatMu4(12345),
        reservedParcels: 1,
      },
      reconciled: { entriesSumFen: fund.balanceFen, matches: true },
    };
    expect(fundViewSchema.safeParse(body).success).toBe(true);
    expect(refusedPaths(fundViewSchema, without(body, 'balanceFen'))).toEqual(['balanceFen']);
  });

  it('accepts the overview of every district', () => {
    const items = (['370302', '370303'] as const).map((districtCode) => ({
      districtCode,
      districtName: '淄川区',
      ...fundFigures(fund),
    }));
    expect(fundOverviewSchema.safeParse({ items, asOf: T0 }).success).toBe(true);
  });

  it('accepts ledger pages with and without a next cursor, and refuses one without items', () => {
    const items = [entryView(storedEntry(2)), entryView(storedEntry(1))];
    expect(ledgerPageSchema.safeParse({ items, nextCursor: 'abc' }).success).toBe(true);
    // the last page leaves nextCursor out (undefined before JSON, absent after)
    expect(ledgerPageSchema.safeParse({ items, nextCursor: undefined }).success).toBe(true);
    expect(refusedPaths(ledgerPageSchema, { nextCursor: 'abc' })).toEqual(['items']);
  });

  it('accepts a replenishment with the advances it paid', () => {
    const body = {
      ...entryView(storedEntry(1)),
      quotaMu: formatMu4(5000),
      paidAdvances: [{ caseId: 'C-0001', entryId: 'ADV-AG-0001', amountFen: 1_000_000 }],
    };
    expect(replenishmentSchema.safeParse(body).success).toBe(true);
  });

  it('accepts GET /quota as quotaView composes it, and refuses an area with more than 2 decimals', () => {
    const body = quotaView({
      districtCode: '370302',
      reservedCases: 1,
      reservedParcels: 2,
      accruedCentiM2: 32_050,
      soldCentiM2: 12_035,
      availableCentiM2: 20_015,
      accruedMu4: 4_807,
      soldMu4: 1_805,
      availableMu4: 3_002,
      stored: { soldCentiM2: 12_035, soldMu4: 1_805 },
    });
    expect(body).toMatchObject({
      acceptedM2: 320.5,
      soldM2: 120.35,
      availableM2: 200.15,
      availableMu: '0.3002',
    });
    expect(quotaViewSchema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
    expect(refusedPaths(quotaViewSchema, { ...body, soldM2: 120.355 })).toEqual(['soldM2']);
    expect(refusedPaths(quotaViewSchema, without(body, 'availableM2'))).toEqual(['availableM2']);
  });

  it('accepts the answer to an advance decision', () => {
    expect(advanceDecisionSchema.safeParse(decisionView(paidCase())).success).toBe(true);
  });
});

describe('registry, policy, reports and the inbox', () => {
  it('accepts the registry records', () => {
    const household = makeHousehold();
    expect(householdRecordSchema.safeParse(household).success).toBe(true);
    expect(villageRecordSchema.safeParse(makeVillage()).success).toBe(true);
    expect(refusedPaths(householdRecordSchema, without(household, 'members'))).toEqual(['members']);
  });

  it('accepts the parameters in force', () => {
    expect(policyParametersViewSchema.safeParse(makeParams()).success).toBe(true);
  });

  it('accepts the quarterly report of a quarter with a paid case and a replenishment', () => {
    const report = quarterlyReport(
      [paidCase(), draftCase()],
      [storedEntry(1)],
      { year: 2025, quarter: 2, district: '370302', generatedAt: at(60) },
      { households: [makeHousehold()] },
    );
    const r = quarterlyReportSchema.safeParse(report);
    expect(r.error?.issues ?? []).toEqual([]);
    expect(quarterlyReportSchema.safeParse({ ...report, generatedAt: null }).success).toBe(true);
  });

  it('accepts the inbox items the notify consumer writes', () => {
    const event = domainEventSchema.parse({
      eventId: 'C-0001:ReviewDecided:1',
      type: 'ReviewDecided',
      at: at(10),
      actor: 'reviewer-370302101201',
      caseId: 'C-0001',
      householdId: 'H-370302-0001',
      villageCode: '370302101201',
      districtCode: '370302',
      fromStatus: 'village_review',
      toStatus: 'public_notice',
      detail: { decision: 'approve', reasons: [] },
    });
    const items = notificationsFor(event);
    expect(items.length).toBeGreaterThan(0);
    // as GET /notifications answers them: with the caller's read marker (issue 18)
    const listed = items.map((i) => ({ ...i, read: false }));
    expect(inboxSchema.safeParse({ items: listed }).success).toBe(true);
    expect(inboxSchema.safeParse({ items }).success).toBe(items.length === 0);
  });
});
