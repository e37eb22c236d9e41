/**
 * A calendar quarter in UTC (Q1 = January to March). Instants are compared as epoch milliseconds, so
 * a timestamp written with an offset (2024-04-01T07:00:00+08:00) falls in the quarter it really is in.
 */
export interface QuarterPeriod {
  year: number;
  quarter: number;
  /** first instant of the quarter */
  startMs: number;
  /** first instant of the next quarter (exclusive) */
  endMs: number;
  start: string;
  end: string;
  /** YYYY-MM-DD of the first and last day, UTC */
  firstDay: string;
  lastDay: string;
}

const DAY_MS = 86_400_000;
const QUARTER_ZH = ['一', '二', '三', '四'] as const;

export function quarterPeriod(year: number, quarter: number): QuarterPeriod {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new RangeError(`bad year ${year}`);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4)
    throw new RangeError(`bad quarter ${quarter}`);
  const startMs = Date.UTC(year, (quarter - 1) * 3, 1);
  // Date.UTC rolls month 12 over into January of the next year
  const endMs = Date.UTC(year, quarter * 3, 1);
  return {
    year,
    quarter,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    firstDay: new Date(startMs).toISOString().slice(0, 10),
    lastDay: new Date(endMs - DAY_MS).toISOString().slice(0, 10),
  };
}

export function quarterLabel(year: number, quarter: number): { zh: string; en: string } {
  return { zh: `${year}年第${QUARTER_ZH[quarter - 1] ?? quarter}季度`, en: `${year} Q${quarter}` };
}

/** Whether an ISO date-time lies in the period; an unreadable time never does. */
export function inPeriod(at: string | undefined, p: Pick<QuarterPeriod, 'startMs' | 'endMs'>): boolean {
  if (at === undefined) return false;
  const ms = Date.parse(at);
  return Number.isFinite(ms) && ms >= p.startMs && ms < p.endMs;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
