/** Human-readable figures for offer lines: fen as yuan with two decimals, scaled areas as decimals. */
export function yuan(fen: bigint | number): string {
  const f = BigInt(fen);
  const sign = f < 0n ? '-' : '';
  const abs = f < 0n ? -f : f;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export function decimalText(scaledValue: bigint, decimals: number): string {
  if (decimals === 0) return scaledValue.toString();
  const unit = 10n ** BigInt(decimals);
  return `${scaledValue / unit}.${(scaledValue % unit).toString().padStart(decimals, '0')}`;
}

export function percentText(bp: number): string {
  return `${decimalText(BigInt(bp), 2)}%`;
}

/** A whole number with its thousands grouped, e.g. 1000000 → "1,000,000" (or "1 000 000" with sep ' '). */
export function groupedInt(n: bigint | number, sep = ','): string {
  const v = BigInt(n);
  const sign = v < 0n ? '-' : '';
  const digits = (v < 0n ? -v : v).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/**
 * Fen as yuan with grouped thousands, e.g. 123456 → "1,234.56". For the newer lines (shares, qualification)
 * that a household reads as large sums; the older lines keep `yuan` so that their stored formulas stay
 * as they were.
 */
export function groupedYuan(fen: bigint | number): string {
  const f = BigInt(fen);
  const sign = f < 0n ? '-' : '';
  const abs = f < 0n ? -f : f;
  return `${sign}${groupedInt(abs / 100n)}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Basis points as a short percentage, no trailing zeros: 500 → "5%", 250 → "2.5%", 1 → "0.01%". */
export function shortPercentText(bp: number): string {
  return `${decimalText(BigInt(bp), 2).replace(/\.?0+$/, '')}%`;
}
