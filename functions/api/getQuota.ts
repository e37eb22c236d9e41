import * as z from 'zod';
import { quotaViewSchema } from '../../shared/contract/fund.js';
import { districtCodeSchema } from '../../shared/domain/model/common.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { quotaView, readQuota } from '../../shared/fund/reserve.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /quota?district= (land officers, fund administrators and auditors of the district): the district's
 * surplus construction-land quota (节余建设用地指标): accepted, sold and available m², exact, and the same
 * in mu. Without a district, the caller's own; another district is 403.
 */
const query = z.object({ district: districtCodeSchema.optional() });

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'getQuota',
  method: 'GET',
  path: '/quota',
  responses: { 200: quotaViewSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ principal, query: q }) {
    const district = fundDistrictFor('getQuota', principal, q.district);
    return { status: 200, body: quotaView(await readQuota(district)) };
  },
};

export const handler = lambdaHandler(route);
