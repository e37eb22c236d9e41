import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { keys } from '../adapters/keys.js';
import { queryBetween } from '../adapters/table/dynamo.js';
import { NotFound } from '../errors/appError.js';
import type { InboxItem } from './inbox.js';

/**
 * Read markers of the inbox (issue 18). An inbox is a role's, shared by colleagues (./inbox.ts); whether
 * a notice is read is each person's own. A marker is an item of the person's own partition for that
 * inbox, `PK = INBOXREAD#{sub}#{recipient}`, sorted like the inbox (`SK = {at}#{notificationId}`), so
 * the markers of a page of notices are one Query between the page's first and last key.
 */
function markKey(sub: string, recipient: string, at: string, notificationId: string) {
  const { SK } = keys.notification(recipient, at, notificationId);
  return { PK: `INBOXREAD#${sub}#${recipient}`, SK };
}

/**
 * Marks the notice read for `sub`: 404 unless it is in the inbox (its key is its time and id, as listed).
 * The first marking's time stays; marking again is harmless. Answers when it was first read.
 */
export async function markRead(
  sub: string,
  recipient: string,
  at: string,
  notificationId: string,
  now: string,
): Promise<string> {
  const TableName = requireConfig('TABLE_NAME');
  const notice = await documentClient().send(
    new GetCommand({
      TableName,
      Key: keys.notification(recipient, at, notificationId),
      ProjectionExpression: 'PK',
    }),
  );
  if (!notice.Item) throw new NotFound(`no notice ${notificationId} at ${at} in your inbox`);
  const out = await documentClient().send(
    new UpdateCommand({
      TableName,
      Key: markKey(sub, recipient, at, notificationId),
      UpdateExpression: 'SET readAt = if_not_exists(readAt, :now), itemType = :type',
      ExpressionAttributeValues: { ':now': now, ':type': 'inboxRead' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return typeof out.Attributes?.readAt === 'string' ? out.Attributes.readAt : now;
}

/** When `sub` read each of these notices of the inbox (by notificationId); one Query, none for an empty page. */
export async function readMarks(
  sub: string,
  recipient: string,
  items: readonly Pick<InboxItem, 'at' | 'notificationId'>[],
): Promise<Map<string, string>> {
  const marks = new Map<string, string>();
  if (items.length === 0) return marks;
  const sks = items.map((i) => markKey(sub, recipient, i.at, i.notificationId).SK).sort();
  const byKey = new Map(
    items.map((i) => [markKey(sub, recipient, i.at, i.notificationId).SK, i.notificationId]),
  );
  const pk = markKey(sub, recipient, '', '').PK;
  for (const m of await queryBetween(pk, sks[0] ?? '', sks[sks.length - 1] ?? '')) {
    const id = byKey.get(String(m.SK));
    if (id && typeof m.readAt === 'string') marks.set(id, m.readAt);
  }
  return marks;
}
