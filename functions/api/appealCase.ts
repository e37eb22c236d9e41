import * as z from 'zod';
import { appealChange } from '../../shared/cases/commands/appeal.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { caseMovedSchema } from '../../shared/contract/caseActions.js';
import { MAX_TEXT_CHARS } from '../../shared/domain/model/limits.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/appeal (applicant): every terminal rejection can be appealed once; the appeal
 * reopens the step that rejected the case in a new execution (shared/cases/commands/appeal.ts).
 */
const body = z.strictObject({ text: z.string().trim().min(1).max(MAX_TEXT_CHARS) });

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'appealCase',
  method: 'POST',
  path: '/cases/{caseId}/appeal',
  responses: { 201: caseMovedSchema },
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    const stored = await loadCaseFor('appealCase', principal, params.caseId);
    const next = await commitCaseChange(await appealChange(stored, b.text, principal.sub, now));
    return { status: 201, body: { caseId: next.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
