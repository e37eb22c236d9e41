import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime } from '../../shared/domain/index.js';

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

describe('chinaDateTime', () => {
  it('reads an instant on the clock in Zibo, to the minute, in both languages', () => {
    expect(chinaDateTime('2026-12-10T09:30:59Z')).toEqual({
      zh: '2026年12月10日 17:30（北京时间）',
      en: '10 Dec 2026 17:30 China time (UTC+8)',
    });
  });
  it('turns the day and the year at 16:00 UTC', () => {
    expect(chinaDateTime('2025-12-31T16:05:00.000Z').zh).toBe('2026年1月1日 00:05（北京时间）');
    expect(chinaDateTime('2025-12-31T15:59:00.000Z').en).toBe('31 Dec 2025 23:59 China time (UTC+8)');
  });
});
