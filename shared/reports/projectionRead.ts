import { batchGetItems } from '../adapters/table/batchGet.js';
import { keyRangePages } from '../adapters/table/dynamo.js';
import { type CaseType, caseTypeSchema } from '../domain/model/application.js';
import type { DistrictCode } from '../domain/model/common.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/model/status.js';
import { nowCounter } from './caseProjectionItems.js';
import { type CaseQuarterRow, caseQuarterRowSchema } from './caseRowSchema.js';
import { quarterKey } from './caseRows.js';
import { type ProjectionView, projectionView } from './projection.js';
import { projectionKeys } from './projectionStore.js';
import { aggregateKeys } from './quarterAggregate.js';
import { emptyNowSums, type NowFigures } from './quarterly.js';
import { emptySums, neededDays, type QuarterSums } from './quarterSums.js';

/**
 * What a quarterly report reads of the projection: the quarter's counters and sums (readQuarterSums: a
 * Query and a BatchGetItem, a fixed number of items whatever the cases) and one Query of the district's
 * counters now (one item per quarter cases were created in: O(quarters), never O(cases)).
 */

function pages(
  district: DistrictCode,
  from: string,
  to: string,
  pageSize: number | undefined,
): AsyncGenerator<Record<string, unknown>[]> {
  // by default DynamoDB's own pages (1 MB: some thousands of rows)
  return keyRangePages(`REPORT#${district}`, from, to, { pageSize });
}

/** The quarter's event counters and its case rows (by case id): the rebuild's check and the tests. */
export async function readQuarterProjection(
  district: DistrictCode,
  year: number,
  quarter: number,
  pageSize?: number,
): Promise<{ projection: ProjectionView; rows: CaseQuarterRow[] }> {
  const key = quarterKey({ year, quarter });
  const counterSk = projectionKeys.quarter(district, year, quarter).SK;
  let counters: Record<string, unknown> | undefined;
  const rows: CaseQuarterRow[] = [];
  for await (const items of pages(district, key, `${key}#CASE#~`, pageSize)) {
    for (const item of items) {
      if (item.SK === counterSk) {
        counters = item;
        continue;
      }
      if (item.removed === true || !String(item.SK).startsWith(`${key}#CASE#`)) continue;
      const parsed = caseQuarterRowSchema.safeParse(item.row);
      // a row that no longer reads would make figures wrong without a word: fail loudly
      if (!parsed.success) {
        throw new Error(
          `projection row ${String(item.SK)} of REPORT#${district} does not parse: ${parsed.error.message}`,
        );
      }
      rows.push(parsed.data);
    }
  }
  return { projection: projectionView(district, { year, quarter }, counters), rows };
}

/** How often the sums are read again when a write landed between their two reads. */
const SUM_READS = 4;

/**
 * The quarter's event counters and its sums (quarterAggregate.ts), whatever the number of cases: one
 * Query of the counters and the `AGG#` items, then BatchGetItem (100 keys a request, side by side) of
 * the series' days whose exact durations the medians and maxima need. A projection write between the two reads (the day's exact counts no
 * longer add up to the day's count) reads both again.
 */
export async function readQuarterSums(
  district: DistrictCode,
  year: number,
  quarter: number,
): Promise<{ projection: ProjectionView; sums: QuarterSums }> {
  const key = quarterKey({ year, quarter });
  for (let attempt = 1; ; attempt += 1) {
    const read = await readAggregate(district, key);
    const consistent = await addExactDays(district, key, read.sums);
    if (consistent || attempt >= SUM_READS) {
      if (!consistent) throw new Error(`the sums of REPORT#${district} ${key} keep changing while read`);
      return { projection: projectionView(district, { year, quarter }, read.counters), sums: read.sums };
    }
  }
}

const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

async function readAggregate(district: DistrictCode, key: string) {
  const sums = emptySums();
  let counters: Record<string, unknown> | undefined;
  const sumSk = aggregateKeys.sum(district, key).SK;
  const seriesPrefix = aggregateKeys.series(district, key, '').SK;
  const unknown: [string, string[]][] = [];
  for await (const items of pages(district, key, `${key}#AGG#~`, undefined)) {
    for (const item of items) {
      const sk = String(item.SK);
      if (sk === key) counters = item;
      else if (sk === sumSk) {
        for (const [name, v] of Object.entries(item)) {
          if (name.startsWith('c#') && finite(v) !== 0) sums.counts.set(name.slice(2), finite(v));
          if (name.startsWith('u#') && Array.isArray(v)) unknown.push([name.slice(2), v.map(String)]);
        }
      } else if (sk.startsWith(seriesPrefix)) {
        const days = new Map<number, number>();
        for (const [name, v] of Object.entries(item)) {
          if (name.startsWith('d#') && finite(v) > 0) days.set(Number(name.slice(2)), finite(v));
        }
        if (days.size > 0) sums.durations.set(sk.slice(seriesPrefix.length), { days, exact: new Map() });
      }
    }
  }
  // the rows' order (by case id, as the rows sort)
  for (const [caseId, list] of unknown.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    sums.unknownItems.set(caseId, list);
  }
  return { sums, counters };
}

/** Reads the days the figures need into the distributions; false when they do not add up. */
async function addExactDays(district: DistrictCode, key: string, sums: QuarterSums): Promise<boolean> {
  const keys: { PK: string; SK: string }[] = [];
  for (const [series, d] of sums.durations) {
    for (const day of neededDays(d)) keys.push(aggregateKeys.day(district, key, series, day));
  }
  if (keys.length === 0) return true;
  const prefix = `${key}#DAY#`;
  for (const item of (await batchGetItems(keys)).values()) {
    const sk = String(item.SK).slice(prefix.length);
    const cut = sk.lastIndexOf('#');
    const d = sums.durations.get(sk.slice(0, cut));
    if (!d) continue;
    const day = Number(sk.slice(cut + 1));
    const exact = d.exact.get(day) ?? new Map<number, number>();
    for (const [name, v] of Object.entries(item)) {
      if (name.startsWith('m#') && finite(v) > 0) exact.set(Number(name.slice(2)), finite(v));
    }
    d.exact.set(day, exact);
  }
  for (const d of sums.durations.values()) {
    for (const day of neededDays(d)) {
      const total = [...(d.exact.get(day)?.values() ?? [])].reduce((a, n) => a + n, 0);
      if (total !== d.days.get(day)) return false;
    }
  }
  return true;
}

const num = (item: Record<string, unknown>, name: string) => {
  const v = item[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/** The district's cases now, by the quarter they were created in. */
export async function readNowFigures(district: DistrictCode, pageSize?: number): Promise<NowFigures> {
  const byCreatedQuarter = new Map<string, ReturnType<typeof emptyNowSums>>();
  for await (const items of pages(district, 'NOW#', 'NOW#~', pageSize)) {
    for (const item of items) {
      const sums = emptyNowSums();
      for (const s of CASE_STATUSES) {
        const n = num(item, nowCounter.status(s));
        if (n !== 0) sums.byStatus.set(s as CaseStatus, n);
      }
      for (const t of caseTypeSchema.options) {
        const n = num(item, nowCounter.type(t));
        if (n !== 0) sums.byType.set(t as CaseType, n);
      }
      sums.outstanding = {
        count: num(item, nowCounter.outstanding),
        amountFen: num(item, nowCounter.outstandingFen),
      };
      byCreatedQuarter.set(String(item.SK).slice('NOW#'.length), sums);
    }
  }
  return { byCreatedQuarter };
}
