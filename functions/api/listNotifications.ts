import * as z from 'zod';
import { inboxSchema } from '../../shared/contract/notifications.js';
import { Forbidden } from '../../shared/errors/appError.js';
import { listInbox } from '../../shared/notifications/inbox.js';
import { readMarks } from '../../shared/notifications/readMarks.js';
import { callerInbox } from '../../shared/notifications/recipientOf.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /notifications?limit= (extension of API.md): the caller's in-app inbox (站内通知), newest first.
 * A notice goes to the role that must act: the household, the village's reviewers, the town's reviewers,
 * the district's approvers, fund administrators or auditors (escalations that reach the top of the
 * ladder); each caller reads only their own inbox, picked from their claims
 * (shared/notifications/recipientOf.ts), with their own read markers (`read`, `readAt`, issue 18).
 */
const query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'listNotifications',
  method: 'GET',
  path: '/notifications',
  responses: { 200: inboxSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q, principal, grants }) {
    const recipient = callerInbox(grants, principal);
    if (!recipient) throw new Forbidden();
    const items = await listInbox(recipient, q.limit);
    // the caller's own read markers of this page (issue 18): one more Query
    const marks = await readMarks(principal.sub, recipient, items);
    return {
      status: 200,
      body: {
        items: items.map((i) => {
          const readAt = marks.get(i.notificationId);
          return { ...i, read: readAt !== undefined, ...(readAt ? { readAt } : {}) };
        }),
      },
    };
  },
};

export const handler = lambdaHandler(route);
