import {
  parameterProposalViewSchema,
  proposeParametersBodySchema,
} from '../../shared/contract/policyVersions.js';
import { proposeParameters } from '../../shared/policy/commands.js';
import { proposalView } from '../../shared/policy/view.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, noParams } from './http/schemas.js';

/**
 * POST /policy/parameters (a district approver of that district; issue 19): a whole new parameter
 * version for a Zibo date after today, with its reason → 201 proposed. 400 names every bad parameter
 * with its unit and range; nothing is in force until another district approver approves it.
 */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof proposeParametersBodySchema> = {
  id: 'proposePolicyParameters',
  method: 'POST',
  path: '/policy/parameters',
  responses: { 201: parameterProposalViewSchema },
  params: noParams,
  query: anyQuery,
  body: proposeParametersBodySchema,
  idempotent: true,
  async handle({ principal, body, now }) {
    return { status: 201, body: proposalView(await proposeParameters(body, principal, now)) };
  },
};

export const handler = lambdaHandler(route);
