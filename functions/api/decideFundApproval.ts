import * as z from 'zod';
import { payQueuedAdvances } from '../../shared/cases/commands/advance/queue.js';
import { fundApprovalDecisionSchema } from '../../shared/contract/fund.js';
import { idSchema } from '../../shared/domain/model/common.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { fundDistrictFor } from '../../shared/fund/access.js';
import { approvalView, decideApproval } from '../../shared/fund/approvalCommands.js';
import { entryView } from '../../shared/fund/storedEntry.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery } from './http/schemas.js';

/**
 * POST /fund/approvals/{approvalId}/decision (a fund administrator of the district other than the
 * proposer; issue 16): `{approve: true}` writes the proposal's ledger entry (a replenishment, then the
 * queued advances are paid in FIFO order; or a reversing entry), exactly once; `{approve: false,
 * reason}` refuses it and writes nothing to the ledger. The proposer is 403 (`conflict: own_proposal`);
 * a repeat answers what is stored, the other decision on a decided approval is 409 ALREADY_DECIDED.
 */
const params = z.strictObject({ approvalId: idSchema });
const body = z.strictObject({
  approve: z.boolean(),
  reason: z.string().trim().max(500).default(''),
});

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof body> = {
  id: 'decideFundApproval',
  method: 'POST',
  path: '/fund/approvals/{approvalId}/decision',
  responses: { 200: fundApprovalDecisionSchema },
  params,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ principal, params: p, body: b, now }) {
    if (!b.approve && b.reason.length === 0) {
      throw new ValidationFailed({ zh: '拒绝须说明理由。', en: 'a refusal must give its reason' }, [
        { path: 'body.reason', message: 'required when refusing', messageZh: '拒绝时必填' },
      ]);
    }
    const district = fundDistrictFor('decideFundApproval', principal);
    const decided = await decideApproval(district, p.approvalId, principal.sub, b.approve, b.reason, now);
    // money came in: the advances waiting in the queue are paid as far as it goes (as after any
    // replenishment; a repeat runs it again, in case the first call died before it did)
    const queue = decided.freesQueue ? await payQueuedAdvances(district, principal.sub, now) : undefined;
    return {
      status: 200,
      body: {
        ...approvalView(decided.approval),
        ...(decided.entry ? { entry: entryView(decided.entry) } : {}),
        ...(queue
          ? {
              paidAdvances: queue.paid.map((q) => ({
                caseId: q.caseId,
                entryId: q.entryId,
                amountFen: q.amountFen,
              })),
            }
          : {}),
      },
    };
  },
};

export const handler = lambdaHandler(route);
