import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { logger, withLambdaContext } from '../../shared/adapters/observability.js';
import { type DomainEvent, domainEventSchema } from '../../shared/domain/model/event.js';
import { UnprojectableEventError } from '../../shared/reports/projection.js';
import { applyBatch, type BatchRecord, type RecordOutcome } from '../../shared/reports/projectionBatch.js';

/** The EventBridge event the Projection queue receives from its rule; only `detail` is ours. */
const envelopeSchema = z.looseObject({ detail: z.unknown() });

class UnreadableRecordError extends Error {
  override readonly name = 'UnreadableRecordError';
}

function parseRecord(record: SQSRecord): DomainEvent {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new UnreadableRecordError('the body is not JSON');
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw new UnreadableRecordError('the body is not an EventBridge event');
  const event = domainEventSchema.safeParse(envelope.data.detail);
  if (!event.success) {
    throw new UnreadableRecordError(
      `the detail is not a domain event: ${event.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return event.data;
}

/**
 * The Projection queue's consumer: each message is one domain event (an EventBridge event whose detail
 * is a DomainEvent). The whole batch is projected together (shared/reports/projectionBatch.ts): the
 * counters of each district and quarter once per eventId, in one update per key and batch, and the rows
 * and figures now of the cases the events are about, read from the cases themselves; in one transaction
 * when it fits. A message that fails (unreadable, unattributable, or a storage error) is reported alone
 * as a batch item failure, so the others are not redelivered; SQS retries it and, after maxReceiveCount,
 * moves it to the dead-letter queue where the alarm sees it.
 */
export async function projectBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  const fail = (record: SQSRecord, error: unknown) => {
    const permanent = error instanceof UnreadableRecordError || error instanceof UnprojectableEventError;
    const log = permanent ? logger.error.bind(logger) : logger.warn.bind(logger);
    log(permanent ? 'record cannot be projected' : 'record not projected, will be retried', {
      messageId: record.messageId,
      receiveCount: record.attributes?.ApproximateReceiveCount,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    batchItemFailures.push({ itemIdentifier: record.messageId });
  };
  const readable: BatchRecord[] = [];
  for (const record of event.Records) {
    try {
      readable.push({ id: record.messageId, event: parseRecord(record) });
    } catch (error) {
      fail(record, error);
    }
  }
  let outcomes: Map<string, RecordOutcome>;
  try {
    outcomes = readable.length > 0 ? await applyBatch(readable) : new Map();
  } catch (error) {
    // the reads failed: nothing was written, every readable record is delivered again
    outcomes = new Map(readable.map((r) => [r.id, { ok: false, error }]));
  }
  for (const record of event.Records) {
    const outcome = outcomes.get(record.messageId);
    const r = readable.find((x) => x.id === record.messageId);
    if (!outcome || !r) continue;
    if (!outcome.ok) {
      fail(record, outcome.error);
      continue;
    }
    const u = outcome.update;
    logger.info('projected', {
      messageId: record.messageId,
      eventId: r.event.eventId,
      type: r.event.type,
      projection: `${u.district}/${u.year}-Q${u.quarter}`,
      outcome: outcome.outcome,
    });
  }
  return { batchItemFailures };
}

export const handler = withLambdaContext(async (event: SQSEvent, _context: Context) => projectBatch(event), {
  resetKeys: true,
});
