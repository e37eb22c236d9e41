import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient } from '../adapters/clients.js';
import { getItem, isConditionFailure, tableName } from '../adapters/table/dynamo.js';
import type { RunningSums } from './reconcile.js';

/**
 * The reconciliation checkpoint of a district (issue 17): `RECONCILED#{d}` / `CHECKPOINT`, the point up to
 * which the ledger was last found to agree with the balance item — the seq reached, the sums of entries
 * 1…seq, and the latest entry time among them (where the next incremental read starts, less a margin).
 * It is written only by a reconciliation that matched, and only forward (`seq` grows), so a slower
 * reader that computed an older point cannot move it back; two readers that reach the same seq computed
 * the same sums from the same entries, so either write is right.
 */
/**
 * A partition of its own, apart from `FUND#{d}`: `GET /fund` may write this item and nothing else
 * (infra/constructs/appFunction.ts `readCheckpoint`: PutItem under this prefix, these attributes only),
 * so the read route's grant cannot reach the balance item or the ledger.
 */
export const CHECKPOINT_PARTITION = 'RECONCILED#';
export const checkpointKey = (district: string) => ({
  PK: `${CHECKPOINT_PARTITION}${district}`,
  SK: 'CHECKPOINT',
});

const figure = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const checkpointSchema = z.object({
  seq: figure,
  balanceFen: figure,
  advancedFen: figure,
  replenishedFen: figure,
  reversedFen: figure,
  /** the latest `at` (epoch ms) of entries 1…seq */
  lastEntryAtMs: figure,
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

/** Every attribute the checkpoint item has: its keys, its type, the figures, when it was written. */
export const CHECKPOINT_ITEM_ATTRIBUTES: readonly string[] = [
  'PK',
  'SK',
  'itemType',
  ...checkpointSchema.keyof().options,
  'updatedAt',
];

/** The stored checkpoint, or undefined when there is none (or it is unreadable: then a full read rebuilds it). */
export async function readCheckpoint(district: string): Promise<Checkpoint | undefined> {
  const item = await getItem(checkpointKey(district));
  if (!item) return undefined;
  const parsed = checkpointSchema.safeParse(item);
  return parsed.success ? parsed.data : undefined;
}

export function checkpointSums(c: Checkpoint): RunningSums {
  return {
    seq: c.seq,
    balanceFen: c.balanceFen,
    advancedFen: c.advancedFen,
    replenishedFen: c.replenishedFen,
    reversedFen: c.reversedFen,
    chainIntact: true,
  };
}

/**
 * Moves the checkpoint forward to `sums` (conditional: only past the stored seq). Returns whether it
 * was written; a reader that lost to another one further on changes nothing and needs nothing.
 */
export async function advanceCheckpoint(
  district: string,
  sums: RunningSums,
  lastEntryAtMs: number,
  at: string,
): Promise<boolean> {
  const next: Checkpoint = {
    seq: sums.seq,
    balanceFen: sums.balanceFen,
    advancedFen: sums.advancedFen,
    replenishedFen: sums.replenishedFen,
    reversedFen: sums.reversedFen,
    lastEntryAtMs,
  };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...checkpointKey(district), itemType: 'ledger_checkpoint', ...next, updatedAt: at },
        ConditionExpression: 'attribute_not_exists(PK) OR #seq < :seq',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':seq': next.seq },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
