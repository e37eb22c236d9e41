import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import {
  backoff,
  cancellationCodes,
  isTransientConflict,
  type TransactItem,
} from '../adapters/table/dynamo.js';
import type { DistrictCode } from '../domain/model/common.js';
import type { DomainEvent } from '../domain/model/event.js';
import {
  type ProjectionQuarter,
  type ProjectionUpdate,
  type ProjectionView,
  projectionView,
} from './projection.js';

/** The projection's items in the single table (docs/data-model.md). */
export const projectionKeys = {
  quarter: (district: string, year: number, quarter: number) => ({
    PK: `REPORT#${district}`,
    SK: `${year}-Q${quarter}`,
  }),
  /** kept for good: an archive replay or a redelivery months later must still count once */
  seen: (eventId: string) => ({ PK: `REPORT_EVENT#${eventId}`, SK: 'SEEN' }),
};

/**
 * The whole projection item of a district and quarter with these counters: what the ADDs of
 * applyToProjection amount to (bench/scale writes it in bulk from the increments of its events).
 */
export function projectionItem(update: ProjectionUpdate): Record<string, unknown> {
  return {
    ...update.increments,
    ...projectionKeys.quarter(update.district, update.year, update.quarter),
    itemType: 'report_projection',
    district: update.district,
    year: update.year,
    quarter: update.quarter,
  };
}

export type ApplyOutcome = 'applied' | 'duplicate';

const MAX_ATTEMPTS = 6;

/**
 * Adds one event's increments to its projection item, once per eventId: the guard item and the ADD are
 * one transaction, so either both are written or neither (a crash in between cannot count an event
 * without remembering it, or remember it without counting it). A guard that exists already means the
 * event was counted before: 'duplicate', nothing changes. Concurrent consumers on the same quarter item
 * cancel each other with TransactionConflict, which is retried a few times before it is thrown (the
 * message is then redelivered by SQS).
 */
export async function applyToProjection(event: DomainEvent, update: ProjectionUpdate): Promise<ApplyOutcome> {
  const TableName = requireConfig('TABLE_NAME');
  const input = {
    TransactItems: [eventGuardItem(TableName, event, update), counterUpdateItem(TableName, update)],
  };
  try {
    // a fresh command per attempt: a sent command keeps state from its middleware stack
    await retryTransientConflicts(() => documentClient().send(new TransactWriteCommand(input)));
    return 'applied';
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'duplicate';
    throw error;
  }
}

/** The guard `REPORT_EVENT#{eventId}` / `SEEN`: written once, so the event counts once. */
export function eventGuardItem(
  TableName: string,
  event: DomainEvent,
  update: ProjectionQuarter & { district: string },
): TransactItem {
  const key = projectionKeys.quarter(update.district, update.year, update.quarter);
  return {
    Put: {
      TableName,
      Item: {
        ...projectionKeys.seen(event.eventId),
        itemType: 'report_event',
        eventId: event.eventId,
        type: event.type,
        at: event.at,
        projection: `${key.PK}/${key.SK}`,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The ADD of increments to the counters of one district and quarter (created on first use). */
export function counterUpdateItem(TableName: string, update: ProjectionUpdate): TransactItem {
  const key = projectionKeys.quarter(update.district, update.year, update.quarter);
  const names: Record<string, string> = {
    '#itemType': 'itemType',
    '#district': 'district',
    '#year': 'year',
    '#quarter': 'quarter',
  };
  const values: Record<string, unknown> = {
    ':itemType': 'report_projection',
    ':district': update.district,
    ':year': update.year,
    ':quarter': update.quarter,
  };
  const adds: string[] = [];
  Object.entries(update.increments).forEach(([attribute, amount], i) => {
    names[`#c${i}`] = attribute;
    values[`:c${i}`] = amount;
    adds.push(`#c${i} :c${i}`);
  });
  return {
    Update: {
      TableName,
      Key: key,
      UpdateExpression: `SET #itemType = :itemType, #district = :district, #year = :year, #quarter = :quarter ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Runs a transaction again while it is cancelled only by TransactionConflict (another transaction on
 * the same item at the same moment), with a growing random delay; anything else, or the last conflict,
 * is thrown. The SDK does not retry a cancellation itself.
 */
export async function retryTransientConflicts<T>(
  run: () => Promise<T>,
  maxAttempts = MAX_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes || !isTransientConflict(codes) || attempt >= maxAttempts) throw error;
      await backoff(attempt);
    }
  }
}

/** The projection of one district and quarter, all counters zero when no event has arrived for it. */
export async function readProjection(
  district: DistrictCode,
  year: number,
  quarter: number,
): Promise<ProjectionView> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: projectionKeys.quarter(district, year, quarter),
      ConsistentRead: true,
    }),
  );
  return projectionView(district, { year, quarter }, out.Item);
}
