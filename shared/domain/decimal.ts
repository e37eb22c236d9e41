/**
 * Exact decimal handling. Areas and quantities arrive as JSON numbers (220.5 m2, 2.5 mu); money must
 * never pass through floating point, so every such number is turned into a scaled integer (bigint)
 * from its decimal text, and a value with more decimals than its scale allows is refused rather than
 * silently rounded.
 */

/** Scaled integer of a decimal JSON number, or undefined when it has more than `decimals` places. */
export function toScaled(value: number, decimals: number): bigint | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = numberToPlainString(value);
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = digits.split('.');
  if (fraction.length > decimals) return undefined;
  const scaled = BigInt(whole + fraction.padEnd(decimals, '0'));
  return negative ? -scaled : scaled;
}

/** Like toScaled, for values already validated by their schema; throws on a programming error. */
export function scaled(value: number, decimals: number): bigint {
  const result = toScaled(value, decimals);
  if (result === undefined) throw new RangeError(`${value} has more than ${decimals} decimal places`);
  return result;
}

/** Number.prototype.toString uses exponent notation for small/large values; expand it. */
function numberToPlainString(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  const [mantissa = '0', exponentText = '0'] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const bare = negative ? mantissa.slice(1) : mantissa;
  const [intPart = '0', fracPart = ''] = bare.split('.');
  const allDigits = intPart + fracPart;
  const pointAt = intPart.length + exponent;
  let plain: string;
  if (pointAt <= 0) plain = `0.${'0'.repeat(-pointAt)}${allDigits}`;
  else if (pointAt >= allDigits.length) plain = allDigits + '0'.repeat(pointAt - allDigits.length);
  else plain = `${allDigits.slice(0, pointAt)}.${allDigits.slice(pointAt)}`;
  return (negative ? '-' : '') + plain;
}

/** Whether a number has at most `decimals` decimal places (for zod refinements). */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  return toScaled(value, decimals) !== undefined;
}

/**
 * numerator / denominator rounded half-up to an integer (四舍五入). Only non-negative quantities are
 * rounded in this domain; a negative numerator is refused so that "half-up" can never be mistaken for
 * "half away from zero" or "half toward +inf".
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  if (numerator < 0n) throw new RangeError('only non-negative amounts are rounded');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** bigint fen to a JS number, refusing anything beyond the exactly representable range. */
export function fenToNumber(fen: bigint): number {
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || fen < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount out of the exactly representable range');
  }
  return Number(fen);
}
