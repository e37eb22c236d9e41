import type { TransactItem } from '../adapters/table/dynamo.js';
import type { CaseQuarterRow } from './caseRowSchema.js';
import { dayOf, rowDelta } from './quarterSums.js';

/**
 * The quarter's sums as stored (issue 17): the projection keeps, beside each case's row of a quarter,
 * what all the rows of the district and quarter add up to, so the report reads a fixed number of items:
 *
 * - `REPORT#{district}` / `{year}-Q{quarter}#AGG#SUM`: the counters of quarterSums.ts (`c#{name}`) and
 *   the land items of unknown area per case (`u#{caseId}`, a list);
 * - `REPORT#{district}` / `{year}-Q{quarter}#AGG#DUR#{series}`: per stage or pair of statuses, how many
 *   durations fell on each whole day (`d#{day}`);
 * - `REPORT#{district}` / `{year}-Q{quarter}#DAY#{series}#{day}`: the exact durations of that series and
 *   day (`m#{ms}` → how many); the report reads only the days of the medians and maxima. One item per
 *   series: the automatic moves (submitted → eligibility → village review) all fall on day 0, and a
 *   busy quarter's thousands of them in one item for every series would near DynamoDB's 400 KB.
 *
 * The `AGG#` items sort between the quarter's counters (`{year}-Q{quarter}`) and its case rows
 * (`…#CASE#…`): one Query of `{year}-Q{quarter}` … `{year}-Q{quarter}#AGG#~` reads the counters and the
 * sums, never a row. A case's row enters the sums once: the state item `REPORT_CASE#{caseId}` keeps the
 * rows it added (caseProjectionItems.ts), a new version takes the old row away and adds the new one in
 * the transaction that writes the row and moves the state on (conditional on the state read), so a
 * redelivered event or a rebuild adds nothing twice. Every update is an ADD (or a SET/REMOVE of one
 * case's own attribute): concurrent cases of one quarter commute.
 */

export const aggregateKeys = {
  sum: (district: string, quarter: string) => ({ PK: `REPORT#${district}`, SK: `${quarter}#AGG#SUM` }),
  series: (district: string, quarter: string, series: string) => ({
    PK: `REPORT#${district}`,
    SK: `${quarter}#AGG#DUR#${series}`,
  }),
  day: (district: string, quarter: string, series: string, day: number) => ({
    PK: `REPORT#${district}`,
    SK: `${quarter}#DAY#${series}#${day}`,
  }),
};

/** The stored attribute names. */
export const aggregateAttribute = {
  count: (name: string) => `c#${name}`,
  unknown: (caseId: string) => `u#${caseId}`,
  day: (day: number) => `d#${day}`,
  exact: (ms: number) => `m#${ms}`,
};

export interface AggregateDelta {
  key: { PK: string; SK: string };
  itemType: string;
  adds: Record<string, number>;
  sets: Record<string, unknown>;
  removes: Set<string>;
}

/** Aggregate item `PK SK` → what to change in it. */
export type AggregateDeltas = Map<string, AggregateDelta>;

function entry(deltas: AggregateDeltas, key: { PK: string; SK: string }, itemType: string): AggregateDelta {
  const id = `${key.PK} ${key.SK}`;
  const found = deltas.get(id);
  if (found) return found;
  const created = { key, itemType, adds: {}, sets: {}, removes: new Set<string>() };
  deltas.set(id, created);
  return created;
}

const add = (e: AggregateDelta, name: string, by: number) => {
  e.adds[name] = (e.adds[name] ?? 0) + by;
};

/**
 * What adding (sign 1) or taking away (sign -1) one case's row of a quarter changes in the aggregate.
 * Take the old row away before adding the new one: a case's unknown items are removed, then set again.
 */
export function addRowDeltas(
  deltas: AggregateDeltas,
  district: string,
  quarter: string,
  row: CaseQuarterRow,
  sign: 1 | -1,
): void {
  const d = rowDelta(row);
  const sum = entry(deltas, aggregateKeys.sum(district, quarter), 'report_sum');
  for (const [name, by] of d.counts) add(sum, aggregateAttribute.count(name), sign * by);
  const unknown = aggregateAttribute.unknown(d.caseId);
  if (sign < 0) {
    sum.removes.add(unknown);
    delete sum.sets[unknown];
  } else if (d.unknownItems.length > 0) {
    sum.removes.delete(unknown);
    sum.sets[unknown] = d.unknownItems;
  }
  for (const [series, ms] of d.durations) {
    const day = dayOf(ms);
    add(
      entry(deltas, aggregateKeys.series(district, quarter, series), 'report_durations'),
      aggregateAttribute.day(day),
      sign,
    );
    add(
      entry(deltas, aggregateKeys.day(district, quarter, series, day), 'report_day'),
      aggregateAttribute.exact(ms),
      sign,
    );
  }
}

/** Merges b into a (one update per aggregate item: a transaction may touch an item once). */
export function mergeAggregateDeltas(a: AggregateDeltas, b: AggregateDeltas): void {
  for (const [id, e] of b) {
    const into = a.get(id);
    if (!into) {
      a.set(id, { ...e, adds: { ...e.adds }, sets: { ...e.sets }, removes: new Set(e.removes) });
      continue;
    }
    for (const [name, by] of Object.entries(e.adds)) add(into, name, by);
    // the attributes a case sets or removes are its own: two cases never name the same one
    for (const name of e.removes) {
      into.removes.add(name);
      delete into.sets[name];
    }
    for (const [name, v] of Object.entries(e.sets)) {
      into.removes.delete(name);
      into.sets[name] = v;
    }
  }
}

/** The update of one aggregate item, or undefined when nothing changes. */
export function aggregateUpdate(TableName: string, e: AggregateDelta): TransactItem | undefined {
  const adds = Object.entries(e.adds).filter(([, by]) => by !== 0);
  const sets = Object.entries(e.sets);
  if (adds.length === 0 && sets.length === 0 && e.removes.size === 0) return undefined;
  const names: Record<string, string> = { '#itemType': 'itemType' };
  const values: Record<string, unknown> = { ':itemType': e.itemType };
  const setParts = ['#itemType = :itemType'];
  sets.forEach(([name, v], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = v;
    setParts.push(`#s${i} = :s${i}`);
  });
  const addParts = adds.map(([name, by], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = by;
    return `#a${i} :a${i}`;
  });
  const removeParts = [...e.removes].map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const expression = [
    `SET ${setParts.join(', ')}`,
    ...(addParts.length ? [`ADD ${addParts.join(', ')}`] : []),
    ...(removeParts.length ? [`REMOVE ${removeParts.join(', ')}`] : []),
  ].join(' ');
  return {
    Update: {
      TableName,
      Key: e.key,
      UpdateExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
