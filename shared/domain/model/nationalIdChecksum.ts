/**
 * The check character of an 18-character resident identity number (公民身份号码, GB 11643-1999): the
 * first 17 digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, their sum modulo 11 picks the check
 * character from 1 0 X 9 8 7 6 5 4 3 2. A registry row whose number fails it was mistyped, and a
 * mistyped number would later fail every identity check of the household's applicant (docs/registry-import.md).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character the first 17 digits call for; undefined when they are not 17 digits. */
export function nationalIdCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11];
}

/** Whether an 18-character number carries the check character its first 17 digits call for. */
export function hasValidNationalIdChecksum(nationalId: string): boolean {
  return nationalId.length === 18 && nationalIdCheckChar(nationalId.slice(0, 17)) === nationalId[17];
}

/** The birth date an 18-character number states (its characters 7–14), as YYYY-MM-DD; undefined if none. */
export function nationalIdBirthDate(nationalId: string): string | undefined {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(nationalId);
  if (!m) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}
