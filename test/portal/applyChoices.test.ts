import { describe, expect, it } from 'vitest';
import { checkShares, housingProof, parseShares, SHARES_MAX } from '../../portal/src/lib/applyChoices.js';
import { MAX_EQUITY_SHARES } from '../../shared/domain/model/application.js';

/**
 * The application's wave-2 choices as the portal checks them before sending (DOMAIN.md wave 2): the
 * shares of an equity exit (E-SHARES: at least one, at most the holding), and the proof of other
 * housing that a surrender of the qualification right needs before the submission.
 */
const keys = (errors: { field: string; key: string; values?: Record<string, unknown> }[]) =>
  errors.map((e) => `${e.field}:${e.key}${e.values ? JSON.stringify(e.values) : ''}`);

describe('the shares of an equity exit', () => {
  it('reads whole numbers as people type them', () => {
    expect(parseShares('12')).toBe(12);
    expect(parseShares(' 1,200 ')).toBe(1200);
    expect(parseShares('１２')).toBe(12);
    expect(parseShares('30 股')).toBe(30);
    expect(parseShares('0')).toBeUndefined();
    expect(parseShares('-3')).toBeUndefined();
    expect(parseShares('2.5')).toBeUndefined();
    expect(parseShares('abc')).toBeUndefined();
    expect(parseShares('')).toBeUndefined();
  });

  it('uses the contract’s upper bound', () => {
    expect(SHARES_MAX).toBe(MAX_EQUITY_SHARES);
    expect(parseShares(String(SHARES_MAX))).toBe(SHARES_MAX);
    expect(parseShares(String(SHARES_MAX + 1))).toBeUndefined();
  });

  it('needs at least one share and at most the holding', () => {
    expect(keys(checkShares('', 40))).toEqual(['shares:apply.err.shares']);
    expect(keys(checkShares('0', 40))).toEqual(['shares:apply.err.sharesFormat']);
    expect(keys(checkShares('1.5', 40))).toEqual(['shares:apply.err.sharesFormat']);
    expect(keys(checkShares('41', 40))).toEqual(['shares:apply.err.sharesOver{"holding":40}']);
    expect(checkShares('40', 40)).toEqual([]);
    expect(checkShares('1', 40)).toEqual([]);
  });

  it('tells a household without shares that there is nothing to give up', () => {
    expect(keys(checkShares('1', 0))).toEqual(['shares:apply.err.noShares']);
    expect(keys(checkShares('', 0))).toEqual(['shares:apply.err.noShares']);
  });
});

describe('the proof of other housing for a surrendered qualification right', () => {
  const doc = (kind: string, status: string) => ({ kind, status });

  it('is missing until a housing certificate is uploaded', () => {
    expect(housingProof([])).toBe('missing');
    expect(housingProof([doc('property_certificate', 'accepted'), doc('id_card', 'accepted')])).toBe(
      'missing',
    );
  });

  it('counts the best of several uploads', () => {
    expect(housingProof([doc('housing_certificate', 'pending')])).toBe('pending');
    expect(housingProof([doc('housing_certificate', 'rejected')])).toBe('rejected');
    expect(
      housingProof([doc('housing_certificate', 'rejected'), doc('housing_certificate', 'pending')]),
    ).toBe('pending');
    expect(
      housingProof([doc('housing_certificate', 'rejected'), doc('housing_certificate', 'accepted')]),
    ).toBe('accepted');
  });
});
