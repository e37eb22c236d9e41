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
