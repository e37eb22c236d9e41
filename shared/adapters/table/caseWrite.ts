import type { Case } from '../../domain/model/case.js';
import { type AuditInput, auditPut } from './audit.js';
import { timelineSplit } from './caseHistory.js';
import { caseItem, type PendingToken, type StoredCase } from './caseRepository.js';
import { type TransactItem, tableName } from './dynamo.js';

/**
 * The one way a case item is written (optimistic concurrency). shared/cases/commands/commit.ts is its
 * only caller outside tests: every API decision, fund movement and workflow step goes through it.
 *
 * - A new case (`read` undefined) is put only where no item exists.
 * - A change holds only while the stored case is exactly the one read: same version and status, and the
 *   same waiting step's task token (or none, if none was read). A workflow step that registered its
 *   token meanwhile, another decision, a withdrawal: each bumps the version, so the write fails instead
 *   of writing over a state it did not see, and nothing is written.
 */
export type TokenChange =
  /** the stored token stays (a write that does not end the waiting step) */
  | 'keep'
  /** the write ends the waiting step: the token is removed, and must still be the one read */
  | 'consume'
  /** a step starts waiting: this token replaces any stored one */
  | { store: PendingToken };

export function tokenAfter(read: StoredCase | undefined, token: TokenChange): PendingToken | undefined {
  if (token === 'consume') return undefined;
  if (token === 'keep') return read?.pendingToken;
  return token.store;
}

/**
 * The most timeline entries one write moves out of the case item (./caseHistory.ts): one per write once
 * the item holds TIMELINE_ENTRIES_IN_CASE, more only for a case stored with a longer timeline before.
 */
export const MAX_TIMELINE_MOVES_PER_WRITE = 10;

/** The case as its item stores it: the latest timeline entries, and how many earlier ones are items. */
function storedForm(next: Case, room: number): { stored: Case; moved: TransactItem[] } {
  const split = timelineSplit(next, room);
  if (split.moved.length === 0) return { stored: next, moved: [] };
  return {
    stored: { ...next, timeline: split.timeline, timelineOffset: split.timelineOffset },
    moved: split.moved,
  };
}

/**
 * The case exactly as `caseWriteItems` (same arguments) stores it, so that a writer whose transaction
 * committed can go on from it without reading it back: its item's next condition (version, status,
 * token) is the one a read would give, and a write by anyone else meanwhile still fails it.
 */
export function storedAfterWrite(
  read: StoredCase | undefined,
  next: Case,
  token: TokenChange,
  room = MAX_TIMELINE_MOVES_PER_WRITE,
): StoredCase {
  const { stored } = storedForm(next, Math.min(room, MAX_TIMELINE_MOVES_PER_WRITE));
  const pendingToken = tokenAfter(read, token);
  return { case: stored, ...(pendingToken ? { pendingToken } : {}) };
}

/**
 * The case Put and its audit Put, in this order (callers read cancellation reasons by index), then the
 * Puts of the timeline entries the write moves out of the case item (unconditional: the case Put's
 * condition decides whether any of it is written, and an entry's key is its place in the timeline).
 * `room`: how many such Puts the caller's transaction has place for.
 */
export function caseWriteItems(
  read: StoredCase | undefined,
  next: Case,
  token: TokenChange,
  audit: AuditInput,
  room = MAX_TIMELINE_MOVES_PER_WRITE,
): TransactItem[] {
  const TableName = tableName();
  const { stored, moved } = storedForm(next, Math.min(room, MAX_TIMELINE_MOVES_PER_WRITE));
  if (!read) {
    return [
      {
        Put: {
          TableName,
          Item: caseItem(stored, tokenAfter(undefined, token)),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      auditPut(TableName, { ...audit, caseId: next.caseId, toStatus: next.status }, next.updatedAt),
      ...moved,
    ];
  }
  const before = read.case;
  if (next.caseId !== before.caseId) throw new Error('case write: the case id changed');
  if (next.version !== before.version + 1) throw new Error('case write: the version must be bumped by one');
  if (token === 'consume' && !read.pendingToken) throw new Error('case write: no token to consume');
  const conditions = ['#version = :expected', '#status = :status'];
  const values: Record<string, unknown> = { ':expected': before.version, ':status': before.status };
  if (read.pendingToken) {
    conditions.push('taskToken = :token');
    values[':token'] = read.pendingToken.token;
  } else {
    conditions.push('attribute_not_exists(taskToken)');
  }
  return [
    {
      Put: {
        TableName,
        Item: caseItem(stored, tokenAfter(read, token)),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    auditPut(
      TableName,
      { fromStatus: before.status, toStatus: next.status, ...audit, caseId: next.caseId },
      next.updatedAt,
    ),
    ...moved,
  ];
}
