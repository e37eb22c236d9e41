import { resetAppConfig } from '../../shared/adapters/config.js';
import { getCase, type PendingToken } from '../../shared/adapters/table/caseRepository.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { DistrictCode } from '../../shared/domain/model/common.js';
import { openAdvance } from '../../shared/fund/advance.js';
import type { TestPrincipal } from '../support/api.js';
import { createCase, saveCase } from '../support/caseStore.js';
import { createTable } from '../support/createTable.js';

/**
 * Fixtures of the fund tests: cases waiting in fund_review with a task token (as the workflow leaves
 * them), fund administrators, and fresh tables so that every scenario (and every property run) starts
 * from an empty fund. The table design is the deployed one (tableDesign.ts).
 */
export const DISTRICT: DistrictCode = '370302';
export const VILLAGE = '370302101201';
export const HOUSEHOLD = 'H-370302-0001';
/** the illustrative four-eyes threshold: ¥500 000 */
export const THRESHOLD_FEN = 50_000_000;

let tableCounter = 0;

/** A new empty table of the deployed design, and the handlers pointed at it. */
export async function freshTable(endpoint: string): Promise<string> {
  const name = `fund-${process.pid}-${++tableCounter}`;
  await createTable(endpoint, name);
  process.env.TABLE_NAME = name;
  resetAppConfig();
  const { resetIdempotency } = await import('../../functions/api/http/idempotency.js');
  resetIdempotency();
  return name;
}

export function fundAdmin(n: number | string, district: string = DISTRICT): TestPrincipal {
  return { sub: `fund-admin-${n}`, groups: ['fund_admin'], district };
}

export interface FundCaseOptions {
  caseId: string;
  amountFen: number;
  district?: DistrictCode;
  at?: string;
  thresholdFen?: number;
}

/** A case whose agreement is signed and whose advance is open, in fund_review. */
export function fundReviewCase(o: FundCaseOptions): Case {
  const at = o.at ?? '2025-06-01T00:00:00.000Z';
  const agreementId = `AG-${o.caseId}`;
  const agreement = {
    agreementId,
    caseId: o.caseId,
    option: 'cash' as const,
    amountFen: o.amountFen,
    payableFen: o.amountFen,
    rewardIncluded: false,
    signedAt: at,
    surrendered: [{ right: 'homestead_use' as const, items: ['P1'] }],
    parametersVersion: `${o.district ?? DISTRICT}-2020-01`,
    documentKey: `cases/${o.caseId}/agreements/${agreementId}.json`,
  };
  return {
    caseId: o.caseId,
    type: 'homestead_exit',
    householdId: HOUSEHOLD,
    village: VILLAGE,
    districtCode: o.district ?? DISTRICT,
    application: {
      type: 'homestead_exit',
      householdId: HOUSEHOLD,
      parcelIds: ['P1'],
      consents: [{ memberId: 'm1', consented: true, signedAt: at }],
      declarations: { voluntary: true },
    },
    status: 'fund_review',
    version: 0,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    findings: [],
    reviews: [],
    objections: [],
    offers: [],
    choice: 'cash',
    agreement,
    advance: openAdvance(agreement, { fourEyesThresholdFen: o.thresholdFen ?? THRESHOLD_FEN }, at),
    timeline: [{ at, status: 'fund_review', actor: 'seed', note: 'seeded in fund_review' }],
    appeals: [],
  };
}

export const tokenOf = (caseId: string, step = 'fund_review') => `token-${caseId}-${step}`;

/** Writes the case and stores the fund_review task token, as the workflow's registerTask does. */
export async function seedFundReview(o: FundCaseOptions): Promise<{ caseId: string; token: string }> {
  const c = fundReviewCase(o);
  await createCase(c, { actor: 'seed', action: 'case.seeded' });
  const token = tokenOf(c.caseId);
  await storeToken(c.caseId, { token, status: 'fund_review' });
  return { caseId: c.caseId, token };
}

/** What the workflow's registerTask does when it reaches a human step: store the token with the case. */
export async function storeToken(caseId: string, token: PendingToken): Promise<void> {
  const read = await getCase(caseId);
  if (!read) throw new Error(`no case ${caseId}`);
  const waiting = touchCase(read.case, {
    actor: 'system:workflow',
    at: read.case.updatedAt,
    note: `waiting (${token.status})`,
  });
  await saveCase(read, waiting, {
    newToken: token,
    audit: { actor: 'system:workflow', action: 'task.waiting' },
  });
}
