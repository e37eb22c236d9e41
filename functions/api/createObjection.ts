import * as z from 'zod';
import { isCaseNumber, newId } from '../../shared/adapters/ids.js';
import { caseIdOfNumber } from '../../shared/adapters/table/caseNumbers.js';
import { getCase, type StoredCase } from '../../shared/adapters/table/caseRepository.js';
import { authorizeResource } from '../../shared/auth/authorization.js';
import type { Principal } from '../../shared/auth/principal.js';
import { objectionChange } from '../../shared/cases/commands/object.js';
import { commitWithRereads } from '../../shared/cases/commands/retryStale.js';
import { objectionFiledSchema } from '../../shared/contract/caseActions.js';
import type { Case } from '../../shared/domain/model/case.js';
import { MAX_TEXT_CHARS } from '../../shared/domain/model/limits.js';
import { Forbidden, NotFound } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/objections (anyone signed in, during the public notice 公示): recorded at once
 * (shared/cases/commands/object.ts); at the notice's end an unresolved objection sends the case back to
 * village review.
 *
 * Anyone may object to a case in its notice, so the route must not tell anyone anything else: a case
 * outside its notice is answered exactly like a case that does not exist (404, the same code and
 * words), whatever its state, unless the caller may read the case anyway (`GET /cases/{caseId}`: its
 * household, its village's, town's and district's staff), who get the 409 naming its status.
 */
const body = z.strictObject({ text: z.string().trim().min(1).max(MAX_TEXT_CHARS) });

/** The one answer for "no case in its notice here", the same for an unknown id and any other state. */
function notInNotice(caseId: string): NotFound {
  return new NotFound({
    zh: `没有正在公示的案件 ${caseId}。`,
    en: `no case ${caseId} is in its public notice`,
  });
}

/** Whether the caller may read the case anyway, and so may learn why it takes no objection. */
function mayReadCase(principal: Principal, c: Case): boolean {
  try {
    authorizeResource('getCase', principal, {
      householdId: c.householdId,
      villageCode: c.village,
      districtCode: c.districtCode,
    });
    return true;
  } catch (error) {
    if (error instanceof Forbidden) return false;
    throw error;
  }
}

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'createObjection',
  method: 'POST',
  path: '/cases/{caseId}/objections',
  responses: { 201: objectionFiledSchema },
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    // the case number read from the notice board names the case as well as its id (issue 18)
    const caseId = isCaseNumber(params.caseId) ? await caseIdOfNumber(params.caseId) : params.caseId;
    const first = caseId ? await getCase(caseId) : undefined;
    if (!first) throw notInNotice(params.caseId);
    const inScope = mayReadCase(principal, first.case);
    const objectionId = newId('O', now);
    const decide = (stored: StoredCase) => {
      const c = stored.case;
      if (c.status !== 'public_notice' && !inScope) throw notInNotice(params.caseId);
      authorizeResource('createObjection', principal, {
        householdId: c.householdId,
        villageCode: c.village,
        districtCode: c.districtCode,
      });
      return objectionChange(stored, { objectionId, text: b.text }, principal.sub, now);
    };
    // objectors racing each other (or the notice's own writes) read the case again, a few times
    const next = await commitWithRereads(first, decide);
    return {
      status: 201,
      body: {
        objectionId,
        caseId: next.caseId,
        ...(next.caseNumber ? { caseNumber: next.caseNumber } : {}),
        status: next.status,
      },
    };
  },
};

export const handler = lambdaHandler(route);
