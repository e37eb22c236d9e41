import * as z from 'zod';
import { earlierTimeline } from '../adapters/table/caseHistory.js';
import { allCases } from '../adapters/table/caseRepository.js';
import { keyRangePages } from '../adapters/table/dynamo.js';
import { getHousehold } from '../adapters/table/registryRepository.js';
import type { Case } from '../domain/model/case.js';
import type { DistrictCode } from '../domain/model/common.js';
import { ledgerEntrySchema } from '../domain/model/ledger.js';
import { addDays, quarterPeriod } from '../domain/period.js';
import {
  type LedgerQuarterSums,
  readLedgerQuarter,
  sumEntries,
  sumsComplete,
} from '../fund/ledgerQuarter.js';
import { quarterEntries } from './fundFigures.js';
import type { ProjectionView } from './projection.js';
import { readNowFigures, readQuarterSums } from './projectionRead.js';
import {
  exitedCases,
  type LandRecords,
  type NowFigures,
  type QuarterlyReportInput,
  type ReportLedgerEntry,
} from './quarterly.js';
import type { QuarterSums } from './quarterSums.js';

/**
 * What the quarterly report reads (loadQuarterData): the projection of the quarter and the ledger of the
 * quarter. Reading every case of the district (allDistrictCases) and the registry records of the
 * households whose land left them (exitLandRecords) stays for the projection's rebuild and the tests.
 */

/** Ledger items carry table keys (PK, SK, itemType) beside the entry; those are dropped, not refused. */
const storedLedgerEntrySchema = z.object({ ...ledgerEntrySchema.shape });

const DEFAULT_PAGE_SIZE = 100;
const HOUSEHOLD_READS_IN_PARALLEL = 10;

/**
 * Every case of the district with its whole timeline (the report reads arrivals from it): a case whose
 * earliest entries have moved out of its item (a long history, docs/data-model.md) gets them back.
 */
export async function allDistrictCases(
  districtCode: DistrictCode,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<Case[]> {
  const cases = await allCases({ index: 'ByDistrict', districtCode }, pageSize);
  const out: Case[] = [];
  for (let i = 0; i < cases.length; i += HOUSEHOLD_READS_IN_PARALLEL) {
    const batch = cases.slice(i, i + HOUSEHOLD_READS_IN_PARALLEL);
    out.push(
      ...(await Promise.all(
        batch.map(async (c) =>
          c.timelineOffset ? { ...c, timeline: [...(await earlierTimeline(c)), ...c.timeline] } : c,
        ),
      )),
    );
  }
  return out;
}

/**
 * The ledger items of `FUND#district` (SK `ENTRY#{at}#{entryId}`) whose key falls between two Zibo dates
 * (both inclusive, either open), page by page, as stored. The key range is widened by a day on each
 * side: a Zibo day starts at 16:00 UTC the day before, and an entry stamped with another offset sorts
 * on its own local date; callers keep exactly the entries whose instant is in their range. The quarterly
 * report and the ledger export (shared/exports/ledgerSource.ts) both read the ledger through this.
 */
export function ledgerItemPages(
  districtCode: string,
  range: { from?: string | undefined; to?: string | undefined },
  pageSize?: number,
): AsyncGenerator<Record<string, unknown>[]> {
  return keyRangePages(
    `FUND#${districtCode}`,
    range.from ? `ENTRY#${addDays(range.from, -1)}` : 'ENTRY#',
    // '~' sorts after every character an ISO time or an entry id holds
    range.to ? `ENTRY#${addDays(range.to, 1)}~` : 'ENTRY#~',
    { pageSize, consistent: false },
  );
}

/** Ledger entries of the quarter; the report then keeps exactly those whose instant is in it. */
export async function quarterLedgerEntries(
  districtCode: DistrictCode,
  year: number,
  quarter: number,
): Promise<ReportLedgerEntry[]> {
  const p = quarterPeriod(year, quarter);
  const out: ReportLedgerEntry[] = [];
  for await (const items of ledgerItemPages(districtCode, { from: p.firstDay, to: p.lastDay })) {
    for (const item of items) {
      const parsed = storedLedgerEntrySchema.safeParse(item);
      // a ledger entry that no longer reads would make every money figure wrong: fail loudly
      if (!parsed.success) {
        throw new Error(
          `ledger item ${String(item.SK)} of FUND#${districtCode} does not parse: ${parsed.error.message}`,
        );
      }
      const quotaMu4 = item.quotaMu4;
      out.push(
        typeof quotaMu4 === 'number' && Number.isSafeInteger(quotaMu4) && quotaMu4 >= 0
          ? { ...parsed.data, quotaMu4 }
          : parsed.data,
      );
    }
  }
  return out;
}

/** Registry records of the households whose cases exit in the quarter (for the areas of their land). */
export async function exitLandRecords(
  cases: readonly Case[],
  input: QuarterlyReportInput,
): Promise<LandRecords> {
  const ids = [...new Set(exitedCases(cases, input).map((c) => c.householdId))];
  const households: LandRecords['households'][number][] = [];
  for (let i = 0; i < ids.length; i += HOUSEHOLD_READS_IN_PARALLEL) {
    const batch = await Promise.all(
      ids.slice(i, i + HOUSEHOLD_READS_IN_PARALLEL).map((id) => getHousehold(id)),
    );
    for (const h of batch) if (h) households.push(h);
  }
  return { households };
}

export interface QuarterData {
  sums: QuarterSums;
  now: NowFigures;
  ledger: LedgerQuarterSums;
  projection: ProjectionView;
}

/**
 * The fund's movements of the quarter: its ledger sums (one BatchGetItem of the quarter's item and the
 * balance item, which says whether the sums hold every entry of the quarter, shared/fund/ledgerQuarter.ts), or,
 * for a quarter with entries from before the sums, its entries summed as the sums would be.
 */
export async function quarterLedger(
  district: DistrictCode,
  year: number,
  quarter: number,
): Promise<LedgerQuarterSums> {
  const p = quarterPeriod(year, quarter);
  const { sums, start } = await readLedgerQuarter(district, `${year}-Q${quarter}`);
  if (sumsComplete(start, p.startMs)) return sums;
  return sumEntries(quarterEntries(await quarterLedgerEntries(district, year, quarter), p));
}

/**
 * What the report of one district and quarter reads: the quarter's projection (counters and sums),
 * the district's figures now (one item per creation quarter) and the quarter's ledger sums.
 * None of it grows with the cases of other quarters.
 */
export async function loadQuarterData(input: QuarterlyReportInput): Promise<QuarterData> {
  const [quarter, now, ledger] = await Promise.all([
    readQuarterSums(input.district, input.year, input.quarter),
    readNowFigures(input.district),
    quarterLedger(input.district, input.year, input.quarter),
  ]);
  return { sums: quarter.sums, now, ledger, projection: quarter.projection };
}
