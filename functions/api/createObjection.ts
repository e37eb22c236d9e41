import * as z from 'zod';
import { ConflictError, NotFoundError } from '../../shared/adapters/errors.js';
import { newId } from '../../shared/adapters/ids.js';
import { getCase, saveCase } from '../../shared/adapters/table/caseRepository.js';
import { authorizeResource } from '../../shared/auth/authorization.js';
import { caseEvent, touchCase } from '../../shared/cases/moveCase.js';
import { events } from '../../shared/ports/events.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/objections (anyone signed in, during the public notice 公示). The objection is
 * recorded at once; when the notice period ends the workflow sends a case with an unresolved objection
 * back to village review instead of on to the offers.
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
    if (!stored) throw new NotFoundError(`no case ${params.caseId}`);
    const c = stored.case;
    authorizeResource('createObjection', principal, {
      householdId: c.householdId,
      villageCode: c.village,
      districtCode: c.districtCode,
    });
    if (c.status !== 'public_notice')
      throw new ConflictError('objections are taken only during the public notice', { caseStatus: c.status });
    const objectionId = newId('O', now);
    const next = touchCase(c, {
      actor: principal.sub,
      at: now,
      note: '公示期间收到异议 / objection received during the public notice',
      patch: {
        objections: [
          ...c.objections,
          { objectionId, text: b.text, by: principal.sub, at: now, resolved: false },
        ],
      },
    });
    await saveCase(stored, next, {
      audit: { actor: principal.sub, action: 'objection.raised', reason: b.text },
    });
    await events().publish([caseEvent('ObjectionRaised', next, principal.sub, c.status, { objectionId })]);
    return { status: 201, body: { objectionId, caseId: c.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
