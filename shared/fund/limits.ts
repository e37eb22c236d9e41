import { MAX_AMOUNT_FEN } from '../contract/common.js';

/**
 * The largest figure a fund may ever hold, in fen: ¥1 000 000 000 000.00 (10^14 fen). It bounds the
 * balance and every running total of the balance item (net advanced, net replenished, gross reversed,
 * queued), so that sums of them stay exact: 10^14 is about 1/90 of 2^53, and even the sum of every
 * counter plus the largest single amount (MAX_AMOUNT_FEN, 10^11) stays a safe integer in JavaScript and
 * an exact number in DynamoDB. A district's fund is a few hundred million yuan at most: the cap is
 * there for arithmetic, never reached by real money, and a movement that would pass it is refused
 * (422 FUND_LIMIT_EXCEEDED), never stored.
 */
export const MAX_FUND_FEN = 100_000_000_000_000;

/** The most one replenishment or reversal may move (the contract's cap on any stated amount). */
export { MAX_AMOUNT_FEN };

/** The balance item's count of entries: a gapless sequence, also kept far below 2^53. */
export const MAX_FUND_SEQ = MAX_FUND_FEN;
