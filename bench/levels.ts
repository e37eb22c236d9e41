/** The concurrency levels a run goes through: BENCH_LEVELS, `concurrency:cases` pairs run in order. */
export interface Level {
  concurrency: number;
  cases: number;
}

export function parseLevels(text: string): Level[] {
  const levels = text.split(',').map((pair) => {
    const [c, n] = pair.split(':').map((x) => Number(x.trim()));
    if (!Number.isInteger(c) || !Number.isInteger(n) || !c || !n || c < 1 || n < c || n > 500) {
      throw new Error(`BENCH_LEVELS: "${pair}" is not concurrency:cases with 1 ≤ concurrency ≤ cases ≤ 500`);
    }
    return { concurrency: c, cases: n };
  });
  if (levels.length === 0 || levels.length > 6) throw new Error('BENCH_LEVELS: 1 to 6 levels');
  return levels;
}
