import { keyRangePages } from '../adapters/table/dynamo.js';
import { type CaseType, caseTypeSchema } from '../domain/model/application.js';
import type { DistrictCode } from '../domain/model/common.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/model/status.js';
import { nowCounter } from './caseProjectionItems.js';
import { type CaseQuarterRow, caseQuarterRowSchema } from './caseRowSchema.js';
import { quarterKey } from './caseRows.js';
import { type ProjectionView, projectionView } from './projection.js';
import { projectionKeys } from './projectionStore.js';
import { emptyNowSums, type NowFigures } from './quarterly.js';

/**
 * What a quarterly report reads of the projection: one Query of the quarter's partition range (its
 * counters and the rows of the cases that did something in it, page by page: O(activity of the quarter))
 * and one Query of the district's counters now (one item per quarter cases were created in: O(quarters),
 * never O(cases)).
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

/** The quarter's event counters and its case rows (by case id). */
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
  // '~' sorts after every character of a case id
  for await (const items of pages(district, key, `${key}#CASE#~`, pageSize)) {
    for (const item of items) {
      if (item.SK === counterSk) {
        counters = item;
        continue;
      }
      if (item.removed === true) continue;
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
