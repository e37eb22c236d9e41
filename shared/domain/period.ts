/**
 * A calendar quarter by the date in Zibo (UTC+8, no daylight saving; DOMAIN.md: every calendar
 * reckoning, quarters included, uses the date in Zibo, never the UTC date). Q1 is 1 January 00:00 to
 * 1 April 00:00 Zibo time, i.e. 31 December 16:00 UTC to 31 March 16:00 UTC. Instants are compared as
 * epoch milliseconds, so a timestamp written with any offset (2024-03-31T23:30:00+08:00,
 * 2024-03-31T16:10:00Z) falls in the quarter it really is in.
 */
export interface QuarterPeriod {
  year: number;
  quarter: number;
  /** first instant of the quarter */
  startMs: number;
  /** first instant of the next quarter (exclusive) */
  endMs: number;
  /** the same instants in ISO-8601 UTC (API.md): 16:00Z on the day before the Zibo date */
  start: string;
  end: string;
  /** YYYY-MM-DD of the first and last day, Zibo dates */
  firstDay: string;
  lastDay: string;
}

const DAY_MS = 86_400_000;
/** Zibo is UTC+8 all year round. */
export const ZIBO_OFFSET_MS = 8 * 3_600_000;
const QUARTER_ZH = ['一', '二', '三', '四'] as const;

export function quarterPeriod(year: number, quarter: number): QuarterPeriod {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new RangeError(`bad year ${year}`);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4)
    throw new RangeError(`bad quarter ${quarter}`);
  // the Zibo dates, as if they were UTC; Date.UTC rolls month 12 over into January of the next year
  const firstDayMs = Date.UTC(year, (quarter - 1) * 3, 1);
  const nextFirstDayMs = Date.UTC(year, quarter * 3, 1);
  const startMs = firstDayMs - ZIBO_OFFSET_MS;
  const endMs = nextFirstDayMs - ZIBO_OFFSET_MS;
  return {
    year,
    quarter,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    firstDay: new Date(firstDayMs).toISOString().slice(0, 10),
    lastDay: new Date(nextFirstDayMs - DAY_MS).toISOString().slice(0, 10),
  };
}

/** The Zibo calendar quarter an instant (epoch milliseconds) falls in. */
export function ziboQuarterOf(ms: number): { year: number; quarter: number } {
  const local = new Date(ms + ZIBO_OFFSET_MS);
  return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
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
