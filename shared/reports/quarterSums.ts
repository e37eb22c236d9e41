import type { CaseQuarterRow } from './caseRowSchema.js';
import { ACTIVITY_STATUSES } from './caseRows.js';
import { type CollectiveTotals, collectiveTotals } from './collective.js';
import { type ExitTotals, exitTotals } from './exits.js';
import { rejectionCounter } from './rejections.js';
import { type OrderedDurations, stageSeries, transitionSeries } from './stageDurations.js';

/**
 * A quarter's report as sums (issue 17): what the case rows of a quarter add up to, kept so that the
 * projection can maintain it at write time (quarterAggregate.ts: every case's row added once, its
 * earlier row taken away) and the report reads a fixed number of items, whatever the cases.
 *
 * - `counts`: named counters (activity, exits, exact areas, collective money in fen, rejections);
 * - `unknownItems`: the land items of unknown area, per case (a list, not a number), in row order;
 * - `durations`: per series (a stage or a pair of statuses) the durations in ms as a distribution:
 *   counts per whole day (`days`) and, per day, counts per exact ms (`exact`). The median and the
 *   maximum need the exact values of at most three days; the projection keeps the days' counts in one
 *   item per series and the exact values in one item per day, and the report reads those it needs.
 */

const DAY_MS = 86_400_000;

export interface Distribution {
  /** day (⌊ms ÷ 86 400 000⌋) → how many durations */
  days: Map<number, number>;
  /** day → ms → how many (all days in memory; from the table only the days the figures need) */
  exact: Map<number, Map<number, number>>;
}

export interface QuarterSums {
  counts: Map<string, number>;
  unknownItems: Map<string, string[]>;
  durations: Map<string, Distribution>;
}

export const emptySums = (): QuarterSums => ({
  counts: new Map(),
  unknownItems: new Map(),
  durations: new Map(),
});

export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

/** The counter names (stable: they are attribute names of the stored aggregate). */
export const counter = {
  created: 'created',
  reached: (s: string) => `reached#${s}`,
  exit: (name: string) => `exit#${name}`,
  collective: (row: string, field: 'count' | 'fen') => `coll#${row}#${field}`,
};

const COLLECTIVE_ROWS = ['recorded', 'contractLand', 'equity', 'confirmed', 'disputed'] as const;

/** What one row adds (sign 1) or takes away (sign -1): counters, unknown items and durations. */
export interface RowDelta {
  counts: Map<string, number>;
  caseId: string;
  unknownItems: string[];
  /** [series, ms] */
  durations: [string, number][];
}

/** What one case's row of a quarter adds to the quarter's sums. */
export function rowDelta(row: CaseQuarterRow): RowDelta {
  const counts = new Map<string, number>();
  const add = (name: string, by: number | bigint) => {
    const n = typeof by === 'bigint' ? Number(by) : by;
    if (typeof by === 'bigint' && !Number.isSafeInteger(n)) throw new Error(`${name}: ${by} is too large`);
    if (n !== 0) counts.set(name, (counts.get(name) ?? 0) + n);
  };
  if (row.created) add(counter.created, 1);
  for (const s of row.reached) add(counter.reached(s), 1);
  let unknownItems: string[] = [];
  if (row.exit) {
    const e: ExitTotals = exitTotals([row.exit]);
    unknownItems = e.unknownAreaItems;
    add(counter.exit('cases'), e.cases);
    add(counter.exit('homestead#cases'), e.homestead.cases);
    add(counter.exit('homestead#parcels'), e.homestead.parcels);
    add(counter.exit('homestead#centiM2'), e.homestead.centiM2);
    add(counter.exit('contract#cases'), e.contract.cases);
    add(counter.exit('contract#plots'), e.contract.plots);
    add(counter.exit('contract#mu4'), e.contract.mu4);
    add(counter.exit('equity#cases'), e.equity.cases);
    add(counter.exit('equity#shares'), e.equity.shares);
    add(counter.exit('registry'), e.sources.registry);
    add(counter.exit('agreementOffer'), e.sources.agreementOffer);
    add(counter.exit('unknown'), e.sources.unknown);
  }
  if (row.collective) {
    const c: CollectiveTotals = collectiveTotals([row.collective]);
    for (const name of COLLECTIVE_ROWS) {
      add(counter.collective(name, 'count'), c[name].count);
      add(counter.collective(name, 'fen'), c[name].amountFen);
    }
    add(counter.collective('redeemed', 'count'), c.redeemed.cases);
    add(counter.collective('redeemed', 'fen'), c.redeemed.shares);
  }
  for (const r of row.failedRules) add(rejectionCounter.rule(r), 1);
  for (const r of row.rightsViolations) add(rejectionCounter.right(r), 1);
  for (const [stage, reason] of row.reasons) add(rejectionCounter.reason(stage, reason), 1);
  const durations: [string, number][] = [];
  for (const [stage, spans] of Object.entries(row.spans)) {
    for (const ms of spans) durations.push([stageSeries(stage), ms]);
  }
  for (const [from, to, ms] of row.transitions) durations.push([transitionSeries(from, to), ms]);
  return { counts, caseId: row.caseId, unknownItems, durations };
}

const bump = <K>(m: Map<K, number>, k: K, by: number) => {
  const n = (m.get(k) ?? 0) + by;
  if (n === 0) m.delete(k);
  else m.set(k, n);
};

/** Adds (sign 1) or takes away (sign -1) one row, in memory. */
export function addRow(sums: QuarterSums, row: CaseQuarterRow, sign: 1 | -1 = 1): void {
  const d = rowDelta(row);
  for (const [name, by] of d.counts) bump(sums.counts, name, sign * by);
  if (sign < 0) sums.unknownItems.delete(d.caseId);
  else if (d.unknownItems.length > 0) sums.unknownItems.set(d.caseId, d.unknownItems);
  for (const [series, ms] of d.durations) {
    const dist = sums.durations.get(series) ?? { days: new Map(), exact: new Map() };
    const day = dayOf(ms);
    bump(dist.days, day, sign);
    const exact = dist.exact.get(day) ?? new Map<number, number>();
    bump(exact, ms, sign);
    dist.exact.set(day, exact);
    sums.durations.set(series, dist);
  }
}

export function sumsOfRows(rows: readonly CaseQuarterRow[]): QuarterSums {
  const sums = emptySums();
  for (const row of rows) addRow(sums, row);
  return sums;
}

const positiveDays = (d: Distribution) => [...d.days].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);

const sizeOf = (d: Distribution) => positiveDays(d).reduce((a, [, n]) => a + n, 0);

/** The days whose exact values the median and the maximum of the distribution need. */
export function neededDays(d: Distribution): number[] {
  const n = sizeOf(d);
  if (n === 0) return [];
  const mid = Math.floor(n / 2);
  const positions = n % 2 === 1 ? [mid, n - 1] : [mid - 1, mid, n - 1];
  const out = new Set<number>();
  for (const k of positions) out.add(locate(d, k).day);
  return [...out];
}

function locate(d: Distribution, k: number): { day: number; index: number } {
  let left = k;
  for (const [day, n] of positiveDays(d)) {
    if (left < n) return { day, index: left };
    left -= n;
  }
  throw new Error(`no duration at position ${k}`);
}

/** The distribution's durations by their order statistics (the days read must hold those needed). */
export function ordered(d: Distribution): OrderedDurations {
  return {
    count: sizeOf(d),
    at(k) {
      const { day, index } = locate(d, k);
      const exact = [...(d.exact.get(day) ?? [])].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
      let left = index;
      for (const [ms, n] of exact) {
        if (left < n) return ms;
        left -= n;
      }
      throw new Error(`the exact durations of day ${day} do not hold position ${k}`);
    },
  };
}

const num = (sums: QuarterSums, name: string) => sums.counts.get(name) ?? 0;

/** The exit totals of the sums (exits.ts prints them), unknown items in row order. */
export function exitTotalsOfSums(sums: QuarterSums): ExitTotals {
  const e = (name: string) => num(sums, counter.exit(name));
  return {
    cases: e('cases'),
    homestead: {
      cases: e('homestead#cases'),
      parcels: e('homestead#parcels'),
      centiM2: BigInt(e('homestead#centiM2')),
    },
    contract: { cases: e('contract#cases'), plots: e('contract#plots'), mu4: BigInt(e('contract#mu4')) },
    equity: { cases: e('equity#cases'), shares: e('equity#shares') },
    sources: { registry: e('registry'), agreementOffer: e('agreementOffer'), unknown: e('unknown') },
    unknownAreaItems: [...sums.unknownItems.values()].flat(),
  };
}

export function collectiveTotalsOfSums(sums: QuarterSums): CollectiveTotals {
  const row = (name: string) => ({
    count: num(sums, counter.collective(name, 'count')),
    amountFen: num(sums, counter.collective(name, 'fen')),
  });
  const redeemed = row('redeemed');
  return {
    recorded: row('recorded'),
    contractLand: row('contractLand'),
    equity: row('equity'),
    confirmed: row('confirmed'),
    disputed: row('disputed'),
    redeemed: { cases: redeemed.count, shares: redeemed.amountFen },
  };
}

/** Distinct cases per status reached in the quarter, and created in it. */
export function activityOfSums(sums: QuarterSums): Map<string, number> {
  const activity = new Map<string, number>();
  activity.set('created', num(sums, counter.created));
  for (const s of ACTIVITY_STATUSES) activity.set(s, num(sums, counter.reached(s)));
  return activity;
}

export function durationsOfSums(sums: QuarterSums): Map<string, OrderedDurations> {
  return new Map([...sums.durations].map(([series, d]) => [series, ordered(d)]));
}
