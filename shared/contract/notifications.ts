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

/**
 * A notice as `GET /notifications` lists it (issue 18): with whether the caller has read it. The inbox is
 * shared by the colleagues of a role (a village's reviewers, a district's fund administrators), its read
 * markers are each person's own.
 */
export const inboxEntryViewSchema = inboxItemViewSchema.extend({
  read: z.boolean(),
  /** when the caller marked it read (`POST /notifications/{notificationId}/read`) */
  readAt: timeSchema.optional(),
});
export type InboxEntryView = z.infer<typeof inboxEntryViewSchema>;

/** `GET /notifications?limit=` → 200 (extension): newest first, one page (no cursor). */
export const inboxSchema = z.object({ items: z.array(inboxEntryViewSchema) });
export type Inbox = z.infer<typeof inboxSchema>;

/** `POST /notifications/{notificationId}/read` → 200 (extension, issue 18): the notice is read by the caller. */
export const notificationReadSchema = z.object({
  notificationId: z.string(),
  read: z.literal(true),
  /** the first time the caller marked it read (marking it again keeps it) */
  readAt: timeSchema,
});
export type NotificationRead = z.infer<typeof notificationReadSchema>;
