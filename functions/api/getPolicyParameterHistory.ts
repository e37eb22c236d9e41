import * as z from 'zod';
import { parameterHistorySchema } from '../../shared/contract/policyVersions.js';
import { chinaDate } from '../../shared/domain/chinaDate.js';
import { districtCodeSchema } from '../../shared/domain/model/common.js';
import { parameterHistory } from '../../shared/policy/history.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /policy/parameters/history?district= (everyone signed in; issue 19): every version of the
 * district, pending proposals first, with who proposed and approved each and the sample household's
 * cash offer under it.
 */
const query = z.object({ district: districtCodeSchema });

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'getPolicyParameterHistory',
  method: 'GET',
  path: '/policy/parameters/history',
  responses: { 200: parameterHistorySchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q, now }) {
    return {
      status: 200,
      body: {
        districtCode: q.district,
        asOf: chinaDate(now),
        items: await parameterHistory(q.district, now),
      },
    };
  },
};

export const handler = lambdaHandler(route);
