import { ZIBO_OFFSET_MS } from '../domain/period.js';

/**
 * The cells of an export (CSV or xlsx), typed by what they mean rather than how they look, so that the
 * two writers cannot disagree: money is integer fen inside the system and yuan with two decimals in the
 * file; an instant is ISO-8601 UTC inside (API.md) and Beijing time (UTC+8) in the file, because a
 * finance clerk in Zibo reads "2026-12-06 08:30:00", never "2026-12-06T00:30:00Z".
 */
export type Cell =
  /** text, written literally (CSV escapes formula triggers; xlsx stores it as a string, never a formula) */
  | string
  /** a count or another plain number */
  | number
  /** empty */
  | null
  /** money: integer fen, shown as yuan */
  | { fen: number }
  /** an instant, shown in Beijing time */
  | { at: string }
  /** an exact decimal kept as text by the system (areas, mu): a number in xlsx, the same digits in CSV */
  | { decimal: string };

/** A table of the export: one CSV section or one worksheet. */
export interface Section {
  /** the title row of the CSV section; xlsx: the worksheet's first row */
  title: string;
  /** a short worksheet name (xlsx allows 31 characters, none of \ / ? * [ ] :) */
  sheet: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** column widths in characters for xlsx (optional) */
  widths?: readonly number[];
}

/** "中文 English": Chinese first, for the staff; English after, for outside reviewers. */
export const bi = (zh: string, en: string): string => `${zh} ${en}`;

/**
 * Fen as yuan text with exactly two decimals, from the integer (never through a float):
 * 12345 → "123.45", -5 → "-0.05".
 */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not integer fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen as a yuan number for a spreadsheet cell: the nearest double to the exact two-decimal value. */
export function yuanNumber(fen: number): number {
  return Number(yuanText(fen));
}

/**
 * An instant as Beijing (Zibo) wall-clock time, "YYYY-MM-DD HH:mm:ss". Any offset in the input is
 * honoured (the instant is what counts); text that is no instant is returned as it is, never guessed.
 */
export function beijingTime(at: string): string {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return at;
  const iso = new Date(ms + ZIBO_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The cell as the text a CSV file holds, before quoting and formula escaping. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if ('fen' in cell) return yuanText(cell.fen);
  if ('at' in cell) return beijingTime(cell.at);
  return cell.decimal;
}
