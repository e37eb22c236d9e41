import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { type DomainEvent, domainEventSchema } from '../domain/model/event.js';

/** Where domain events go: the custom EventBridge bus (source "homestead-exit", detail-type = type). */
export interface EventPort {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export const EVENT_SOURCE = 'homestead-exit';

export const eventBridgePort: EventPort = {
  async publish(events) {
    const bus = requireConfig('EVENT_BUS_NAME');
    // PutEvents takes at most 10 entries per call
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10).map((e) => domainEventSchema.parse(e));
      const out = await eventBridgeClient().send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: bus,
            Source: EVENT_SOURCE,
            DetailType: e.type,
            Detail: JSON.stringify(e),
            Time: new Date(e.at),
          })),
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${batch.length} events`);
      }
    }
  },
};

let current: EventPort = eventBridgePort;

export function events(): EventPort {
  return current;
}

export function setEventPort(port: EventPort): void {
  current = port;
}
