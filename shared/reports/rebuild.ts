import { allCases } from '../adapters/table/caseRepository.js';
import type { DistrictCode } from '../domain/model/common.js';
import { applyBatch } from './projectionBatch.js';

/**
 * The projection's rows, quarter sums and figures now rebuilt from the cases of a district (a case's
 * part is a function of the case as stored, caseRows.ts): each case is read again and written as the
 * consumer writes it when one of its events arrives (its rows, and in the same transaction the
 * quarters' sums by the difference: quarterAggregate.ts), so the rebuild and the consumer can run at
 * the same time and a second run writes nothing (the state item is already at the case's version and
 * holds the rows it added). A state written before the sums existed is brought in once: its rows are
 * added to the sums. The event
 * counters (`{year}-Q{quarter}` items) are not touched: they come from the events (docs/reports.md).
 */
const CASES_PER_BATCH = 25;

export async function rebuildDistrictProjection(
  district: DistrictCode,
  onProgress?: (done: number, total: number) => void,
): Promise<{ cases: number }> {
  const ids = (await allCases({ index: 'ByDistrict', districtCode: district })).map(
    (c) => [c.caseId, c.householdId] as const,
  );
  for (let i = 0; i < ids.length; i += CASES_PER_BATCH) {
    await applyBatch([], ids.slice(i, i + CASES_PER_BATCH));
    onProgress?.(Math.min(i + CASES_PER_BATCH, ids.length), ids.length);
  }
  return { cases: ids.length };
}
