import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/domain/index.js';

describe('chinaDate', () => {
  it('is the UTC day before 16:00 UTC', () => {
    expect(chinaDate('2026-03-01T15:59:59Z')).toBe('2026-03-01');
  });
  it('is the next day from 16:00 UTC (midnight in Zibo)', () => {
    expect(chinaDate('2026-03-01T16:00:00Z')).toBe('2026-03-02');
    expect(chinaDate('2025-12-31T23:30:00.000Z')).toBe('2026-01-01');
  });
  it('reads offsets', () => {
    expect(chinaDate('2026-03-02T00:10:00+08:00')).toBe('2026-03-02');
  });
});
