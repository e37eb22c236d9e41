import { MAX_AMOUNT_FEN } from '../contract/common.js';
import { FundLimitExceeded } from '../errors/appError.js';

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

/** How one entry moves the balance item's figures (ledger.ts entryDeltas). */
/** The running totals of the balance item a movement changes (ledger.ts FundState has them, and more). */
interface Totals {
  balanceFen: number;
  advancedFen: number;
  replenishedFen: number;
  reversedFen: number;
}
type Deltas = Totals;

/**
 * A stored figure of the fund that is not an integer in [0, MAX_FUND_FEN]: the table was written by
 * something other than this code (or by hand). Not the client's fault and never read as 0: a corrupt
 * balance read as zero would let the next entry "repair" it silently. The HTTP edge answers 500 and
 * logs it; GET /fund's reconciliation shows what differs.
 */
export class CorruptFundFigure extends Error {
  constructor(
    readonly where: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(
      `corrupt fund figure ${where}.${field}: ${String(value)} is not an integer in [0, ${MAX_FUND_FEN}]`,
    );
    this.name = 'CorruptFundFigure';
  }
}

/**
 * A counter as stored: absent is 0 (an item or attribute not written yet); anything else must be a safe
 * integer within the fund's bounds. The DynamoDB client answers a number beyond 2^53 as a BigInt, which
 * is refused here like a string or a fraction.
 */
export function storedFigure(
  item: Record<string, unknown>,
  field: string,
  where: string,
  { min = 0 }: { min?: number } = {},
): number {
  const v = item[field];
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= MAX_FUND_FEN) return v;
  throw new CorruptFundFigure(where, field, v);
}

/**
 * Refuses (422 FUND_LIMIT_EXCEEDED) a movement that would take any figure of the balance item past
 * MAX_FUND_FEN, before anything is written; the figures say which and by how much.
 */
export function assertWithinLimits(read: Totals & { seq: number }, deltas: Deltas) {
  const after: Record<string, number> = {
    seq: read.seq + 1,
    balanceFen: read.balanceFen + deltas.balanceFen,
    advancedFen: read.advancedFen + deltas.advancedFen,
    replenishedFen: read.replenishedFen + deltas.replenishedFen,
    reversedFen: read.reversedFen + deltas.reversedFen,
  };
  const over = Object.entries(after).find(([, v]) => v > MAX_FUND_FEN);
  if (!over) return;
  const [field, value] = over;
  throw new FundLimitExceeded(
    {
      zh: `专项基金的${field}将达到 ${value} 分，超过上限 ${MAX_FUND_FEN} 分（1 万亿元），不予登记。`,
      en: `the fund's ${field} would be ${value} fen, above its maximum of ${MAX_FUND_FEN} fen (¥1 000 000 000 000); nothing was recorded`,
    },
    [
      {
        path: 'body.amountFen',
        message: `the fund's ${field} may not pass ${MAX_FUND_FEN} fen`,
        messageZh: `专项基金${field}不得超过 ${MAX_FUND_FEN} 分`,
      },
    ],
    { field, currentFen: read[field as keyof Deltas | 'seq'], resultingFen: value, maxFen: MAX_FUND_FEN },
  );
}
