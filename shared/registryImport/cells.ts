import { isoDateTimeSchema } from '../domain/model/common.js';
import { ZIBO_OFFSET_MS } from '../domain/period.js';
import { COL, COLUMN_KEYS, type ColumnKey, LIST_SEPARATOR, NO, YES } from './columns.js';
import type { RawCell } from './rawCell.js';

/**
 * One data row's cells, read by column as the household record wants them. A cell that cannot be read
 * (a required one empty, a word that is none of the allowed values, a bad date, more decimals than the
 * unit allows) is reported once, by its column, and read as undefined: the household is then left out,
 * and the schema's findings on that cell are not reported a second time (./parse.ts).
 */
export interface CellProblem {
  column: string;
  zh: string;
  en: string;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Whether a YYYY-MM-DD names a real day. */
function realDay(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Where each column is in the file's rows (the header may order them otherwise than the template). */
export type ColumnIndex = Readonly<Record<ColumnKey, number>>;

export function columnIndex(columns: ReadonlyMap<string, number>): ColumnIndex {
  return Object.fromEntries(COLUMN_KEYS.map((k) => [k, columns.get(COL[k]) ?? -1])) as ColumnIndex;
}

/** Whether a row has no cell with anything in it (a blank row between households is skipped). */
export function isBlankRow(cells: readonly RawCell[]): boolean {
  for (const c of cells) {
    if (c !== null && c !== undefined && !(typeof c === 'string' && c.trim() === '')) return false;
  }
  return true;
}

export class RowCells {
  readonly problems: CellProblem[] = [];

  constructor(
    private readonly cells: readonly RawCell[],
    private readonly index: ColumnIndex,
  ) {}

  raw(key: ColumnKey): RawCell {
    const v = this.cells[this.index[key]] ?? null;
    return typeof v === 'string' && v.trim() === '' ? null : v;
  }

  isEmpty(key: ColumnKey): boolean {
    return this.raw(key) === null;
  }

  problem(key: ColumnKey, zh: string, en: string): undefined {
    this.problems.push({ column: COL[key], zh, en });
    return undefined;
  }

  private missing(key: ColumnKey): undefined {
    return this.problem(key, `${COL[key]}不能为空`, `${COL[key]} is required`);
  }

  /** Text as entered, trimmed; a number cell as its digits (an id typed as a number). */
  text(key: ColumnKey, required: boolean): string | undefined {
    const v = this.raw(key);
    if (v === null) return required ? this.missing(key) : undefined;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return v.toISOString().slice(0, 10);
  }

  /**
   * A decimal with at most `decimals` places. A spreadsheet's float (120.35000000000001) is the decimal it
   * is within 1e-9 of; anything further from every such decimal has too many places and is refused.
   */
  decimal(key: ColumnKey, decimals: number, required: boolean): number | undefined {
    const v = this.raw(key);
    if (v === null) return required ? this.missing(key) : undefined;
    return this.decimalValue(key, v, decimals);
  }

  private decimalValue(key: ColumnKey, v: RawCell, decimals: number): number | undefined {
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) n = Number(v.trim());
    else
      return this.problem(
        key,
        `${COL[key]}须为数字（“${String(v)}”）`,
        `${COL[key]} must be a number ("${String(v)}")`,
      );
    if (!Number.isFinite(n)) return this.problem(key, `${COL[key]}须为数字`, `${COL[key]} must be a number`);
    const f = 10 ** decimals;
    const r = Math.round(n * f) / f;
    if (Math.abs(n - r) > 1e-9) {
      return decimals === 0
        ? this.problem(key, `${COL[key]}须为整数（${n}）`, `${COL[key]} must be a whole number (${n})`)
        : this.problem(
            key,
            `${COL[key]}最多 ${decimals} 位小数（${n}）`,
            `${COL[key]} has at most ${decimals} decimal places (${n})`,
          );
    }
    return Number(r.toFixed(decimals));
  }

  int(key: ColumnKey, required: boolean): number | undefined {
    return this.decimal(key, 0, required);
  }

  /** Several decimals in one cell, separated by ; (several lines of one attachment item). */
  decimals(key: ColumnKey, decimals: number): number[] | undefined {
    const v = this.raw(key);
    if (v === null) return undefined;
    if (typeof v !== 'string') {
      const one = this.decimalValue(key, v, decimals);
      return one === undefined ? undefined : [one];
    }
    const out: number[] = [];
    for (const part of v.split(/[;；]/)) {
      const one = this.decimalValue(key, part.trim(), decimals);
      if (one === undefined) return undefined;
      out.push(one);
    }
    return out;
  }

  /** 是 / 否 (also true/false, 1/0, a boolean cell); `fallback` when empty and not required. */
  bool(key: ColumnKey, required: boolean, fallback?: boolean): boolean | undefined {
    const v = this.raw(key);
    if (v === null) return required ? this.missing(key) : fallback;
    if (typeof v === 'boolean') return v;
    const t = String(v).trim().toLowerCase();
    if (t === YES || t === 'true' || t === '1') return true;
    if (t === NO || t === 'false' || t === '0') return false;
    return this.problem(
      key,
      `${COL[key]}须填“是”或“否”（“${String(v)}”）`,
      `${COL[key]} must be 是 (yes) or 否 (no) ("${String(v)}")`,
    );
  }

  /** One of the allowed values, by its Chinese label or its English code. */
  oneOf<C extends string>(key: ColumnKey, labels: Record<C, string>, required: boolean): C | undefined {
    const v = this.text(key, required);
    if (v === undefined) return undefined;
    const code = enumCode(labels, v);
    if (code !== undefined) return code;
    return this.problem(
      key,
      `${COL[key]}须为以下之一：${Object.values<string>(labels).join('、')}（“${v}”）`,
      `${COL[key]} must be one of ${Object.keys(labels).join(', ')} ("${v}")`,
    );
  }

  /** Several of the allowed values, separated by ; (also ；、,). Empty: none. */
  listOf<C extends string>(key: ColumnKey, labels: Record<C, string>): C[] | undefined {
    const v = this.text(key, false);
    if (v === undefined) return [];
    const out: C[] = [];
    for (const part of v
      .split(/[;；,，、]/)
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const code = enumCode(labels, part);
      if (code === undefined) {
        return this.problem(
          key,
          `${COL[key]}的“${part}”不是以下之一：${Object.values<string>(labels).join('、')}（多项以 ${LIST_SEPARATOR} 分隔）`,
          `${COL[key]}: "${part}" is none of ${Object.keys(labels).join(', ')} (several separated by ${LIST_SEPARATOR})`,
        );
      }
      out.push(code);
    }
    return out;
  }

  /**
   * A calendar day, YYYY-MM-DD (also 2026/1/5, 2026.1.5). An Excel date cell holds a wall-clock day with no
   * zone; exceljs reads it as that day at UTC midnight, so its UTC day is the Zibo day that was typed.
   */
  date(key: ColumnKey, required: boolean): string | undefined {
    const v = this.raw(key);
    if (v === null) return required ? this.missing(key) : undefined;
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'number' && v > 0 && v < 2_958_466) {
      return new Date(EXCEL_EPOCH + Math.floor(v) * MS_PER_DAY).toISOString().slice(0, 10);
    }
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(String(v).trim());
    const day = m ? realDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
    if (day) return day;
    return this.problem(
      key,
      `${COL[key]}须为日期 YYYY-MM-DD（“${String(v)}”）`,
      `${COL[key]} must be a date YYYY-MM-DD ("${String(v)}")`,
    );
  }

  /**
   * An instant: ISO 8601 with its offset, kept as written (what the registry stores); or Beijing time
   * YYYY-MM-DD HH:mm[:ss], or an Excel date-time cell (Zibo wall clock), as ISO UTC.
   */
  instant(key: ColumnKey): string | undefined {
    const v = this.raw(key);
    if (v === null) return undefined;
    if (v instanceof Date) return new Date(v.getTime() - ZIBO_OFFSET_MS).toISOString();
    if (typeof v === 'number' && v > 0 && v < 2_958_466) {
      // an Excel date-time read without its style: days since 1899-12-30, Zibo wall clock, to the second
      const ms = EXCEL_EPOCH + Math.round(v * 86_400) * 1000;
      return new Date(ms - ZIBO_OFFSET_MS).toISOString();
    }
    const t = String(v).trim();
    if (isoDateTimeSchema.safeParse(t).success) return t;
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
    if (m && realDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
      const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
      if (h < 24 && min < 60 && s < 60) {
        const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, min, s) - ZIBO_OFFSET_MS;
        return new Date(ms).toISOString();
      }
    }
    return this.problem(
      key,
      `${COL[key]}须为时间，如 2026-11-30T08:00:00Z 或北京时间 2026-11-30 16:00:00（“${t}”）`,
      `${COL[key]} must be an instant such as 2026-11-30T08:00:00Z or Beijing time 2026-11-30 16:00:00 ("${t}")`,
    );
  }
}

const LOOKUPS = new WeakMap<object, Map<string, string>>();

/** The code a cell names, by its Chinese label or its English code (any case). */
export function enumCode<C extends string>(labels: Record<C, string>, value: string): C | undefined {
  let lookup = LOOKUPS.get(labels);
  if (!lookup) {
    lookup = new Map();
    for (const [code, zh] of Object.entries<string>(labels)) {
      lookup.set(zh, code);
      lookup.set(code.toLowerCase(), code);
    }
    LOOKUPS.set(labels, lookup);
  }
  return (lookup.get(value) ?? lookup.get(value.toLowerCase())) as C | undefined;
}
