import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { type AuditInput, auditPut } from '../adapters/table/audit.js';
import { caseItem, type StoredCase } from '../adapters/table/caseRepository.js';
import type { Case } from '../domain/model/case.js';

/** One item of a TransactWriteItems request (lib-dynamodb's shape). */
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** The fund's items in the single table; see docs/fund.md and docs/data-model.md. */
export const fundKeys = {
  balance: (district: string) => ({ PK: `FUND#${district}`, SK: 'BALANCE' }),
  entry: (district: string, at: string, entryId: string) => ({
    PK: `FUND#${district}`,
    SK: `ENTRY#${at}#${entryId}`,
  }),
  /** makes an entry id unique across time: the entry key contains `at`, which a retry would change */
  guard: (entryId: string) => ({ PK: `LEDGER_ENTRY#${entryId}`, SK: 'ENTRY' }),
  quota: (district: string) => ({ PK: `FUND#${district}`, SK: 'QUOTA' }),
  reserve: (district: string, caseId: string) => ({ PK: `FUND#${district}`, SK: `RESERVE#${caseId}` }),
  /** the last outcome sent to a waiting workflow step, so a retried call can deliver it again */
  resume: (caseId: string, step: string) => ({ PK: `CASE#${caseId}`, SK: `FUND_RESUME#${step}` }),
};

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

/** All items of a partition whose sort key starts with `prefix`, every page, strongly consistent. */
export async function queryAll(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
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

export async function transact(items: TransactItem[]): Promise<void> {
  await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
}

/** A transaction cancelled only by concurrent transactions on the same items: worth retrying. */
export function isTransientConflict(codes: readonly CancellationCode[]): boolean {
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

/**
 * The fund writes the case inside its own transaction, because it must read which item's condition
 * failed (saveCase turns every failure into one ConflictError); the item itself is caseRepository's.
 */
export const fundCaseItem = (c: Case, token: StoredCase['pendingToken']): Record<string, unknown> =>
  caseItem(c, token);

export interface CaseWriteOptions {
  /** the stored token of this step is consumed: the write holds only while that token is still stored */
  consumeToken?: boolean;
  audit: AuditInput;
}

/**
 * The two items of a case write (case Put, audit Put), with saveCase's optimistic concurrency. Without
 * consumeToken the write also requires that no token is stored unless it was read (and keeps it): a
 * workflow step that registered its token meanwhile makes the write fail instead of losing the token.
 */
export function caseWriteItems(read: StoredCase, next: Case, opts: CaseWriteOptions): TransactItem[] {
  const TableName = tableName();
  const before = read.case;
  if (next.version !== before.version + 1) throw new Error('case write: version must be bumped by one');
  const conditions = ['#version = :expected', '#status = :status'];
  const values: Record<string, unknown> = { ':expected': before.version, ':status': before.status };
  if (read.pendingToken) {
    conditions.push('taskToken = :token');
    values[':token'] = read.pendingToken.token;
  } else {
    conditions.push('attribute_not_exists(taskToken)');
  }
  if (opts.consumeToken && !read.pendingToken) throw new Error('case write: no token to consume');
  const token = opts.consumeToken ? undefined : read.pendingToken;
  return [
    {
      Put: {
        TableName,
        Item: fundCaseItem(next, token),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    auditPut(
      TableName,
      { fromStatus: before.status, toStatus: next.status, ...opts.audit, caseId: next.caseId },
      next.updatedAt,
    ),
  ];
}

export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Jittered backoff for retries under contention (attempt counts from 0). */
export function backoff(attempt: number): Promise<void> {
  return delay(Math.floor(Math.random() * (5 + 10 * Math.min(attempt, 6))));
}
