import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients.js';
import { eachLimited } from '../eachLimited.js';
import { backoff, tableName } from './dynamo.js';

export interface ItemKey {
  PK: string;
  SK: string;
}

const PER_REQUEST = 100;
/** BatchGetItem requests in flight at once: enough to hide the round trips, few enough not to crowd writes. */
const IN_FLIGHT = 8;
const MAX_ROUNDS = 12;

const keyOf = (k: { PK: unknown; SK: unknown }) => `${String(k.PK)}\u0000${String(k.SK)}`;

/**
 * Items by key, strongly consistent, with BatchGetItem: 100 keys a request, IN_FLIGHT requests at once,
 * unprocessed keys asked again after a pause. Duplicate keys are asked once (BatchGetItem refuses a key
 * twice). The answer maps `PK\0SK` to the item; a key with no item is absent.
 */
export async function batchGetItems(keys: readonly ItemKey[]): Promise<Map<string, Record<string, unknown>>> {
  const TableName = tableName();
  const unique = [...new Map(keys.map((k) => [keyOf(k), { PK: k.PK, SK: k.SK }])).values()];
  const chunks: ItemKey[][] = [];
  for (let i = 0; i < unique.length; i += PER_REQUEST) chunks.push(unique.slice(i, i + PER_REQUEST));
  const out = new Map<string, Record<string, unknown>>();
  await eachLimited(chunks, IN_FLIGHT, async (chunk) => {
    let pending: Record<string, unknown>[] = chunk.map((k) => ({ PK: k.PK, SK: k.SK }));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (round > 0) await backoff(round);
      const res = await documentClient().send(
        new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of res.Responses?.[TableName] ?? []) out.set(keyOf(item as ItemKey), item);
      pending = res.UnprocessedKeys?.[TableName]?.Keys ?? [];
    }
  });
  return out;
}

/** The item of one key in batchGetItems' answer. */
export const itemAt = (items: ReadonlyMap<string, Record<string, unknown>>, key: ItemKey) =>
  items.get(keyOf(key));
