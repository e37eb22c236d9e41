import * as z from 'zod';
import { domainEventTypeSchema } from '../domain/model/event.js';
import { timeSchema } from './common.js';

/** One notice of the in-app inbox (站内通知), in both languages; deadlines in bodies are China time. */
export const inboxItemViewSchema = z.object({
  notificationId: z.string(),
  at: timeSchema,
  eventType: domainEventTypeSchema,
  caseId: z.string().optional(),
  titleZh: z.string(),
  titleEn: z.string(),
  bodyZh: z.string(),
  bodyEn: z.string(),
});
export type InboxItemView = z.infer<typeof inboxItemViewSchema>;

/** `GET /notifications?limit=` → 200 (extension): newest first, one page (no cursor). */
export const inboxSchema = z.object({ items: z.array(inboxItemViewSchema) });
export type Inbox = z.infer<typeof inboxSchema>;
