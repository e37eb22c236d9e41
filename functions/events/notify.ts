import type { Context, EventBridgeEvent } from 'aws-lambda';
import { logger, withLambdaContext } from '../../shared/adapters/observability.js';
import { domainEventSchema } from '../../shared/domain/model/event.js';
import { putInboxItem } from '../../shared/notifications/inbox.js';
import { notificationsFor, smsTextOf } from '../../shared/notifications/messages.js';
import { sms } from '../../shared/ports/sms.js';

export interface NotifyResult {
  eventId: string;
  /** items written now */
  written: number;
  /** items already there: a redelivery, or written by the producer itself (escalate) */
  existing: number;
  /** text messages handed to the SMS port (escalations) */
  texted: number;
}

/**
 * The EventBridge consumer that turns domain events into in-app inbox items. An event of a case change
 * comes with its items already written, in the change's own transaction (`inboxWritten`, set by
 * shared/cases/commands/commit.ts): they are counted as existing and nothing is read or written. Any
 * other event (a re-sent one, a fund or document event) is written here, idempotent on eventId: each
 * item's key is derived from the event, and an item already stored is left as it is, so the
 * at-least-once delivery of EventBridge (and a task that re-sends its event after a crash) adds nothing.
 * A detail that is not a domain event throws, so it ends in the dead-letter queue where it is seen.
 *
 * Escalations also go by SMS (shared/ports/sms.ts) to every recipient of the rung. Their inbox items are
 * written with the case, so "already there" cannot tell a redelivery here: a text may go twice when
 * EventBridge delivers twice, which is better than a missed deadline nobody hears of.
 */
export async function notify(
  event: Pick<EventBridgeEvent<string, unknown>, 'detail'>,
): Promise<NotifyResult> {
  const domainEvent = domainEventSchema.parse(event.detail);
  const result: NotifyResult = { eventId: domainEvent.eventId, written: 0, existing: 0, texted: 0 };
  for (const item of notificationsFor(domainEvent)) {
    if (!domainEvent.inboxWritten && (await putInboxItem(item))) result.written++;
    else result.existing++;
    const text = smsTextOf(item);
    if (text) {
      await sms().send(item.recipient, text);
      result.texted++;
    }
  }
  logger.info('notifications', { ...result, type: domainEvent.type });
  return result;
}

export const handler = withLambdaContext(
  async (event: EventBridgeEvent<string, unknown>, _context: Context) => notify(event),
  { resetKeys: true },
);
