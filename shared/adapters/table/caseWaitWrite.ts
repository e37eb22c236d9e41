import type { Case, TimelineEntry } from '../../domain/model/case.js';
import { TIMELINE_ENTRIES_IN_CASE } from '../../domain/model/limits.js';
import type { CaseStatus } from '../../domain/model/status.js';
import { keys } from '../keys.js';
import { type AuditInput, auditPut } from './audit.js';
import { type TransactItem, tableName } from './dynamo.js';

/**
 * A step starting to wait, written without reading the case first (registerTask's first wait of a step,
 * the common case): one conditional Update of the case item and the audit Put, in one transaction.
 *
 * It writes exactly what caseWrite.ts's Put would write for `touchCase(c, {patch: {pendingTask}})` with
 * the token stored, for every case the condition lets through, and nothing for any other:
 * - the case is in the step's status, no token is stored and no pending task of this step is (a retry,
 *   a re-driven wait or the wait after an escalation each need the case as read: the caller reads it);
 * - the item's timeline has room for the new entry (else the oldest would move out: needs the read);
 * - the case was last written no later than `now` (touchCase's `notBefore` would keep the later time);
 * - the fund's queue key does not depend on the write's time (`fundQueueKeys` of caseRepository.ts
 *   sorts an advance pending approval, without approvedAt, by `updatedAt`): no fund queue key at all,
 *   or, with `fundPendingSort`, exactly that key, which is then rewritten with the new time.
 * Version (item and case), `updatedAt` and the three status/time index keys change as a Put would
 * change them. A refusal writes nothing: the caller then reads the case and decides (runStep).
 */
export interface WaitWrite {
  caseId: string;
  status: CaseStatus;
  pendingTask: NonNullable<Case['pendingTask']>;
  token: string;
  entry: TimelineEntry;
  audit: AuditInput;
  now: string;
  /** the step's case sits in the fund's queue of advances pending approval (fund_review) */
  fundPendingSort?: boolean;
}

export function waitWriteItems(w: WaitWrite): TransactItem[] {
  const TableName = tableName();
  // the list sort keys of caseIndexKeys (shared/adapters/keys.ts): status, then the write's time
  const sort = `${w.status}#${w.now}#${w.caseId}`;
  const sets = [
    '#version = #version + :one',
    '#data.#version = #data.#version + :one',
    '#data.#updatedAt = :now',
    '#data.#timeline = list_append(#data.#timeline, :entry)',
    '#data.#pendingTask = :pendingTask',
    'taskToken = :token',
    'taskStatus = :status',
    'GSI1SK = :sort',
    'GSI3SK = :sort',
    'GSI5SK = :sort',
  ];
  const conditions = [
    '#status = :status',
    'attribute_not_exists(taskToken)',
    '(attribute_not_exists(#data.#pendingTask) OR #data.#pendingTask.#kind <> :kind)',
    '#data.#updatedAt <= :now',
    'size(#data.#timeline) < :keep',
  ];
  const values: Record<string, unknown> = {
    ':one': 1,
    ':now': w.now,
    ':entry': [w.entry],
    ':pendingTask': w.pendingTask,
    ':token': w.token,
    ':status': w.status,
    ':sort': sort,
    ':kind': w.pendingTask.kind,
    ':keep': TIMELINE_ENTRIES_IN_CASE,
  };
  const names: Record<string, string> = {
    '#version': 'version',
    '#status': 'status',
    '#data': 'data',
    '#updatedAt': 'updatedAt',
    '#timeline': 'timeline',
    '#pendingTask': 'pendingTask',
    '#kind': 'kind',
  };
  if (w.fundPendingSort) {
    // GSI4SK = `${approvedAt ?? updatedAt}#${caseId}` for an advance pending approval with nothing queued
    sets.push('GSI4SK = :fundSort');
    conditions.push('contains(GSI4PK, :pendingQueue)', 'attribute_not_exists(#data.#advance.#approvedAt)');
    values[':fundSort'] = `${w.now}#${w.caseId}`;
    values[':pendingQueue'] = '#pending_approval';
    names['#advance'] = 'advance';
    names['#approvedAt'] = 'approvedAt';
  } else {
    conditions.push('attribute_not_exists(GSI4PK)');
  }
  return [
    {
      Update: {
        TableName,
        Key: keys.case(w.caseId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    auditPut(TableName, { fromStatus: w.status, toStatus: w.status, ...w.audit, caseId: w.caseId }, w.now),
  ];
}
