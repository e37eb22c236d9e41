import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { TransactItem } from '../adapters/table/dynamo.js';
import type { Case } from '../domain/model/case.js';
import { type CaseNow, type CaseQuarterRow, caseNowSchema, caseQuarterRowSchema } from './caseRowSchema.js';
import { caseNow, caseQuarterRows } from './caseRows.js';
import type { LandRecord } from './exits.js';
import { type AggregateDeltas, addRowDeltas } from './quarterAggregate.js';

/**
 * The items of the projection that follow the cases (beside the event counters of projectionStore.ts):
 *
 * - `REPORT#{district}` / `{year}-Q{quarter}#CASE#{caseId}`: the case's row of that quarter (caseRows.ts),
 *   in the partition of the quarter's counters, so one Query reads a quarter: its counters and its rows;
 * - `REPORT#{district}` / `NOW#{year}-Q{quarter}`: counters of the district's cases now, by the quarter
 *   they were created in (`status#{s}`, `type#{t}`, `outstanding`, `outstandingFen`);
 * - `REPORT_CASE#{caseId}` / `STATE`: what the projection holds of the case (the version it was computed
 *   from, its part now, a hash of each row), so that a later version writes only the rows that changed
 *   and moves the counters now by the difference.
 *
 * Every write of a case is one unit, applied atomically and only if the state item is still the one read
 * (`version` equal, or absent): rows and counters are functions of the case as stored, so a version
 * computed twice (an event redelivered, a rebuild) or an older version read late writes nothing.
 */

export const caseProjectionKeys = {
  row: (district: string, quarter: string, caseId: string) => ({
    PK: `REPORT#${district}`,
    SK: `${quarter}#CASE#${caseId}`,
  }),
  now: (district: string, createdQuarter: string) => ({
    PK: `REPORT#${district}`,
    SK: `NOW#${createdQuarter}`,
  }),
  state: (caseId: string) => ({ PK: `REPORT_CASE#${caseId}`, SK: 'STATE' }),
};

export const caseStateSchema = z.object({
  caseId: z.string().min(1),
  district: z.string().min(1),
  version: z.number().int().nonnegative(),
  now: caseNowSchema.optional(),
  /** quarter → hash of its row as written */
  rows: z.record(z.string(), z.string()),
  /**
   * quarter → the row the case added to that quarter's sums (quarterAggregate.ts). Absent: a state
   * written before the sums existed, whose rows are in no sum yet (the next write or the rebuild adds them).
   */
  parts: z.record(z.string(), caseQuarterRowSchema).optional(),
});
export type CaseState = z.infer<typeof caseStateSchema>;

/** The stored counter names of the items NOW#…: one top-level number each, so that ADD creates them. */
export const nowCounter = {
  status: (s: string) => `status#${s}`,
  type: (t: string) => `type#${t}`,
  outstanding: 'outstanding',
  outstandingFen: 'outstandingFen',
} as const;

/** NOW item key `PK SK` → counter → amount to ADD. */
export type NowDeltas = Map<string, { key: { PK: string; SK: string }; adds: Record<string, number> }>;

export interface CaseUnit {
  caseId: string;
  /** row puts and the state put, conditional on the state read */
  items: TransactItem[];
  nowDeltas: NowDeltas;
  /** the quarters' sums: the old rows taken away, the new ones added */
  aggregateDeltas: AggregateDeltas;
}

function addNowDelta(deltas: NowDeltas, district: string, now: CaseNow, sign: 1 | -1): void {
  const key = caseProjectionKeys.now(district, now.createdQuarter);
  const id = `${key.PK} ${key.SK}`;
  const entry = deltas.get(id) ?? { key, adds: {} };
  const add = (name: string, by: number) => {
    entry.adds[name] = (entry.adds[name] ?? 0) + by;
  };
  add(nowCounter.status(now.status), sign);
  add(nowCounter.type(now.type), sign);
  add(nowCounter.outstanding, sign * now.outstanding.count);
  add(nowCounter.outstandingFen, sign * now.outstanding.amountFen);
  deltas.set(id, entry);
}

/** Merges b into a (one ADD per NOW item: a transaction may touch an item once). */
export function mergeNowDeltas(a: NowDeltas, b: NowDeltas): void {
  for (const [id, entry] of b) {
    const into = a.get(id) ?? { key: entry.key, adds: {} };
    for (const [name, by] of Object.entries(entry.adds)) into.adds[name] = (into.adds[name] ?? 0) + by;
    a.set(id, into);
  }
}

/** The update of one NOW item, or undefined when every difference is zero. */
export function nowUpdate(
  TableName: string,
  entry: { key: { PK: string; SK: string }; adds: Record<string, number> },
): TransactItem | undefined {
  const adds = Object.entries(entry.adds).filter(([, by]) => by !== 0);
  if (adds.length === 0) return undefined;
  const names: Record<string, string> = { '#itemType': 'itemType' };
  const values: Record<string, unknown> = { ':itemType': 'report_now' };
  const parts = adds.map(([name, by], i) => {
    names[`#n${i}`] = name;
    values[`:n${i}`] = by;
    return `#n${i} :n${i}`;
  });
  return {
    Update: {
      TableName,
      Key: entry.key,
      UpdateExpression: `SET #itemType = :itemType ADD ${parts.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

const rowHash = (row: CaseQuarterRow) => {
  const { version: _version, ...content } = row;
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
};

/**
 * What the projection must write for the case as read (with its whole timeline), given the state item
 * read with it; undefined when the state is already at this version or a later one.
 */
export function caseUnit(
  TableName: string,
  c: Case,
  household: LandRecord | undefined,
  state: CaseState | undefined,
): CaseUnit | undefined {
  // a state without `parts` (written before the sums) is brought in at its own version too, once
  if (state && (state.version > c.version || (state.version === c.version && state.parts))) return undefined;
  const rows = caseQuarterRows(c, household);
  const now = caseNow(c);
  const items: TransactItem[] = [];
  const hashes: Record<string, string> = {};
  for (const [quarter, row] of rows) {
    const hash = rowHash(row);
    hashes[quarter] = hash;
    if (state?.rows[quarter] === hash) continue;
    items.push({
      Put: {
        TableName,
        Item: {
          ...caseProjectionKeys.row(c.districtCode, quarter, c.caseId),
          itemType: 'report_case_row',
          row,
        },
      },
    });
  }
  // a quarter the case no longer adds to: its row is emptied (the table's roles have no DeleteItem here)
  for (const quarter of Object.keys(state?.rows ?? {})) {
    if (rows.has(quarter) || !state) continue;
    items.push({
      Put: {
        TableName,
        Item: {
          ...caseProjectionKeys.row(state.district, quarter, c.caseId),
          itemType: 'report_case_row',
          removed: true,
        },
      },
    });
  }
  // the sums: a quarter whose row changed loses the old row (if the sums had it) and gains the new one
  const aggregateDeltas: AggregateDeltas = new Map();
  const old = state?.parts ?? {};
  for (const quarter of new Set([...Object.keys(old), ...rows.keys()])) {
    const before = old[quarter];
    const after = rows.get(quarter);
    if (before && after && state?.rows[quarter] === hashes[quarter]) continue;
    if (before && state) addRowDeltas(aggregateDeltas, state.district, quarter, before, -1);
    if (after) addRowDeltas(aggregateDeltas, c.districtCode, quarter, after, 1);
  }
  const nowDeltas: NowDeltas = new Map();
  if (state?.now) addNowDelta(nowDeltas, state.district, state.now, -1);
  if (now) addNowDelta(nowDeltas, c.districtCode, now, 1);
  const next: CaseState = {
    caseId: c.caseId,
    district: c.districtCode,
    version: c.version,
    ...(now ? { now } : {}),
    rows: hashes,
    parts: Object.fromEntries(rows),
  };
  items.push({
    Put: {
      TableName,
      Item: { ...caseProjectionKeys.state(c.caseId), itemType: 'report_case_state', ...next },
      ...(state
        ? {
            ConditionExpression: state.parts
              ? '#version = :version AND attribute_exists(#parts)'
              : '#version = :version AND attribute_not_exists(#parts)',
            ExpressionAttributeNames: { '#version': 'version', '#parts': 'parts' },
            ExpressionAttributeValues: { ':version': state.version },
          }
        : { ConditionExpression: 'attribute_not_exists(PK)' }),
    },
  });
  return { caseId: c.caseId, items, nowDeltas, aggregateDeltas };
}

/** The state item as stored (undefined: none yet); one that does not read is a bug, not a guess. */
export function parseCaseState(item: Record<string, unknown> | undefined): CaseState | undefined {
  if (!item) return undefined;
  const parsed = caseStateSchema.safeParse(item);
  if (!parsed.success) {
    throw new Error(`projection state ${String(item.PK)} does not parse: ${parsed.error.message}`);
  }
  return parsed.data;
}
