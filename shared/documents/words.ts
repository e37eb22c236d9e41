import { chinaDateTime } from '../domain/chinaDate.js';

/**
 * How every issued document (the agreement, receipts, the notice list) writes times and identity
 * numbers, so that the three read alike. Times are stored in UTC; a household, a village and a town
 * read Beijing time (UTC+8), so a document never prints an instant in any other zone. Dates are
 * written as official documents write them (2026年12月6日, no leading zeros).
 */

/** `2025年6月10日 09:30（北京时间）` */
export const beijingDateTime = (iso: string): string => chinaDateTime(iso).zh;

/** `2025年6月10日 09:30`, for tables whose heading already says 北京时间 */
export const beijingDateTimeShort = (iso: string): string =>
  chinaDateTime(iso).zh.replace('（北京时间）', '');

/** `2025年6月10日` */
export const beijingDate = (iso: string): string => chinaDateTime(iso).zh.replace(/ .*$/, '');

/** A YYYY-MM-DD day as `2025年6月10日` */
export function dayWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The masking rule lives with the other personal-data rules; documents and API answers share it. */
export { maskedNationalId } from '../privacy/nationalId.js';
