import { createHash } from 'node:crypto';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, dynamoClient } from '../../../shared/adapters/clients.js';
import { IDEMPOTENCY_PK_PREFIX } from '../../../shared/adapters/tableDesign.js';

/**
 * The idempotency records in the single table, one item per caller's key: PK `IDEMPOTENCY#<routeId>`,
 * SK `<function name>#<hash of the key>`. The attributes are the ones Powertools idempotency wrote
 * before this module replaced it (issue 17: 43 KiB of every idempotent bundle): `status`, `expiration`
 * (epoch seconds, the table's TTL attribute), `in_progress_expiration` (epoch milliseconds), `validation`
 * (hash of the body) and `data` (the answer). The hashes are the same too (MD5, base64, of the JSON with
 * the object keys sorted as Powertools sorts them), so a retry across the deployment that switched
 * finds its record.
 */

export type RecordStatus = 'INPROGRESS' | 'COMPLETED';

export interface IdempotencyRecord {
  status: RecordStatus | string;
  /** epoch seconds: after this the record is void (and DynamoDB's TTL removes it) */
  expiration: number;
  /** epoch milliseconds: an INPROGRESS record older than this belongs to a function that has died */
  in_progress_expiration?: number;
  validation?: string;
  data?: unknown;
}

export interface RecordKey {
  PK: string;
  SK: string;
}

/** How long a completed answer is replayed (API.md does not say; 7 days, as before). */
export const ANSWER_KEPT_SECONDS = 7 * 24 * 3600;

const hash = (text: string) => createHash('md5').update(text).digest('base64');

/** Object keys sorted case-insensitively, at every depth (Powertools' deepSort, for the same hashes). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
      .map((k) => [k, sorted(object[k])]),
  );
}

export function recordKey(routeId: string, key: string): RecordKey {
  return {
    PK: `${IDEMPOTENCY_PK_PREFIX}${routeId}`,
    SK: `${process.env.AWS_LAMBDA_FUNCTION_NAME ?? ''}#${hash(JSON.stringify(key))}`,
  };
}

/** The hash that tells a repeat (the same body) from a reuse of the key (another body). */
export const bodyHash = (body: unknown): string => hash(JSON.stringify(sorted(body)));

const expiration = (now: number) => Math.round(now / 1000 + ANSWER_KEPT_SECONDS);

/**
 * Takes the key: writes an INPROGRESS record unless a live one exists. A record is live until its
 * `expiration`, and an INPROGRESS one only until its `in_progress_expiration` (its function is dead by
 * then). Returns true when taken, false when a live record holds the key.
 */
export async function takeKey(
  tableName: string,
  key: RecordKey,
  validation: string,
  inProgressUntil: number,
): Promise<boolean> {
  const now = Date.now();
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...key,
          status: 'INPROGRESS',
          expiration: expiration(now),
          in_progress_expiration: inProgressUntil,
          validation,
        },
        ConditionExpression:
          'attribute_not_exists(PK) OR #expiration < :now OR (#status = :inProgress AND #inProgressExpiration < :nowMs)',
        ExpressionAttributeNames: {
          '#expiration': 'expiration',
          '#status': 'status',
          '#inProgressExpiration': 'in_progress_expiration',
        },
        ExpressionAttributeValues: { ':now': now / 1000, ':nowMs': now, ':inProgress': 'INPROGRESS' },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The record that holds the key (read after takeKey found one), or undefined if it has gone since. */
export async function readRecord(tableName: string, key: RecordKey): Promise<IdempotencyRecord | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  return out.Item as IdempotencyRecord | undefined;
}

/** The work is done: its answer is replayed to every repeat until the record expires. */
export async function saveAnswer(
  tableName: string,
  key: RecordKey,
  validation: string,
  answer: unknown,
): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #expiration = :expiration, #status = :done, #data = :data, #validation = :v',
      ExpressionAttributeNames: {
        '#expiration': 'expiration',
        '#status': 'status',
        '#data': 'data',
        '#validation': 'validation',
      },
      ExpressionAttributeValues: {
        ':expiration': expiration(Date.now()),
        ':done': 'COMPLETED',
        ':data': answer,
        ':v': validation,
      },
    }),
  );
}

/**
 * The work failed: the key is given back, so that the same request may be sent again once its cause is
 * fixed (a refusal is not remembered). Only this request's own in-progress record is removed: if its
 * in-progress time ran out and another request took the key meanwhile, that one's record stays.
 */
export async function releaseKey(tableName: string, key: RecordKey, inProgressUntil: number): Promise<void> {
  try {
    // the plain client's DeleteItemCommand, as Powertools sent it: the project's own item deletes are
    // lib-dynamodb's DeleteCommand, which test/infra/synth.test.ts holds to the DeleteItem grants
    await dynamoClient().send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { PK: { S: key.PK }, SK: { S: key.SK } },
        ConditionExpression: '#status = :inProgress AND #inProgressExpiration = :mine',
        ExpressionAttributeNames: { '#status': 'status', '#inProgressExpiration': 'in_progress_expiration' },
        ExpressionAttributeValues: {
          ':inProgress': { S: 'INPROGRESS' },
          ':mine': { N: String(inProgressUntil) },
        },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
