import { fundOverviewSchema } from '../../shared/contract/fund.js';
import { fundOverview } from '../../shared/fund/overview.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody, noParams } from './http/schemas.js';

/**
 * GET /fund/overview (fund administrators and auditors, every district; an extension of API.md): the
 * balance, advanced, replenished and queued figures of each district's special fund, for the fund
 * dashboard's "advances by district" chart. Aggregates only, so the district claim does not narrow it
 * (see the authorization table).
 */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof noBody> = {
  id: 'getFundOverview',
  method: 'GET',
  path: '/fund/overview',
  responses: { 200: fundOverviewSchema },
  params: noParams,
  query: anyQuery,
  body: noBody,
  async handle({ now }) {
    return { status: 200, body: await fundOverview(now) };
  },
};

export const handler = lambdaHandler(route);
