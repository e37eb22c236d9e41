import { recordMilestone } from '../../shared/cases/commands/milestones/recordMilestone.js';
import { milestoneInputSchema, milestoneRecordedSchema } from '../../shared/contract/milestones.js';
import { loadCaseCollectionFor, loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/milestones (API.md wave 2): the land leg's pending milestone, by the role that
 * records it (shared/cases/commands/milestones/record.ts), paying the tranche that falls due at it
 * (recordMilestone.ts). It consumes the step's task token in the same conditional write, so a duplicate
 * or a race records it (and pays it) once.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof milestoneInputSchema> = {
  id: 'recordMilestone',
  method: 'POST',
  path: '/cases/{caseId}/milestones',
  responses: { 200: milestoneRecordedSchema },
  params: caseParams,
  query: anyQuery,
  body: milestoneInputSchema,
  idempotent: true,
  async handle({ params, body, principal, now }) {
    // the vacating is judged on its photos: the case and its documents in one Query of its partition
    const stored =
      body.kind === 'vacated'
        ? await loadCaseCollectionFor('recordMilestone', principal, params.caseId)
        : await loadCaseFor('recordMilestone', principal, params.caseId);
    const next = await recordMilestone(stored, body, principal, now);
    return { status: 200, body: { caseId: next.caseId, status: next.status, kind: body.kind } };
  },
};

export const handler = lambdaHandler(route);
