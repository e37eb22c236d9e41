import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { type DomainEvent, domainEventSchema } from '../../shared/domain/model/event.js';
import { projectionUpdate, UnprojectableEventError } from '../../shared/reports/projection.js';
import { type ApplyOutcome, applyToProjection } from '../../shared/reports/projectionStore.js';
import { logger } from '../api/http/observability.js';

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

/** DocumentVerified names only its case; the case knows its district. */
async function districtOf(event: DomainEvent): Promise<string | undefined> {
  if (event.districtCode !== undefined || event.caseId === undefined) return event.districtCode;
  return (await getCase(event.caseId, false))?.case.districtCode;
}

export async function projectRecord(record: SQSRecord): Promise<ApplyOutcome> {
  const event = parseRecord(record);
  const update = projectionUpdate(event, await districtOf(event));
  const outcome = await applyToProjection(event, update);
  logger.info('projected', {
    messageId: record.messageId,
    eventId: event.eventId,
    type: event.type,
    projection: `${update.district}/${update.year}-Q${update.quarter}`,
    outcome,
  });
  return outcome;
}

/**
 * The Projection queue's consumer: each message is one domain event (an EventBridge event whose detail
 * is a DomainEvent) and adds to the per-district, per-quarter counters of shared/reports/projection.ts,
 * once per eventId (shared/reports/projectionStore.ts). Messages are handled one after another: those of
 * one batch mostly update the same quarter item, and in parallel they would only cancel each other's
 * transactions. A message that fails (unreadable, unattributable, or a storage error) is reported alone
 * as a batch item failure, so the others are not redelivered; SQS retries it and, after maxReceiveCount,
 * moves it to the dead-letter queue where the alarm sees it.
 */
export async function projectBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await projectRecord(record);
    } catch (error) {
      const permanent = error instanceof UnreadableRecordError || error instanceof UnprojectableEventError;
      const log = permanent ? logger.error.bind(logger) : logger.warn.bind(logger);
      log(permanent ? 'record cannot be projected' : 'record not projected, will be retried', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

export const handler = middy(async (event: SQSEvent, _context: Context) => projectBatch(event)).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
