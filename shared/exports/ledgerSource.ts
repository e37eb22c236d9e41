import { addDays, ZIBO_OFFSET_MS } from '../domain/period.js';
import { ValidationFailed } from '../errors/appError.js';
import { parseStoredEntry, type StoredEntry } from '../fund/storedEntry.js';
import { ledgerItemPages } from '../reports/source.js';

/**
 * Every ledger entry of a district between two Zibo dates (both inclusive, either open), read page by
 * page (shared/reports/source.ts `ledgerItemPages`, the quarterly report's read too), oldest first; the
 * instants decide exactly which entries are in the range.
 */
export interface DayRange {
  /** YYYY-MM-DD, Zibo date, inclusive */
  from?: string | undefined;
  /** YYYY-MM-DD, Zibo date, inclusive */
  to?: string | undefined;
}

/**
 * At most this many entries in one file: the answer of a Lambda behind API Gateway is capped at 6 MB
 * (a CSV row is about 250 bytes, and base64 adds a third to an xlsx). A wider range is refused with
 * the fields to narrow, rather than cut short without a word.
 */
export const MAX_EXPORT_ENTRIES = 15_000;

/** The first instant (epoch ms) of a Zibo date. */
export function ziboDayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - ZIBO_OFFSET_MS;
}

export async function ledgerEntriesInRange(
  district: string,
  range: DayRange,
  opts: { max?: number; pageSize?: number } = {},
): Promise<StoredEntry[]> {
  const max = opts.max ?? MAX_EXPORT_ENTRIES;
  const fromMs = range.from ? ziboDayStartMs(range.from) : -Infinity;
  const toMs = range.to ? ziboDayStartMs(addDays(range.to, 1)) : Infinity;
  const out: StoredEntry[] = [];
  for await (const items of ledgerItemPages(district, range, opts.pageSize)) {
    for (const item of items) {
      // a stored entry that no longer parses would make the file wrong: a 500 that is logged, not a guess
      const entry = parseStoredEntry(item);
      const ms = Date.parse(entry.at);
      if (ms >= fromMs && ms < toMs) out.push(entry);
    }
    if (out.length > max) {
      throw new ValidationFailed(
        {
          zh: `所选期间的分录超过 ${max} 笔，请缩小起止日期后分段导出。`,
          en: `more than ${max} entries in the range; export it in parts (from, to)`,
        },
        [
          { path: 'query.from', message: `more than ${max} entries`, messageZh: `超过 ${max} 笔` },
          { path: 'query.to', message: `more than ${max} entries`, messageZh: `超过 ${max} 笔` },
        ],
        { maxEntries: max },
      );
    }
  }
  // by instant, then by the chain's own order (two entries may share a millisecond)
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
}
