import { randomBytes } from 'node:crypto';
import { chinaDate } from '../domain/chinaDate.js';

/** Readable, time-ordered ids such as C-20261125-3f9a0c1d (prefix, UTC day, 32 random bits). */
export function newId(prefix: string, now: string): string {
  return `${prefix}-${now.slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * The day of a case number: the Zibo calendar day (UTC+8) of the filing, as eight digits. A case filed
 * at 02:00 on 6 December in Zibo (18:00 UTC on the 5th) is a case of 20261206.
 */
export function caseNumberDay(now: string): string {
  return chinaDate(now).replaceAll('-', '');
}

/**
 * The case number people read out on the phone or copy from a notice (issue 18): digits only, district,
 * Zibo day, the district's sequence of that day (at least four digits): 370302-20261206-0042. The
 * internal `caseId` stays as it is; the number is another name for the same case.
 */
export function formatCaseNumber(districtCode: string, day: string, sequence: number): string {
  return `${districtCode}-${day}-${String(sequence).padStart(4, '0')}`;
}

/** Whether a string has the shape of a case number (a case id never has: it begins with a letter). */
export const CASE_NUMBER_PATTERN = /^\d{6}-\d{8}-\d{4,6}$/;
export function isCaseNumber(s: string): boolean {
  return CASE_NUMBER_PATTERN.test(s);
}
