import {
  type ReplenishmentInput,
  type ReplenishmentResult,
  type ReversalResult,
  recordReplenishment,
  recordReversal,
} from '../../../fund/replenish.js';
import { payQueuedAdvances, type QueueRun } from './queue.js';

/**
 * Money into the fund, then the queued advances paid in order as far as it goes (POST
 * /fund/replenishments). A replayed replenishment runs the queue too: the first call may have died
 * before it did.
 */
export async function replenish(
  district: string,
  input: ReplenishmentInput,
  actor: string,
  at: string,
): Promise<ReplenishmentResult & { queue: QueueRun }> {
  const recorded = await recordReplenishment(district, input, actor, at);
  return { ...recorded, queue: await payQueuedAdvances(district, actor, at) };
}

/**
 * A correction by a reversing entry (shared/fund/replenish.ts recordReversal); a reversed advance puts
 * money back, so the queue runs after it.
 */
export async function reverseEntry(
  district: string,
  entryId: string,
  actor: string,
  reason: string,
  at: string,
): Promise<Omit<ReversalResult, 'freesQueue'> & { queue?: QueueRun }> {
  const { freesQueue, ...recorded } = await recordReversal(district, entryId, actor, reason, at);
  return freesQueue ? { ...recorded, queue: await payQueuedAdvances(district, actor, at) } : recorded;
}
