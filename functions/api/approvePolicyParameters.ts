import * as z from 'zod';
import { parameterProposalViewSchema } from '../../shared/contract/policyVersions.js';
import { idSchema } from '../../shared/domain/model/common.js';
import { approveParameters } from '../../shared/policy/commands.js';
import { proposalView } from '../../shared/policy/view.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, emptyBody } from './http/schemas.js';

/**
 * POST /policy/parameters/{versionId}/approve (another district approver of the district; issue 19)
 * → 200 scheduled: the version takes effect on its day. 403 for the proposer (four eyes), 409 when
 * someone else approved it or another version already starts that day, 422 once its day has come.
 * A repeat by the same approver answers the same, with or without an Idempotency-Key (which every POST takes).
 */
const params = z.strictObject({ versionId: idSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof emptyBody> = {
  id: 'approvePolicyParameters',
  method: 'POST',
  path: '/policy/parameters/{versionId}/approve',
  responses: { 200: parameterProposalViewSchema },
  params,
  query: anyQuery,
  body: emptyBody,
  idempotent: true,
  async handle({ principal, params: p, now }) {
    return { status: 200, body: proposalView(await approveParameters(p.versionId, principal, now)) };
  },
};

export const handler = lambdaHandler(route);
