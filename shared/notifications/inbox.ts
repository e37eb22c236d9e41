import { PutCommand, QueryCommand, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { keys } from '../adapters/keys.js';
import { isConditionFailure } from '../adapters/table/dynamo.js';
import { inboxItemViewSchema } from '../contract/notifications.js';

/**
 * In-app inbox items (站内通知) in the single table: `PK = INBOX#{recipient}`, `SK = {at}#{id}`, so an
 * inbox reads newest first with one Query. A recipient is a household id for applicants, `VILLAGE#code`
 * for the reviewers of a village, `TOWN#code` for the town reviewers of a town, `DISTAPPROVER#district`
 * for the district approvers, `FUNDADMIN#district` for the fund administrators of a district and
 * `AUDITOR#district` for its auditors (the top of the escalation ladder, ./ladder.ts): a notice goes to
 * the role that must act, not to whichever person happens to hold it today.
 */
export const recipients = {
  household: (householdId: string) => householdId,
  village: (villageCode: string) => `VILLAGE#${villageCode}`,
  town: (townCode: string) => `TOWN#${townCode}`,
  districtApprovers: (districtCode: string) => `DISTAPPROVER#${districtCode}`,
  fundAdmins: (districtCode: string) => `FUNDADMIN#${districtCode}`,
  auditors: (districtCode: string) => `AUDITOR#${districtCode}`,
  /** the district's land officers (自然资源部门, wave 2: the disposition) */
  landOfficers: (districtCode: string) => `LANDOFFICER#${districtCode}`,
  /** the registrars (不动产登记, city-wide: wave 2's certificate cancellation) */
  registrars: () => 'REGISTRAR',
};

/** The stored item: the inbox item the API answers (shared/contract), with its recipient. */
export const inboxItemSchema = z.strictObject({
  ...inboxItemViewSchema.shape,
  /** the domain event's id: one event gives each recipient at most one item, however often delivered */
  notificationId: z.string().min(1),
  recipient: z.string().min(1),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

function inboxRecord(item: InboxItem) {
  return {
    ...keys.notification(item.recipient, item.at, item.notificationId),
    itemType: 'notification',
    ...item,
  };
}

/**
 * The Put of an item inside another transaction (every case change writes its events' notices with the
 * case, shared/cases/commands/commit.ts). It is unconditional because the item is a function of the
 * event: writing it again writes the same bytes, and a condition here would make a replay fail the whole
 * transaction.
 */
export function inboxPut(item: InboxItem): TransactItem {
  return {
    Put: { TableName: requireConfig('TABLE_NAME'), Item: inboxRecord(inboxItemSchema.parse(item)) },
  };
}

/**
 * Stores an item unless it is already there (EventBridge delivers at least once). Returns false when it
 * was: a redelivered event, or an item the producer wrote itself.
 */
export async function putInboxItem(item: InboxItem): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: requireConfig('TABLE_NAME'),
        Item: inboxRecord(inboxItemSchema.parse(item)),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A recipient's inbox, newest first. */
export async function listInbox(recipient: string, limit = 50): Promise<InboxItem[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: requireConfig('TABLE_NAME'),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.notification(recipient, '', '').PK },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => {
    const { PK: _pk, SK: _sk, itemType: _t, ...item } = i;
    return inboxItemSchema.parse(item);
  });
}
