import { decimalText } from '../domain/compensation/format.js';
import { divRoundHalfUp, fenToNumber, toScaled } from '../domain/decimal.js';
import { type CaseType, caseTypeSchema } from '../domain/model/application.js';
import type { Case } from '../domain/model/case.js';
import { DISTRICTS, type DistrictCode } from '../domain/model/common.js';
import type { RuleId } from '../domain/model/finding.js';
import type { Household } from '../domain/model/household.js';
import { cashEffectFen, type LedgerEntry } from '../domain/model/ledger.js';
import { RIGHT_LABELS, type RightName } from '../domain/model/rights.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/model/status.js';
import {
  CASE_TYPE_LABELS,
  REVIEW_STAGE_LABELS,
  RULE_LABELS,
  type SOURCE_LABELS,
  STATUS_LABELS,
} from './labels.js';
import { inPeriod, type QuarterPeriod, quarterLabel, quarterPeriod } from './period.js';

/**
 * Quarterly monitoring report of one district (四(四) 季度报告): a pure function of the district's cases,
 * the fund ledger entries of the quarter and the registry records of the land that left households.
 *
 * Definitions (each one is what an auditor would otherwise have to guess):
 * - The quarter is a UTC calendar quarter; every instant is compared as an instant, offsets included.
 * - "Cases by status / by type": the status each case has now, for cases created before the quarter
 *   ended (a report re-run later shows where those cases stand then).
 * - "Activity": distinct cases that arrived at a status during the quarter, read from the timeline
 *   (an entry whose status differs from the one before it; same-status entries are notes).
 * - "Exited": a case exits in the quarter in which it FIRST reaches disbursed, reserved or closed, so a
 *   case paid in Q1 and reserved in Q2 counts once, in Q1. Its parcels (homestead) or plots (contract
 *   land) are those the agreement lists as surrendered (else those the application names).
 * - Areas: from the registry records passed in `reserve`; when the registry no longer holds an item,
 *   from the priced lines of the signed offer (the area the household was paid for). An item found in
 *   neither is listed in `exits.unknownAreaItems` and adds nothing, never a guess.
 * - Quota (节余建设用地指标): homestead area exited ÷ 666.67 m²/mu. Only homestead land is construction
 *   land; contract land is farmland and produces no quota. Exact: areas are summed in 0.01 m² as
 *   bigint, 666.67 m² = 66 667 centi-m², and mu = centi-m² × 10 000 ÷ 66 667 rounded half-up once, to 4
 *   decimals (四舍五入), on the quarter's total. Quota sold is the sum of `quotaMu4` (1/10 000 mu) that
 *   the fund records on the quarter's quota-sale replenishments.
 * - Money: ledger entries dated in the quarter, integer fen. A reversal is attributed to the account it
 *   moves money back to or from (advances, quota_sales, appropriations), so net figures need no lookup
 *   of the reversed entry, which may lie in an earlier quarter.
 * - Stage durations: a stage A→B is measured when a case arrives at B during the quarter, from its
 *   latest arrival at A with no arrival at B in between (a case that loops back is measured on its last
 *   round). `transitions` lists every pair of consecutive statuses the same way (time spent in A).
 *   Days are exact milliseconds ÷ 86 400 000, median and max rounded half-up to 2 decimals.
 * - Rejection reasons: failed rule ids of cases that became ineligible in the quarter (their stored,
 *   latest assessment), violated rights of cases blocked by the rights check, and the reasons given by
 *   village reviews and fund decisions that rejected in the quarter, each counted once per case/decision.
 */

export interface QuarterlyReportInput {
  year: number;
  quarter: number;
  district: DistrictCode;
  /** when the report was produced; shown, never used in a figure */
  generatedAt?: string;
}

/**
 * A ledger entry as the fund stores it: quota sales also record the quota sold, in 1/10 000 mu
 * (shared/fund/ledger.ts `quotaMu4`).
 */
export type ReportLedgerEntry = LedgerEntry & { quotaMu4?: number };

/** Registry records of the households whose land left them: the areas of their parcels and plots. */
export interface LandRecords {
  households: readonly Pick<Household, 'householdId' | 'homesteads' | 'contractPlots'>[];
}

export interface CountRow {
  key: string;
  labelZh: string;
  labelEn: string;
  count: number;
}

export interface DurationRow {
  stage: string;
  from: CaseStatus[];
  to: CaseStatus;
  labelZh: string;
  labelEn: string;
  count: number;
  /** null when nothing was measured in the quarter */
  medianDays: number | null;
  maxDays: number | null;
}

export interface ReasonRow {
  stage: keyof typeof REVIEW_STAGE_LABELS;
  stageZh: string;
  stageEn: string;
  reason: string;
  count: number;
}

export interface MoneyRow {
  count: number;
  amountFen: number;
}

export interface QuarterlyReport {
  reportType: 'quarterly_monitoring';
  district: { code: DistrictCode; zh: string; en: string };
  year: number;
  quarter: number;
  period: {
    start: string;
    /** exclusive */
    end: string;
    firstDay: string;
    lastDay: string;
    labelZh: string;
    labelEn: string;
  };
  generatedAt: string | null;
  cases: {
    createdByQuarterEnd: number;
    byStatus: CountRow[];
    byType: CountRow[];
  };
  activity: CountRow[];
  exits: {
    cases: number;
    homestead: { cases: number; parcels: number; areaCentiM2: number; areaM2: string };
    contractLand: { cases: number; plots: number; areaMu: string };
    areaSources: { registry: number; agreementOffer: number; unknown: number };
    /** `caseId/parcelOrPlotId` of items whose area neither source holds */
    unknownAreaItems: string[];
  };
  quota: {
    /** produced: homestead area exited in the quarter, in mu */
    mu: string;
    /** sold: Σ quota recorded on the quarter's quota-sale replenishments, in mu */
    soldMu: string;
    basisZh: string;
    basisEn: string;
  };
  fund: {
    advanced: MoneyRow;
    replenished: MoneyRow & {
      bySource: Record<keyof typeof SOURCE_LABELS, MoneyRow>;
    };
    reversals: MoneyRow & {
      byAccount: { advances: MoneyRow; quota_sales: MoneyRow; appropriations: MoneyRow };
    };
    netAdvancedFen: number;
    netReplenishedFen: number;
    /** Σ effect of every entry of the quarter on the fund's cash: in − out */
    netCashFen: number;
  };
  stageDurations: DurationRow[];
  transitions: Omit<DurationRow, 'stage'>[];
  rejections: {
    /** cases per failed rule (cases that became ineligible in the quarter) */
    failedRules: (CountRow & { key: RuleId })[];
    /** cases per violated right (cases blocked by the rights check in the quarter) */
    rightsViolations: (CountRow & { key: RightName })[];
    reviewReasons: ReasonRow[];
  };
}

/** 1 mu = 666.67 m² (DOMAIN.md), in centi-m² so that the division is exact. */
const CENTI_M2_PER_MU = 66_667n;
const MU_DECIMALS = 4;
const DAY_MS = 86_400_000n;
const EXIT_STATUSES: ReadonlySet<CaseStatus> = new Set(['disbursed', 'reserved', 'closed']);
const NO_REASON = '（未填写理由）(no reason given)';

/** What the activity table counts, in life-cycle order ('created' comes from createdAt). */
export const ACTIVITY_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'resubmitted',
  'ineligible',
  'rights_blocked',
  'rejected',
  'withdrawn',
  'agreement_signed',
  'disbursed',
  'closed',
];

export interface StageDefinition {
  stage: string;
  from: CaseStatus[];
  to: CaseStatus;
  zh: string;
  en: string;
}

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

interface Arrival {
  status: CaseStatus;
  ms: number;
  at: string;
}

/** Status changes of a case in the order they were written (same-status entries are notes, not moves). */
export function arrivals(c: Pick<Case, 'timeline'>): Arrival[] {
  const out: Arrival[] = [];
  for (const entry of c.timeline) {
    if (out.at(-1)?.status === entry.status) continue;
    const ms = Date.parse(entry.at);
    if (!Number.isFinite(ms)) continue;
    out.push({ status: entry.status, ms, at: entry.at });
  }
  return out;
}

function inQuarter(ms: number, p: QuarterPeriod): boolean {
  return ms >= p.startMs && ms < p.endMs;
}

/** The arrival at disbursed, reserved or closed that makes the case an exit, if any. */
export function exitArrival(c: Pick<Case, 'timeline'>): Arrival | undefined {
  return arrivals(c).find((a) => EXIT_STATUSES.has(a.status));
}

/** Cases of the district that exit in the quarter (the households whose registry records are needed). */
export function exitedCases(cases: readonly Case[], input: QuarterlyReportInput): Case[] {
  const p = quarterPeriod(input.year, input.quarter);
  return cases.filter((c) => {
    if (c.districtCode !== input.district) return false;
    const exit = exitArrival(c);
    return exit !== undefined && inQuarter(exit.ms, p);
  });
}

function exitedItemIds(c: Case): string[] {
  const right: RightName = c.type === 'homestead_exit' ? 'homestead_use' : 'contract_land';
  const surrendered = (c.agreement?.surrendered ?? [])
    .filter((s) => s.right === right)
    .flatMap((s) => s.items);
  if (surrendered.length > 0) return [...new Set(surrendered)];
  const app = c.application;
  return app.type === 'homestead_exit' ? [...app.parcelIds] : [...(app.plotIds ?? [])];
}

const OFFER_AREA = {
  homestead_exit: { components: ['land_within_standard', 'land_excess'], pattern: /^(\d+)\.(\d{2}) m²/ },
  contract_land_exit: { components: ['plot_rent'], pattern: /^(\d+)\.(\d{4}) 亩/ },
} as const;

/**
 * The area priced in the signed offer: homestead land lines start "220.00 m² ×", plot lines "2.5000 亩 ×"
 * (shared/domain/compensation). A line that does not read that way gives no area rather than a wrong one.
 */
function offerArea(c: Case, id: string): bigint | undefined {
  const offer = c.offers.find((o) => o.option === c.agreement?.option) ?? c.offers[0];
  if (!offer) return undefined;
  const rule = OFFER_AREA[c.type];
  let total: bigint | undefined;
  for (const line of offer.lines) {
    if (line.subject !== id || !(rule.components as readonly string[]).includes(line.component)) continue;
    const match = rule.pattern.exec(line.formula);
    if (!match) return undefined;
    total = (total ?? 0n) + BigInt(`${match[1]}${match[2]}`);
  }
  return total;
}

function registryArea(
  land: LandRecords | undefined,
  type: CaseType,
  householdId: string,
  id: string,
): bigint | undefined {
  const household = land?.households.find((h) => h.householdId === householdId);
  if (!household) return undefined;
  if (type === 'homestead_exit') {
    const parcel = household.homesteads.find((h) => h.parcelId === id);
    return parcel ? toScaled(parcel.areaM2, 2) : undefined;
  }
  const plot = household.contractPlots.find((p) => p.plotId === id);
  return plot ? toScaled(plot.areaMu, MU_DECIMALS) : undefined;
}

/** Days with 2 decimals, rounded half-up, from an exact numerator of milliseconds over a divisor. */
function days(numeratorMs: bigint, divisor = 1n): number {
  return Number(divRoundHalfUp(numeratorMs * 100n, DAY_MS * divisor)) / 100;
}

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

function countRows<K extends string>(
  counts: Map<K, number>,
  label: (k: K) => { zh: string; en: string },
  order?: readonly K[],
): (CountRow & { key: K })[] {
  const keys = order ?? [...counts.keys()];
  const rows = keys.map((key) => ({
    key,
    labelZh: label(key).zh,
    labelEn: label(key).en,
    count: counts.get(key) ?? 0,
  }));
  return order ? rows : rows.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function money(): { count: number; fen: bigint } {
  return { count: 0, fen: 0n };
}

function moneyRow(m: { count: number; fen: bigint }): MoneyRow {
  return { count: m.count, amountFen: fenToNumber(m.fen) };
}

/** Entries of the quarter, each entry id once (a stored entry is never read twice, but cheap to be sure). */
function quarterEntries(entries: readonly ReportLedgerEntry[], p: QuarterPeriod): ReportLedgerEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (!inPeriod(e.at, p) || seen.has(e.entryId)) return false;
    seen.add(e.entryId);
    return true;
  });
}

function fundFigures(entries: readonly ReportLedgerEntry[]): QuarterlyReport['fund'] {
  const advanced = money();
  const replenished = money();
  const bySource = { quota_sale: money(), appropriation: money(), unspecified: money() };
  const reversals = money();
  const byAccount = { advances: money(), quota_sales: money(), appropriations: money() };
  let netCash = 0n;
  for (const e of entries) {
    const fen = BigInt(e.amountFen);
    netCash += BigInt(cashEffectFen(e));
    const add = (m: { count: number; fen: bigint }) => {
      m.count += 1;
      m.fen += fen;
    };
    if (e.kind === 'advance') add(advanced);
    else if (e.kind === 'replenishment') {
      add(replenished);
      const source =
        e.source ??
        (e.credit === 'quota_sales'
          ? 'quota_sale'
          : e.credit === 'appropriations'
            ? 'appropriation'
            : undefined);
      add(bySource[source ?? 'unspecified']);
    } else {
      add(reversals);
      const other = e.debit === 'fund_cash' ? e.credit : e.debit;
      if (other !== 'fund_cash') add(byAccount[other]);
    }
  }
  return {
    advanced: moneyRow(advanced),
    replenished: {
      ...moneyRow(replenished),
      bySource: {
        quota_sale: moneyRow(bySource.quota_sale),
        appropriation: moneyRow(bySource.appropriation),
        unspecified: moneyRow(bySource.unspecified),
      },
    },
    reversals: {
      ...moneyRow(reversals),
      byAccount: {
        advances: moneyRow(byAccount.advances),
        quota_sales: moneyRow(byAccount.quota_sales),
        appropriations: moneyRow(byAccount.appropriations),
      },
    },
    netAdvancedFen: fenToNumber(advanced.fen - byAccount.advances.fen),
    netReplenishedFen: fenToNumber(
      replenished.fen - byAccount.quota_sales.fen - byAccount.appropriations.fen,
    ),
    netCashFen: fenToNumber(netCash),
  };
}

export function quarterlyReport(
  allCases: readonly Case[],
  ledgerEntries: readonly ReportLedgerEntry[],
  input: QuarterlyReportInput,
  reserve?: LandRecords,
): QuarterlyReport {
  const p = quarterPeriod(input.year, input.quarter);
  const label = quarterLabel(input.year, input.quarter);
  const cases = allCases.filter((c) => c.districtCode === input.district);
  const timelines = new Map(cases.map((c) => [c.caseId, arrivals(c)]));
  const arrivalsOf = (c: Case) => timelines.get(c.caseId) ?? [];

  // cases by status and type, now, for cases that existed by the end of the quarter
  const existing = cases.filter((c) => Date.parse(c.createdAt) < p.endMs);
  const byStatus = new Map<CaseStatus, number>();
  const byType = new Map<CaseType, number>();
  for (const c of existing) {
    increment(byStatus, c.status);
    increment(byType, c.type);
  }

  // activity in the quarter: distinct cases per status reached
  const activity = new Map<string, number>();
  activity.set('created', cases.filter((c) => inPeriod(c.createdAt, p)).length);
  for (const status of ACTIVITY_STATUSES) {
    activity.set(
      status,
      cases.filter((c) => arrivalsOf(c).some((a) => a.status === status && inQuarter(a.ms, p))).length,
    );
  }

  // exits, areas and quota
  const exited = exitedCases(cases, input);
  const homestead = { cases: 0, parcels: 0, centiM2: 0n };
  const contract = { cases: 0, plots: 0, mu4: 0n };
  const sources = { registry: 0, agreementOffer: 0, unknown: 0 };
  const unknownAreaItems: string[] = [];
  for (const c of exited) {
    const ids = exitedItemIds(c);
    if (c.type === 'homestead_exit') {
      homestead.cases += 1;
      homestead.parcels += ids.length;
    } else {
      contract.cases += 1;
      contract.plots += ids.length;
    }
    for (const id of ids) {
      const fromRegistry = registryArea(reserve, c.type, c.householdId, id);
      const area = fromRegistry ?? offerArea(c, id);
      if (area === undefined) {
        sources.unknown += 1;
        unknownAreaItems.push(`${c.caseId}/${id}`);
        continue;
      }
      if (fromRegistry !== undefined) sources.registry += 1;
      else sources.agreementOffer += 1;
      if (c.type === 'homestead_exit') homestead.centiM2 += area;
      else contract.mu4 += area;
    }
  }
  const entries = quarterEntries(ledgerEntries, p);
  const soldMu4 = entries.reduce(
    (sum, e) => (e.kind === 'replenishment' && e.quotaMu4 !== undefined ? sum + BigInt(e.quotaMu4) : sum),
    0n,
  );
  const quotaMu4 = divRoundHalfUp(homestead.centiM2 * 10n ** BigInt(MU_DECIMALS), CENTI_M2_PER_MU);

  // stage durations and consecutive transitions
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

  // rejection reasons
  const failedRules = new Map<RuleId, number>();
  const violatedRights = new Map<RightName, number>();
  const reasons = new Map<string, ReasonRow>();
  const addReason = (stage: ReasonRow['stage'], text: string) => {
    const reason = text.trim() || NO_REASON;
    const key = `${stage}\u0000${reason}`;
    const row = reasons.get(key) ?? {
      stage,
      stageZh: REVIEW_STAGE_LABELS[stage].zh,
      stageEn: REVIEW_STAGE_LABELS[stage].en,
      reason,
      count: 0,
    };
    row.count += 1;
    reasons.set(key, row);
  };
  for (const c of cases) {
    const reached = (s: CaseStatus) => arrivalsOf(c).some((a) => a.status === s && inQuarter(a.ms, p));
    if (reached('ineligible')) {
      for (const rule of new Set(c.findings.filter((f) => !f.passed).map((f) => f.ruleId))) {
        increment(failedRules, rule);
      }
    }
    if (reached('rights_blocked')) {
      for (const right of new Set((c.rightsCheck?.violations ?? []).map((v) => v.right))) {
        increment(violatedRights, right);
      }
    }
    for (const review of c.reviews) {
      if (review.decision !== 'reject' || !inPeriod(review.at, p)) continue;
      const texts = [...new Set(review.reasons.map((r) => r.trim()).filter((r) => r.length > 0))];
      if (texts.length === 0) addReason('village_review', '');
      for (const text of texts) addReason('village_review', text);
    }
    for (const approval of c.advance?.approvals ?? []) {
      if (approval.decision === 'reject' && inPeriod(approval.at, p)) addReason('fund_review', approval.note);
    }
  }

  const district = DISTRICTS[input.district];
  return {
    reportType: 'quarterly_monitoring',
    district: { code: input.district, zh: district.zh, en: district.en },
    year: input.year,
    quarter: input.quarter,
    period: {
      start: p.start,
      end: p.end,
      firstDay: p.firstDay,
      lastDay: p.lastDay,
      labelZh: label.zh,
      labelEn: label.en,
    },
    generatedAt: input.generatedAt ?? null,
    cases: {
      createdByQuarterEnd: existing.length,
      byStatus: countRows(byStatus, (s) => STATUS_LABELS[s], CASE_STATUSES),
      byType: countRows(byType, (t) => CASE_TYPE_LABELS[t], caseTypeSchema.options),
    },
    activity: countRows(
      activity,
      (k) => (k === 'created' ? { zh: '新建申请', en: 'created' } : STATUS_LABELS[k as CaseStatus]),
      ['created', ...ACTIVITY_STATUSES],
    ),
    exits: {
      cases: exited.length,
      homestead: {
        cases: homestead.cases,
        parcels: homestead.parcels,
        areaCentiM2: fenToNumber(homestead.centiM2),
        areaM2: decimalText(homestead.centiM2, 2),
      },
      contractLand: {
        cases: contract.cases,
        plots: contract.plots,
        areaMu: decimalText(contract.mu4, MU_DECIMALS),
      },
      areaSources: sources,
      unknownAreaItems,
    },
    quota: {
      mu: decimalText(quotaMu4, MU_DECIMALS),
      soldMu: decimalText(soldMu4, MU_DECIMALS),
      basisZh: '本季度退出宅基地面积 ÷ 666.67 平方米/亩，四舍五入保留4位小数（承包地不产生建设用地指标）',
      basisEn:
        'homestead area exited in the quarter ÷ 666.67 m²/mu, rounded half-up to 4 decimals (contract land yields no construction-land quota)',
    },
    fund: fundFigures(entries),
    stageDurations,
    transitions,
    rejections: {
      failedRules: countRows(failedRules, (r) => RULE_LABELS[r]),
      rightsViolations: countRows(violatedRights, (r) => RIGHT_LABELS[r]),
      reviewReasons: [...reasons.values()].sort(
        (a, b) => b.count - a.count || a.stage.localeCompare(b.stage) || a.reason.localeCompare(b.reason),
      ),
    },
  };
}
