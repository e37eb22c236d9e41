/**
 * Exact decimal helpers: JSON numbers become scaled integers from their decimal text (never through
 * float multiplication), too many decimals are refused, and division rounds half up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRoundHalfUp,
  fenToNumber,
  hasAtMostDecimals,
  scaled,
  toScaled,
} from '../../shared/domain/decimal.js';

describe('toScaled', () => {
  it.each([
    [220.55, 2, 22_055n], // 220.55 × 100 is 22054.999999999996 in floating point
    [0.29, 2, 29n], // 0.29 × 100 is 28.999999999999996
    [1.005, 3, 1_005n], // 1.005 is stored as 1.00499999999999989…, its text is still "1.005"
    [200, 2, 20_000n],
    [12, 0, 12n],
    [0, 2, 0n],
    [2.5, 4, 25_000n],
    [1.2345, 4, 12_345n],
    [0.3, 2, 30n],
    [1e-7, 7, 1n], // String(1e-7) is "1e-7": exponent form is expanded
    [1.5e-7, 8, 15n],
    [1e21, 0, 10n ** 21n], // String(1e21) is "1e+21"
    [1.25e21, 2, 125n * 10n ** 21n],
    [-2.5, 1, -25n],
    [-1e-7, 7, -1n],
  ])('toScaled(%d, %i) = %s', (value, decimals, expected) => {
    expect(toScaled(value, decimals)).toBe(expected);
  });

  it.each([
    [0.1 + 0.2, 2], // 0.30000000000000004: refused, not silently rounded to 30
    [1.1 * 3, 2], // 3.3000000000000003
    [220.555, 2],
    [1.23456, 4],
    [1e-7, 6],
    [0.5, 0],
    [Number.NaN, 2],
    [Number.POSITIVE_INFINITY, 2],
    [Number.NEGATIVE_INFINITY, 2],
  ])('toScaled(%d, %i) is refused', (value, decimals) => {
    expect(toScaled(value, decimals)).toBeUndefined();
    expect(hasAtMostDecimals(value, decimals)).toBe(false);
    expect(() => scaled(value, decimals)).toThrow(RangeError);
  });

  it('keeps all digits of a float sum when the scale allows them', () => {
    // 0.1 + 0.2 prints as 0.30000000000000004 (17 places)
    expect(toScaled(0.1 + 0.2, 17)).toBe(30_000_000_000_000_004n);
  });

  it('scaled returns the same value as toScaled for valid input', () => {
    expect(scaled(220.55, 2)).toBe(22_055n);
    expect(hasAtMostDecimals(220.55, 2)).toBe(true);
  });

  it('agrees with integer arithmetic for every n / 10^d (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (n, d, extra) => {
          const value = n / 10 ** d;
          expect(toScaled(value, d)).toBe(BigInt(n));
          expect(toScaled(value, d + extra)).toBe(BigInt(n) * 10n ** BigInt(extra));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('divRoundHalfUp', () => {
  it.each([
    [5n, 2n, 3n], // 2.5 → 3 (half goes up)
    [3n, 2n, 2n], // 1.5 → 2
    [1n, 2n, 1n], // 0.5 → 1
    [7n, 2n, 4n], // 3.5 → 4 (not to even)
    [1n, 3n, 0n], // 0.333… → 0
    [2n, 3n, 1n], // 0.666… → 1
    [5n, 4n, 1n], // 1.25 → 1
    [7n, 4n, 2n], // 1.75 → 2
    [0n, 7n, 0n],
    [10n, 5n, 2n],
    [300_049_5n, 10n, 300_050n], // 300 049.5 fen → 300 050
    [150_024_75n, 100n, 150_025n], // 150 024.75 fen → 150 025
    [150_024_49n, 100n, 150_024n], // 150 024.49 fen → 150 024
  ])('%s / %s → %s', (n, d, expected) => {
    expect(divRoundHalfUp(n, d)).toBe(expected);
  });

  it('refuses a negative numerator and a non-positive denominator', () => {
    expect(() => divRoundHalfUp(-1n, 2n)).toThrow(/non-negative/);
    expect(() => divRoundHalfUp(-5n, 2n)).toThrow(RangeError);
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(/denominator/);
    expect(() => divRoundHalfUp(1n, -2n)).toThrow(RangeError);
  });

  it('is the nearest integer, halves going up (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const r = divRoundHalfUp(n, d);
          // r − 1/2 ≤ n/d < r + 1/2  ⇔  2rd − d ≤ 2n < 2rd + d
          expect(2n * r * d - d <= 2n * n).toBe(true);
          expect(2n * n < 2n * r * d + d).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('fenToNumber', () => {
  it('converts within the safe range and refuses beyond it', () => {
    expect(fenToNumber(19_671_900n)).toBe(19_671_900);
    expect(fenToNumber(-444_000n)).toBe(-444_000);
    expect(fenToNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => fenToNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => fenToNumber(BigInt(Number.MIN_SAFE_INTEGER) - 1n)).toThrow(RangeError);
  });
});
