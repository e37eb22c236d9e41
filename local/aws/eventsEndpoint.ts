import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import {
  AwsJsonError,
  type AwsJsonRequestHandler,
  createAwsJsonService,
  fromAwsTimestamp,
} from './awsJsonProtocol.js';

/**
 * EventBridge PutEvents over awsJson1_1, so shared/ports/events.ts publishes through the real
 * `@aws-sdk/client-eventbridge` to the local runtime. Routing to rules is the caller's job (see
 * eventPattern.ts and toEventBridgeEvent).
 */

/** One accepted entry, as the request carried it, with the id and time the bus gave it. */
export interface PutEventsEntry {
  EventId: string;
  /** Name or ARN as sent; `default` when absent, as on AWS. */
  EventBusName: string;
  Source: string;
  DetailType: string;
  /** The JSON text as sent (a JSON object). */
  Detail: string;
  Time: Date;
  Resources: string[];
  TraceHeader?: string;
}

export const EVENTS_TARGET_PREFIX = 'AWSEvents';
export const EVENTS_ERROR_NAMESPACE = 'com.amazonaws.eventbridge';

// AWS limits: 10 entries per call, 256 KiB per entry.
const MAX_ENTRIES = 10;
const MAX_ENTRY_BYTES = 256 * 1024;

type EntryResult = { entry: PutEventsEntry } | { ErrorCode: string; ErrorMessage: string };

function stringArray(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

// Per-entry problems are reported in the entry's result (FailedEntryCount), as AWS does, not as a
// request error: the other entries of the batch still go through.
function acceptEntry(raw: unknown, now: Date): EntryResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry is not an object.' };
  }
  const e = raw as Record<string, unknown>;
  const invalid = (member: string): EntryResult => ({
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  });
  if (typeof e.Source !== 'string' || e.Source.length === 0) return invalid('Source');
  if (typeof e.DetailType !== 'string' || e.DetailType.length === 0) return invalid('DetailType');
  if (typeof e.Detail !== 'string') return invalid('Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(e.Detail);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  const resources = stringArray(e.Resources);
  if (resources === undefined) return invalid('Resources');
  const time = e.Time === undefined || e.Time === null ? now : fromAwsTimestamp(e.Time);
  if (time === undefined) return invalid('Time');
  const busName =
    typeof e.EventBusName === 'string' && e.EventBusName.length > 0 ? e.EventBusName : 'default';
  const entry: PutEventsEntry = {
    EventId: randomUUID(),
    EventBusName: busName,
    Source: e.Source,
    DetailType: e.DetailType,
    Detail: e.Detail,
    Time: time,
    Resources: resources,
    ...(typeof e.TraceHeader === 'string' ? { TraceHeader: e.TraceHeader } : {}),
  };
  const size = Buffer.byteLength(JSON.stringify(entry), 'utf8');
  if (size > MAX_ENTRY_BYTES) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: `Entry size exceeds ${MAX_ENTRY_BYTES} bytes.` };
  }
  return { entry };
}

/**
 * `onEvents` gets the accepted entries of each call, in order. Resolve once they are taken (queued), not
 * necessarily delivered: as on AWS, a rule target's failure is no concern of the publisher. A rejection
 * answers 500 InternalException, which the SDK retries, so `onEvents` may then see the entries again.
 */
export function createEventsEndpoint(
  onEvents: (entries: PutEventsEntry[]) => Promise<void>,
  options: { now?: () => Date; onInternalError?: (error: unknown, operation: string) => void } = {},
): AwsJsonRequestHandler {
  const now = options.now ?? (() => new Date());
  return createAwsJsonService({
    targetPrefix: EVENTS_TARGET_PREFIX,
    version: '1.1',
    errorNamespace: EVENTS_ERROR_NAMESPACE,
    internalErrorCode: 'InternalException',
    ...(options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError }),
    operations: {
      async PutEvents(input) {
        const raw = input.Entries;
        if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_ENTRIES) {
          throw new AwsJsonError(
            'ValidationException',
            `Entries must hold between 1 and ${MAX_ENTRIES} entries`,
          );
        }
        const at = now();
        const results = raw.map((entry) => acceptEntry(entry, at));
        const accepted = results.flatMap((r) => ('entry' in r ? [r.entry] : []));
        // A rejection propagates as it is: answered as a (retryable) 500 InternalException and logged.
        if (accepted.length > 0) await onEvents(accepted);
        return {
          FailedEntryCount: results.length - accepted.length,
          Entries: results.map((r) => ('entry' in r ? { EventId: r.entry.EventId } : r)),
        };
      },
    },
  });
}

/**
 * The event as EventBridge hands it to rule targets (and as event patterns see it): detail parsed,
 * time at whole seconds.
 */
export function toEventBridgeEvent(
  entry: PutEventsEntry,
  context: { account: string; region: string },
): EventBridgeEvent<string, Record<string, unknown>> {
  return {
    version: '0',
    id: entry.EventId,
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: context.account,
    time: `${entry.Time.toISOString().slice(0, 19)}Z`,
    region: context.region,
    resources: [...entry.Resources],
    detail: JSON.parse(entry.Detail) as Record<string, unknown>,
  };
}
