import { AsyncLocalStorage } from 'node:async_hooks';
import { delay } from '../adapters/table/dynamo.js';

/**
 * How long a fund write may keep retrying under contention. Every write of a district's fund goes
 * through its one balance item (docs/fund.md: that is what keeps the ledger gapless and exactly-once),
 * so parallel writes lose a condition and try again. They used to give up after a fixed 12 attempts,
 * which 40 parallel replenishments exhausted (13 × 409 BUSY a person had to retry). Now a write retries
 * until the request's deadline: the Lambda's remaining time less a margin for what follows the write
 * (the queue run, events, the answer), set per request by the HTTP edge (withWriteDeadline), or
 * DEFAULT_WRITE_BUDGET_MS outside a request (workflow steps, seeds, tests calling commands).
 */
export const DEFAULT_WRITE_BUDGET_MS = 8_000;
/** kept back from the function's remaining time for the work after the ledger write */
export const WRITE_DEADLINE_MARGIN_MS = 2_000;

const deadlines = new AsyncLocalStorage<number>();

/** Runs `fn` with fund writes bounded by `remainingMs` (the Lambda's getRemainingTimeInMillis()). */
export function withWriteDeadline<T>(remainingMs: number | undefined, fn: () => Promise<T>): Promise<T> {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return fn();
  const budget = Math.max(500, remainingMs - WRITE_DEADLINE_MARGIN_MS);
  return deadlines.run(Date.now() + budget, fn);
}

/** The instant (epoch ms) after which a fund write stops retrying. */
export function writeDeadline(): number {
  return deadlines.getStore() ?? Date.now() + DEFAULT_WRITE_BUDGET_MS;
}

const BASE_MS = 8;
const CAP_MS = 640;

/**
 * Full-jitter exponential backoff (a random pause in [0, min(cap, base·2^n))) under a deadline. The
 * window doubles with every loss, so n writers at once spread over a window that grows with n and each
 * round lets some of them through; a fixed window would let all of them collide again. `next()` pauses
 * and answers whether there is time for another attempt.
 */
export class Contention {
  private losses = 0;
  readonly deadline: number;

  constructor(deadline: number = writeDeadline()) {
    this.deadline = deadline;
  }

  get attempts(): number {
    return this.losses;
  }

  async next(): Promise<boolean> {
    const window = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(this.losses, 10));
    this.losses++;
    const pause = Math.floor(Math.random() * window);
    if (Date.now() + pause >= this.deadline) return false;
    await delay(pause);
    return true;
  }
}
