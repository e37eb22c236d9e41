import * as z from 'zod';
import { type CaseQuery, decodeCursor, queryCases } from '../../shared/adapters/table/caseRepository.js';
import { type Principal, type Role, requireClaim } from '../../shared/auth/principal.js';
import { caseSummary } from '../../shared/cases/caseView.js';
import { caseListSchema } from '../../shared/contract/cases.js';
import { districtCodeSchema } from '../../shared/domain/model/common.js';
import { caseStatusSchema } from '../../shared/domain/model/status.js';
import { Forbidden, ValidationFailed } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /cases?status=&cursor=&limit= — each role sees its own slice, always through an index query:
 * applicant: own household; reviewer: own village; town reviewer: own town (its queue is
 * `?status=town_review`); fund administrator: the district's fund queue (status fund_review = awaiting
 * approval, awaiting_funds = queued for money); auditor, district approver (`?status=district_approval`)
 * and land officer: the district.
 */
const query = z.object({
  status: caseStatusSchema.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** extension (wave 2): the registrar's queue is per district (the registrar is city-wide) */
  district: districtCodeSchema.optional(),
});

// a person holding several roles sees the first one's slice: the review chain's queues, in its order, first
const ROLE_ORDER: Role[] = [
  'village_reviewer',
  'town_reviewer',
  'district_approver',
  'land_officer',
  'fund_admin',
  'auditor',
  'applicant',
  'registrar',
];

function scopeQuery(role: Role, p: Principal, q: z.infer<typeof query>): CaseQuery {
  const { status } = q;
  switch (role) {
    case 'registrar': {
      // the registrar's queue (wave 2): the cases of a district awaiting the certificate's cancellation
      if (!q.district || (status && status !== 'cancelling')) {
        throw new ValidationFailed(
          {
            zh: '登记员的待办列表须指定区县，状态为待注销登记',
            en: 'the registrar lists cancelling cases of a district',
          },
          [
            ...(q.district ? [] : [{ path: 'query.district', message: 'required', messageZh: '必填' }]),
            ...(status && status !== 'cancelling'
              ? [{ path: 'query.status', message: 'cancelling only', messageZh: '仅可为 cancelling' }]
              : []),
          ],
        );
      }
      return { index: 'ByDistrict', districtCode: q.district, status: 'cancelling' };
    }
    case 'applicant':
      return {
        index: 'ByHousehold',
        householdId: requireClaim(p.householdId, 'custom:householdId'),
        ...(status ? { status } : {}),
      };
    case 'village_reviewer':
      return {
        index: 'ByVillage',
        villageCode: requireClaim(p.village, 'custom:village'),
        ...(status ? { status } : {}),
      };
    case 'town_reviewer':
      return {
        index: 'ByTown',
        townCode: requireClaim(p.town, 'custom:town'),
        ...(status ? { status } : {}),
      };
    case 'fund_admin': {
      const districtCode = requireClaim(p.district, 'custom:district');
      if (status && status !== 'fund_review' && status !== 'awaiting_funds') {
        throw new ValidationFailed('the fund queue lists fund_review or awaiting_funds', [
          { path: 'query.status', message: 'fund_review or awaiting_funds' },
        ]);
      }
      return {
        index: 'FundQueue',
        districtCode,
        advanceStatus: status === 'awaiting_funds' ? 'queued' : 'pending_approval',
      };
    }
    default:
      // auditor, district approver, land officer: the whole district
      return {
        index: 'ByDistrict',
        districtCode: requireClaim(p.district, 'custom:district'),
        ...(status ? { status } : {}),
      };
  }
}

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'listCases',
  method: 'GET',
  path: '/cases',
  responses: { 200: caseListSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q, principal, grants }) {
    const role = ROLE_ORDER.find((r) => grants.some((g) => g.role === r)) ?? grants[0]?.role;
    if (!role) throw new Forbidden();
    const cursor = decodeCursor(q.cursor);
    if (q.cursor && !cursor)
      throw new ValidationFailed('invalid cursor', [
        { path: 'query.cursor', message: 'not a cursor this API issued' },
      ]);
    try {
      const page = await queryCases(scopeQuery(role, principal, q), q.limit, cursor);
      return {
        status: 200,
        body: { items: page.items.map(caseSummary), nextCursor: page.nextCursor ?? null },
      };
    } catch (error) {
      // a tampered cursor that decodes but names other keys is refused by DynamoDB as a validation error
      if (error instanceof Error && error.name === 'ValidationException' && cursor) {
        throw new ValidationFailed('invalid cursor', [
          { path: 'query.cursor', message: 'not a cursor this API issued' },
        ]);
      }
      throw error;
    }
  },
};

export const handler = lambdaHandler(route);
