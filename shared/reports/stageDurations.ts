import { divRoundHalfUp } from '../domain/decimal.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/model/status.js';
import type { QuarterPeriod } from '../domain/period.js';
import { type Arrival, inQuarter } from './arrivals.js';
import { STATUS_LABELS } from './labels.js';
import type { DurationRow, QuarterlyReport } from './quarterlyTypes.js';

const DAY_MS = 86_400_000n;

export interface StageDefinition {
  stage: string;
  from: CaseStatus[];
  to: CaseStatus;
  zh: string;
  en: string;
}

/** The stages whose durations the report gives, from the latest arrival at `from` to the arrival at `to`. */
export const STAGES: readonly StageDefinition[] = [
  {
    stage: 'eligibility',
    from: ['submitted', 'resubmitted'],
    to: 'village_review',
    zh: '提交至村集体审核（资格审查）',
    en: 'submission to village review (eligibility check)',
  },
  {
    stage: 'village_review',
    from: ['village_review'],
    to: 'public_notice',
    zh: '村集体审核至公示',
    en: 'village review to public notice',
  },
  {
    stage: 'public_notice',
    from: ['public_notice'],
    to: 'offers',
    zh: '公示至补偿方案',
    en: 'public notice to offers',
  },
  {
    stage: 'choice',
    from: ['offers'],
    to: 'agreement_signed',
    zh: '补偿方案至签订协议',
    en: 'offers to signed agreement',
  },
  {
    stage: 'payment',
    from: ['agreement_signed'],
    to: 'disbursed',
    zh: '签订协议至拨付',
    en: 'agreement to disbursement',
  },
  { stage: 'reserve', from: ['disbursed'], to: 'reserved', zh: '拨付至收储', en: 'disbursement to reserve' },
  { stage: 'closing', from: ['reserved'], to: 'closed', zh: '收储至结案', en: 'reserve to closing' },
  {
    stage: 'end_to_end',
    from: ['submitted'],
    to: 'disbursed',
    zh: '提交至拨付（全程）',
    en: 'submission to disbursement (whole case)',
  },
];

/** Days with 2 decimals, rounded half-up, from an exact numerator of milliseconds over a divisor. */
function days(numeratorMs: bigint, divisor = 1n): number {
  return Number(divRoundHalfUp(numeratorMs * 100n, DAY_MS * divisor)) / 100;
}

/** Count, median and maximum of durations, in days with 2 decimals rounded half-up. */
export function durationStats(durationsMs: readonly number[]): {
  count: number;
  medianDays: number | null;
  maxDays: number | null;
} {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return statsFromOrder(sorted.length, (k) => sorted[k] ?? 0);
}

/**
 * Count, median and maximum of `n` durations given by their order statistics (`at(k)`: the k-th smallest,
 * 0-based): the median of an even count is the exact mean of the two middle values, rounded once.
 */
export function statsFromOrder(
  n: number,
  at: (k: number) => number,
): { count: number; medianDays: number | null; maxDays: number | null } {
  if (n === 0) return { count: 0, medianDays: null, maxDays: null };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? days(BigInt(at(mid))) : days(BigInt(at(mid - 1)) + BigInt(at(mid)), 2n);
  return { count: n, medianDays: median, maxDays: days(BigInt(at(n - 1))) };
}

function stageSpans(list: readonly Arrival[], def: StageDefinition, p: QuarterPeriod): number[] {
  const out: number[] = [];
  let from: number | undefined;
  for (const a of list) {
    if (a.status === def.to) {
      if (from !== undefined && inQuarter(a.ms, p)) out.push(Math.max(0, a.ms - from));
      from = undefined;
    }
    // after the `to` check: a status that is both end and start (none today) starts a new span
    if (def.from.includes(a.status)) from = a.ms;
  }
  return out;
}

const statusOrder = (s: CaseStatus) => CASE_STATUSES.indexOf(s);

/** One case's durations of the stages it finished in the quarter, by stage (stages with none left out). */
export function caseStageSpans(list: readonly Arrival[], p: QuarterPeriod): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const def of STAGES) {
    const spans = stageSpans(list, def, p);
    if (spans.length > 0) out[def.stage] = spans;
  }
  return out;
}

/** One case's pairs of consecutive statuses whose second it reached in the quarter, and the time in the first. */
export function caseTransitions(
  list: readonly Arrival[],
  p: QuarterPeriod,
): [from: CaseStatus, to: CaseStatus, ms: number][] {
  const out: [CaseStatus, CaseStatus, number][] = [];
  for (let i = 1; i < list.length; i += 1) {
    const prev = list[i - 1];
    const next = list[i];
    if (!prev || !next || !inQuarter(next.ms, p)) continue;
    out.push([prev.status, next.status, Math.max(0, next.ms - prev.ms)]);
  }
  return out;
}

/** The series a duration is kept under: a stage of STAGES, or a pair of consecutive statuses. */
export const stageSeries = (stage: string) => `s:${stage}`;
export const transitionSeries = (from: CaseStatus, to: CaseStatus) => `t:${from}>${to}`;

/** Durations of one series by their order statistics (quarterSums.ts keeps them as distributions). */
export interface OrderedDurations {
  count: number;
  at(k: number): number;
}

/**
 * How long the stages took for the cases that finished one in the quarter (STAGES), and every pair of
 * consecutive statuses reached in the quarter (time spent in the first), in life-cycle order, from the
 * durations of each series (stageSeries, transitionSeries); a series with no duration is left out.
 */
export function durationFigures(
  series: ReadonlyMap<string, OrderedDurations>,
): Pick<QuarterlyReport, 'stageDurations' | 'transitions'> {
  const stats = (d: OrderedDurations | undefined) =>
    d ? statsFromOrder(d.count, (k) => d.at(k)) : statsFromOrder(0, () => 0);
  const stageDurations: DurationRow[] = STAGES.map((def) => ({
    stage: def.stage,
    from: [...def.from],
    to: def.to,
    labelZh: def.zh,
    labelEn: def.en,
    ...stats(series.get(stageSeries(def.stage))),
  }));
  const pairs: { from: CaseStatus; to: CaseStatus; d: OrderedDurations }[] = [];
  for (const [name, d] of series) {
    if (!name.startsWith('t:') || d.count === 0) continue;
    const [from, to] = name.slice(2).split('>') as [CaseStatus, CaseStatus];
    pairs.push({ from, to, d });
  }
  const transitions = pairs
    .sort((a, b) => statusOrder(a.from) - statusOrder(b.from) || statusOrder(a.to) - statusOrder(b.to))
    .map((pair) => ({
      from: [pair.from],
      to: pair.to,
      labelZh: `${STATUS_LABELS[pair.from].zh} → ${STATUS_LABELS[pair.to].zh}`,
      labelEn: `${STATUS_LABELS[pair.from].en} → ${STATUS_LABELS[pair.to].en}`,
      ...stats(pair.d),
    }));
  return { stageDurations, transitions };
}
