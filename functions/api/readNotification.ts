import * as z from 'zod';
import { notificationReadSchema } from '../../shared/contract/notifications.js';
import { isoDateTimeSchema } from '../../shared/domain/model/common.js';
import { Forbidden } from '../../shared/errors/appError.js';
import { markRead } from '../../shared/notifications/readMarks.js';
import { callerInbox } from '../../shared/notifications/recipientOf.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery } from './http/schemas.js';

/**
 * POST /notifications/{notificationId}/read (extension, issue 18; docs/api-conformance.md): the caller has
 * read this notice of their inbox. The body names the notice's `at` as `GET /notifications` listed it:
 * with the id it is the notice's key, so the notice is found with one read and a notice of another inbox
 * is a 404. Read markers are the caller's own (colleagues sharing the inbox keep theirs); marking again
 * keeps the first time.
 */
// a notice's id is its event's id (`C-…:AG-…:AdvanceDisbursed:paid`, `…:2026-12-06T18:17:29.472Z`):
// letters, digits and `:._#-`, nothing a path could be made to mean otherwise
const params = z.strictObject({
  notificationId: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9][A-Za-z0-9:._#-]*$/, 'a notice id: letters, digits and ":._#-" only'),
});
const body = z.strictObject({ at: isoDateTimeSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof body> = {
  id: 'readNotification',
  method: 'POST',
  path: '/notifications/{notificationId}/read',
  responses: { 200: notificationReadSchema },
  params,
  query: anyQuery,
  body,
  // every POST takes an Idempotency-Key (infra/constructs/api.ts); a repeat answers as the first did
  idempotent: true,
  async handle({ params: p, body: b, principal, grants, now }) {
    const recipient = callerInbox(grants, principal);
    if (!recipient) throw new Forbidden();
    const readAt = await markRead(principal.sub, recipient, b.at, p.notificationId, now);
    return { status: 200, body: { notificationId: p.notificationId, read: true, readAt } };
  },
};

export const handler = lambdaHandler(route);
