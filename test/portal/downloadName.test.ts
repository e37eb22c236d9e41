import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from '../../portal/src/lib/downloadName.js';
import { contentDisposition } from '../../shared/exports/download.js';

/** The download buttons save the file under the name the API gives: the Chinese one where it sends one. */
describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 name the API sends, and reads back what the API writes', () => {
    const header = contentDisposition(
      'report-370302-2026Q2.xlsx',
      '淄川区2026年第二季度退出监测报告(1).xlsx',
    );
    expect(filenameFromDisposition(header, 'x.xlsx')).toBe('淄川区2026年第二季度退出监测报告(1).xlsx');
  });

  it('falls back to the ASCII name, then to the given name', () => {
    expect(filenameFromDisposition('attachment; filename="ledger-370302.csv"', 'x.csv')).toBe(
      'ledger-370302.csv',
    );
    expect(filenameFromDisposition('attachment; filename=plain.csv', 'x.csv')).toBe('plain.csv');
    expect(
      filenameFromDisposition('attachment; filename="a.csv"; filename*=UTF-8\'\'%E0%A4%A', 'x.csv'),
    ).toBe('a.csv');
    expect(filenameFromDisposition(null, 'x.csv')).toBe('x.csv');
    expect(filenameFromDisposition('attachment', 'x.csv')).toBe('x.csv');
  });
});
