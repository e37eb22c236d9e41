import * as z from 'zod';
import { newId } from '../../shared/adapters/ids.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { objectionChange } from '../../shared/cases/commands/object.js';
import { NotFound } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/objections (anyone signed in, during the public notice 公示): recorded at once
 * (shared/cases/commands/object.ts); at the notice's end an unresolved objection sends the case back to
 * village review.
 */
const body = z.strictObject({ text: z.string().trim().min(1).max(2000) });

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'createObjection',
  method: 'POST',
  path: '/cases/{caseId}/objections',
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    const stored = await getCase(params.caseId);
    if (!stored) throw new NotFound(`no case ${params.caseId}`);
    const c = stored.case;
    authorizeResource('createObjection', principal, {
      householdId: c.householdId,
      villageCode: c.village,
      districtCode: c.districtCode,
    });
    const objectionId = newId('O', now);
    const next = await commitCaseChange(
      objectionChange(stored, { objectionId, text: b.text }, principal.sub, now),
    );
    return { status: 201, body: { objectionId, caseId: next.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
