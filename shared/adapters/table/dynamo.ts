import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients.js';
import { requireConfig } from '../config.js';

/**
 * Generic single-table helpers every repository uses: the table name, consistent reads, a partition's
 * items by prefix, transactions and how to read their cancellation. Nothing here knows a case or a fund.
 */

/** One item of a TransactWriteItems request (lib-dynamodb's shape). */
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export function tableName(): string {
  return requireConfig('TABLE_NAME');
}

export async function getItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

export async function putItem(item: Record<string, unknown>): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
}

/**
 * The items of one partition that meet a sort-key condition, one page at a time: `pageSize` items a
 * page, or DynamoDB's own pages (1 MB); strongly consistent unless asked not to be. Every read of a
 * partition below goes through this one loop.
 */
async function* partitionPages(
  pk: string,
  skCondition: string,
  values: Record<string, string>,
  opts: { pageSize?: number | undefined; consistent?: boolean } = {},
): AsyncGenerator<Record<string, unknown>[]> {
  const { pageSize, consistent = true } = opts;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: `PK = :pk AND ${skCondition}`,
        ExpressionAttributeValues: { ':pk': pk, ...values },
        ConsistentRead: consistent,
        ExclusiveStartKey,
        ...(pageSize ? { Limit: pageSize } : {}),
      }),
    );
    yield page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

async function allOf(pages: AsyncGenerator<Record<string, unknown>[]>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/** All items of a partition whose sort key starts with `prefix`, every page, strongly consistent. */
export function queryAll(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  return allOf(partitionPages(pk, 'begins_with(SK, :prefix)', { ':prefix': prefix }));
}

/**
 * The items of a partition whose sort key lies between `from` and `to` (both included), one page at a
 * time, for readers that parse a page before asking for the next (the quarterly report's projection,
 * the ledger's key range).
 */
export function keyRangePages(
  pk: string,
  from: string,
  to: string,
  opts: { pageSize?: number | undefined; consistent?: boolean } = {},
): AsyncGenerator<Record<string, unknown>[]> {
  return partitionPages(pk, 'SK BETWEEN :from AND :to', { ':from': from, ':to': to }, opts);
}

/** All items of a partition whose sort key lies between `from` and `to` (both included), every page, strongly consistent. */
export function queryBetween(pk: string, from: string, to: string): Promise<Record<string, unknown>[]> {
  return allOf(keyRangePages(pk, from, to));
}

/**
 * All items of a partition whose sort key is at or after `from`, every page, strongly consistent: one
 * Query for a whole item collection that sorts after its own prefix (a case: its item, documents,
 * timeline and objections, not its audit trail, whose `AUDIT#` sorts before `CASE`).
 */
export function queryFrom(pk: string, from: string): Promise<Record<string, unknown>[]> {
  return allOf(partitionPages(pk, 'SK >= :from', { ':from': from }));
}

export async function transact(items: TransactItem[]): Promise<void> {
  await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
}

export type CancellationCode = 'ConditionalCheckFailed' | 'TransactionConflict' | 'None' | string;

/**
 * Per-item reasons of a cancelled transaction, by the index of the item in the request, or undefined
 * when the error is not a cancellation. This is how a caller tells "someone else moved the case" from
 * "the balance does not cover it" from "this entry id was already written".
 */
export function cancellationCodes(error: unknown): CancellationCode[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/** A transaction cancelled only by concurrent transactions on the same items: worth retrying. */
export function isTransientConflict(codes: readonly CancellationCode[]): boolean {
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

/** DynamoDB's way of saying a condition failed, alone or inside a transaction. */
export function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  return (
    cancellationCodes(error)?.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict') ??
    false
  );
}

export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Jittered backoff for retries under contention (attempt counts from 0). */
export function backoff(attempt: number): Promise<void> {
  return delay(Math.floor(Math.random() * (5 + 10 * Math.min(attempt, 6))));
}
