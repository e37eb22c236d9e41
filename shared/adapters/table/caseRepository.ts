import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queuedTranche, scheduleOf } from '../../domain/compensation/schedule.js';
import { type Case, caseSchema } from '../../domain/model/case.js';
import type { CaseStatus } from '../../domain/model/status.js';
import { documentClient } from '../clients.js';
import { requireConfig } from '../config.js';
import { caseIndexKeys, keys } from '../keys.js';
import { type AuditEntry, auditEntrySchema } from './audit.js';

/** A waiting human step: the Step Functions task token and the status it belongs to. */
export interface PendingToken {
  token: string;
  status: CaseStatus;
}

export interface StoredCase {
  case: Case;
  pendingToken?: PendingToken;
}

/**
 * The fund's lists: advances pending approval or approved, and the FIFO queue of tranches the balance
 * could not cover, in the order they joined it (a later tranche joins when its milestone is recorded).
 */
function fundQueueKeys(c: Case) {
  const a = c.advance;
  const queued = queuedTranche(scheduleOf(c));
  if (queued) {
    return {
      GSI4PK: `FUNDQ#${c.districtCode}#queued`,
      GSI4SK: `${queued.queuedAt ?? a?.approvedAt ?? c.updatedAt}#${c.caseId}`,
    };
  }
  if (!a || !['pending_approval', 'approved'].includes(a.status)) return {};
  return {
    GSI4PK: `FUNDQ#${c.districtCode}#${a.status}`,
    GSI4SK: `${a.approvedAt ?? c.updatedAt}#${c.caseId}`,
  };
}

/** The stored case item: keys, GSI keys derived from the case, top-level status/version/token, data. */
export function caseItem(c: Case, pendingToken: PendingToken | undefined): Record<string, unknown> {
  return {
    ...keys.case(c.caseId),
    ...caseIndexKeys(c),
    ...fundQueueKeys(c),
    itemType: 'case',
    status: c.status,
    version: c.version,
    ...(pendingToken ? { taskToken: pendingToken.token, taskStatus: pendingToken.status } : {}),
    data: c,
  };
}

/** A stored case item as the case and its waiting step's token (validated). */
export function parseStored(item: Record<string, unknown>): StoredCase {
  const parsed = caseSchema.parse(item.data);
  const token = typeof item.taskToken === 'string' ? item.taskToken : undefined;
  const status = typeof item.taskStatus === 'string' ? (item.taskStatus as CaseStatus) : undefined;
  return { case: parsed, ...(token && status ? { pendingToken: { token, status } } : {}) };
}

export async function getCase(caseId: string, consistent = true): Promise<StoredCase | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: keys.case(caseId),
      ConsistentRead: consistent,
    }),
  );
  return out.Item ? parseStored(out.Item) : undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | undefined;
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: an unreadable cursor is the client's error
  }
  return undefined;
}

export type CaseQuery =
  | { index: 'ByVillage'; villageCode: string; status?: CaseStatus }
  | { index: 'ByHousehold'; householdId: string; status?: CaseStatus }
  | { index: 'ByDistrict'; districtCode: string; status?: CaseStatus }
  | { index: 'ByTown'; townCode: string; status?: CaseStatus }
  | { index: 'FundQueue'; districtCode: string; advanceStatus: 'pending_approval' | 'queued' | 'approved' };

/** Lists cases through one GSI with a key condition (never a Scan). */
export async function queryCases(
  q: CaseQuery,
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<Page<Case>> {
  const TableName = requireConfig('TABLE_NAME');
  const IndexName: string = q.index;
  let KeyConditionExpression: string;
  const values: Record<string, string> = {};
  let ScanIndexForward = true;
  let FilterExpression: string | undefined;
  const names: Record<string, string> = {};
  switch (q.index) {
    case 'ByVillage':
      KeyConditionExpression = 'GSI1PK = :pk';
      values[':pk'] = `VILLAGE#${q.villageCode}`;
      if (q.status) {
        KeyConditionExpression += ' AND begins_with(GSI1SK, :sk)';
        values[':sk'] = `${q.status}#`;
      }
      break;
    case 'ByHousehold':
      KeyConditionExpression = 'GSI2PK = :pk';
      values[':pk'] = `HOUSEHOLD#${q.householdId}`;
      ScanIndexForward = false;
      // a household has few cases; its status filter runs on the query's own partition
      if (q.status) {
        FilterExpression = '#status = :status';
        values[':status'] = q.status;
        names['#status'] = 'status';
      }
      break;
    case 'ByDistrict':
      KeyConditionExpression = 'GSI3PK = :pk';
      values[':pk'] = `DISTRICT#${q.districtCode}`;
      if (q.status) {
        KeyConditionExpression += ' AND begins_with(GSI3SK, :sk)';
        values[':sk'] = `${q.status}#`;
      }
      break;
    case 'ByTown':
      // the town's own index (issue 17): one key-condition Query per page, whatever the district holds
      KeyConditionExpression = 'GSI5PK = :pk';
      values[':pk'] = `TOWN#${q.townCode}`;
      if (q.status) {
        KeyConditionExpression += ' AND begins_with(GSI5SK, :sk)';
        values[':sk'] = `${q.status}#`;
      }
      break;
    case 'FundQueue':
      KeyConditionExpression = 'GSI4PK = :pk';
      values[':pk'] = `FUNDQ#${q.districtCode}#${q.advanceStatus}`;
      break;
  }
  const out = await documentClient().send(
    new QueryCommand({
      TableName,
      IndexName,
      KeyConditionExpression,
      ExpressionAttributeValues: values,
      ...(FilterExpression ? { FilterExpression, ExpressionAttributeNames: names } : {}),
      Limit: limit,
      ScanIndexForward,
      ExclusiveStartKey: cursor,
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => parseStored(i).case),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

/** Every item of a paged list, following `nextCursor` to the end. */
async function allPages<T>(pageAt: (cursor?: Record<string, unknown>) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await pageAt(cursor);
    out.push(...page.items);
    cursor = decodeCursor(page.nextCursor);
  } while (cursor);
  return out;
}

/** Every case of a `queryCases` list, page after page (`pageSize` cases per Query). */
export function allCases(q: CaseQuery, pageSize = 100): Promise<Case[]> {
  return allPages((cursor) => queryCases(q, pageSize, cursor));
}

/** Sort-key prefix of the audit items in a case's partition (keys.caseAudit). */
const CASE_AUDIT_PREFIX = 'AUDIT#';

/**
 * Whether a decoded cursor is a position in this case's audit trail, and nothing else: a cursor taken
 * from another case (or another list) is refused rather than followed into that partition.
 */
export function isCaseAuditCursor(caseId: string, cursor: Record<string, unknown>): boolean {
  return (
    Object.keys(cursor).length === 2 &&
    cursor.PK === keys.case(caseId).PK &&
    typeof cursor.SK === 'string' &&
    cursor.SK.startsWith(CASE_AUDIT_PREFIX)
  );
}

/** One page of a case's audit trail, oldest first (the sort key starts with the entry's time). */
export async function caseAuditPage(
  caseId: string,
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<Page<AuditEntry>> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: requireConfig('TABLE_NAME'),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':sk': CASE_AUDIT_PREFIX },
      Limit: limit,
      ExclusiveStartKey: cursor,
    }),
  );
  const last = out.LastEvaluatedKey;
  return {
    items: (out.Items ?? []).map((i) => auditEntrySchema.parse(i)),
    nextCursor: encodeCursor(last ? { PK: last.PK, SK: last.SK } : undefined),
  };
}

/** The whole audit trail of a case, oldest first: every page (a Query answers at most 1 MB at a time). */
export function caseAuditTrail(caseId: string): Promise<AuditEntry[]> {
  return allPages((cursor) => caseAuditPage(caseId, 1000, cursor));
}
