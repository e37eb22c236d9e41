import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Household, householdSchema } from '../../domain/model/household.js';
import { type Village, villageSchema } from '../../domain/model/village.js';
import { documentClient } from '../clients.js';
import { requireConfig } from '../config.js';
import { keys } from '../keys.js';
import { type AuditInput, auditPut } from './audit.js';

/** The rural real-estate registry (农村不动产登记) the rules check against: villages and households. */
export async function getVillage(villageCode: string): Promise<Village | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: keys.village(villageCode),
      ConsistentRead: true,
    }),
  );
  return out.Item ? villageSchema.parse(out.Item.data) : undefined;
}

export async function getHousehold(householdId: string): Promise<Household | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: keys.household(householdId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? householdSchema.parse(out.Item.data) : undefined;
}

/** Writes a registry record and its audit entry together; the registry keeps a revision counter. */
async function putRecord(
  key: { PK: string; SK: string },
  kind: string,
  data: unknown,
  extra: Record<string, unknown>,
  audit: AuditInput,
  now: string,
) {
  const TableName = requireConfig('TABLE_NAME');
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { ...key, itemType: kind, ...extra, data, updatedAt: now } } },
        auditPut(TableName, audit, now),
      ],
    }),
  );
}

export async function putVillage(village: Village, actor: string, now: string): Promise<void> {
  await putRecord(
    keys.village(village.villageCode),
    'village',
    village,
    { districtCode: village.districtCode },
    {
      actor,
      action: 'registry.village.put',
      entity: `village#${village.villageCode}`,
    },
    now,
  );
}

export async function putHousehold(household: Household, actor: string, now: string): Promise<void> {
  await putRecord(
    keys.household(household.householdId),
    'household',
    household,
    { villageCode: household.villageCode },
    {
      actor,
      action: 'registry.household.put',
      entity: `household#${household.householdId}`,
    },
    now,
  );
}
