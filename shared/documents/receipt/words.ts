import { chinaDateTime } from '../../domain/chinaDate.js';

/**
 * How the issued documents (receipts, the notice list) write times and identity numbers. Times are
 * stored in UTC; a household, a village and a town read Beijing time (UTC+8), so a document never
 * prints an instant in any other zone.
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

/**
 * A resident identity number with its birth date and sequence hidden (370302********1234): a posted
 * list or a printed receipt names the person, and the region and check digits are enough to tell two
 * people of one name apart, without putting the number on a wall.
 */
export function maskNationalId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
