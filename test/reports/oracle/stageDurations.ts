// The quarterly report as it was computed before issue 17 (every case of the district in memory), kept
// unchanged as the oracle the projection is compared with (test/reports/projectionRows.test.ts). Not product code.
import { divRoundHalfUp } from '../../../shared/domain/decimal.js';
import type { Case } from '../../../shared/domain/model/case.js';
import { CASE_STATUSES, type CaseStatus } from '../../../shared/domain/model/status.js';
import type { QuarterPeriod } from '../../../shared/domain/period.js';
import { type Arrival, inQuarter } from '../../../shared/reports/arrivals.js';
import { STATUS_LABELS } from '../../../shared/reports/labels.js';
import type { DurationRow, QuarterlyReport } from '../../../shared/reports/quarterlyTypes.js';

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
  const n = sorted.length;
  if (n === 0) return { count: 0, medianDays: null, maxDays: null };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1
      ? days(BigInt(sorted[mid] ?? 0))
      : days(BigInt(sorted[mid - 1] ?? 0) + BigInt(sorted[mid] ?? 0), 2n);
  return { count: n, medianDays: median, maxDays: days(BigInt(sorted[n - 1] ?? 0)) };
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

/**
 * How long the stages took for the cases that finished one in the quarter (STAGES), and every pair of
 * consecutive statuses reached in the quarter (time spent in the first), in life-cycle order.
 */
export function durationFigures(
  cases: readonly Case[],
  arrivalsOf: (c: Case) => readonly Arrival[],
  p: QuarterPeriod,
): Pick<QuarterlyReport, 'stageDurations' | 'transitions'> {
  const stageDurations: DurationRow[] = STAGES.map((def) => ({
    stage: def.stage,
    from: [...def.from],
    to: def.to,
    labelZh: def.zh,
    labelEn: def.en,
    ...durationStats(cases.flatMap((c) => stageSpans(arrivalsOf(c), def, p))),
  }));
  const pairs = new Map<string, { from: CaseStatus; to: CaseStatus; ms: number[] }>();
  for (const c of cases) {
    const list = arrivalsOf(c);
    for (let i = 1; i < list.length; i += 1) {
      const prev = list[i - 1];
      const next = list[i];
      if (!prev || !next || !inQuarter(next.ms, p)) continue;
      const key = `${prev.status}>${next.status}`;
      const pair = pairs.get(key) ?? { from: prev.status, to: next.status, ms: [] };
      pair.ms.push(Math.max(0, next.ms - prev.ms));
      pairs.set(key, pair);
    }
  }
  const transitions = [...pairs.values()]
    .sort((a, b) => statusOrder(a.from) - statusOrder(b.from) || statusOrder(a.to) - statusOrder(b.to))
    .map((pair) => ({
      from: [pair.from],
      to: pair.to,
      labelZh: `${STATUS_LABELS[pair.from].zh} → ${STATUS_LABELS[pair.to].zh}`,
      labelEn: `${STATUS_LABELS[pair.from].en} → ${STATUS_LABELS[pair.to].en}`,
      ...durationStats(pair.ms),
    }));
  return { stageDurations, transitions };
}
