import { toScaled } from '../domain/decimal.js';
import { dispositionSchema, MILESTONE_KINDS, type MilestoneKind } from '../domain/model/case.js';
import { type DistrictCode, districtCodeSchema, nonNegativeFenSchema } from '../domain/model/common.js';
import { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType } from '../domain/model/event.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/model/status.js';
import {
  TRANCHE_MILESTONES,
  type TrancheMilestone,
  trancheMilestoneSchema,
} from '../domain/model/tranche.js';
import { ziboQuarterOf } from '../domain/period.js';

/**
 * The reporting projection (四(四) monitoring): per district and calendar quarter (by the date in Zibo,
 * UTC+8), counters kept up to date from the domain events instead of re-reading every case of the district.
 *
 * Definitions:
 * - The quarter is the Zibo calendar quarter of the event's `at` (DOMAIN.md: quarters by the date in
 *   Zibo; an offset is honoured, as in shared/domain/period.ts), not of its delivery: 31 March 23:30
 *   Zibo time (15:30 UTC) is Q1, 1 April 00:10 Zibo time (16:10 UTC on 31 March) is Q2.
 * - `events`: every event attributed to the district; `byType`: the same, per event type.
 * - `transitionsTo`: events whose `toStatus` differs from their `fromStatus` (an event without
 *   `fromStatus`, CaseCreated, arrives at its status). An event that leaves the status as it was
 *   (AdvanceApproved, DeadlineEscalated, …) carries `toStatus` too but moves nothing, so it is not a
 *   transition; this keeps one transition per status change although several events may accompany it.
 * - `advancedFen`: Σ detail.amountFen of AdvanceDisbursed (shared/fund/disburse.ts), `replenishedFen`:
 *   Σ detail.amountFen of FundReplenished (shared/fund/replenish.ts). Gross: reversals publish no event,
 *   so the ledger (and the quarterly report read from it) stays the reference for net figures.
 * - Tranches paid (分期支付): each AdvanceDisbursed is one payment of the fund, of `detail.tranche`
 *   (1-based) due at `detail.milestone`, for `detail.amountFen` (shared/cases/commands/advance/tranche.ts).
 *   An event from before the payment schedule names neither: it was the one payment, tranche 1 at
 *   `approval`. `tranche#{n}` counts the payments of tranche n and `trancheFen#{n}` sums their amounts;
 *   `trancheAt#{m}` and `trancheAtFen#{m}` do the same by milestone (tranche 2 is `disposed` for a
 *   homestead but `handed_over` for contract land). So Σ trancheFen = Σ trancheAtFen = advancedFen,
 *   whatever the events say. A tranche that is not an integer from 1 to MAX_TRANCHE, or a milestone not
 *   in TRANCHE_MILESTONES, is refused.
 * - Milestones (the land leg, wave 2): `milestone#{kind}` counts MilestoneRecorded by `detail.kind`;
 *   `disposition#{d}` counts the `disposed` ones by `detail.disposition`; `acceptedCentiM2` sums
 *   `detail.acceptedAreaM2` (m², ≤ 2 decimals, kept exact in 0.01 m²) of the `disposed` ones, and
 *   `quotaProducedCentiM2` the same for `reclaimed` only: surplus construction-land quota accrues only
 *   there (DOMAIN.md; shared/fund/reserve.ts quotaAccrualItems). Mu are computed when the view is read,
 *   once, from the exact total. An unknown kind or disposition, a disposition missing on `disposed`, a
 *   `reclaimed` without its accepted area or an area that is not m² with ≤ 2 decimals is refused.
 * - Quota sold: FundReplenished with `detail.source` `quota_sale`. `quotaSales` counts them; a sale that
 *   states `detail.quotaM2` (m², ≤ 2 decimals) adds it to `quotaSoldCentiM2`; one that states only
 *   `detail.quotaMu4` (1/10 000 mu, as the fund's ledger keeps it) adds that to `quotaSoldMu4` and counts
 *   in `quotaSalesInMu4` (its m² cannot be recovered exactly); one that states neither counts in
 *   `quotaSalesUnstated` (replenishments published before the fund put the quota in the event).
 * - An event whose district is neither in the event nor resolvable, or whose amount is not integer fen,
 *   cannot be counted correctly: it is refused (UnprojectableEventError), never counted as a guess.
 */

export const PROJECTION_COUNTERS = {
  events: 'events',
  advancedFen: 'advancedFen',
  replenishedFen: 'replenishedFen',
  acceptedCentiM2: 'acceptedCentiM2',
  quotaProducedCentiM2: 'quotaProducedCentiM2',
  quotaSales: 'quotaSales',
  quotaSoldCentiM2: 'quotaSoldCentiM2',
  quotaSoldMu4: 'quotaSoldMu4',
  quotaSalesInMu4: 'quotaSalesInMu4',
  quotaSalesUnstated: 'quotaSalesUnstated',
} as const;

/** The highest tranche number the projection counts (the schedules have at most three). */
export const MAX_TRANCHE = 10;

export const DISPOSITIONS = dispositionSchema.options;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Stored counter attribute names: one top-level number each, so that ADD creates it on first use. */
export const typeCounter = (type: DomainEventType) => `type#${type}`;
export const statusCounter = (status: CaseStatus) => `to#${status}`;
export const milestoneCounter = (kind: MilestoneKind) => `milestone#${kind}`;
export const dispositionCounter = (disposition: Disposition) => `disposition#${disposition}`;
export const trancheCounter = (tranche: number) => `tranche#${tranche}`;
export const trancheFenCounter = (tranche: number) => `trancheFen#${tranche}`;
export const trancheAtCounter = (milestone: TrancheMilestone) => `trancheAt#${milestone}`;
export const trancheAtFenCounter = (milestone: TrancheMilestone) => `trancheAtFen#${milestone}`;

const AMOUNT_COUNTERS: Partial<Record<DomainEventType, 'advancedFen' | 'replenishedFen'>> = {
  AdvanceDisbursed: 'advancedFen',
  FundReplenished: 'replenishedFen',
};

/** An event that cannot be attributed or counted; retrying does not help, so it belongs in the DLQ. */
export class UnprojectableEventError extends Error {
  override readonly name = 'UnprojectableEventError';
}

export interface ProjectionQuarter {
  year: number;
  quarter: number;
}

/** The Zibo calendar quarter (UTC+8) of an ISO date-time. */
export function quarterOf(at: string): ProjectionQuarter {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) throw new UnprojectableEventError(`unreadable time ${at}`);
  return ziboQuarterOf(ms);
}

export interface ProjectionUpdate extends ProjectionQuarter {
  district: DistrictCode;
  /** stored attribute → amount to ADD */
  increments: Record<string, number>;
}

/**
 * What one event adds to its projection item. `resolvedDistrict` is used when the event itself names
 * no district (DocumentVerified carries only its case): the caller looks the case up.
 */
export function projectionUpdate(event: DomainEvent, resolvedDistrict?: string): ProjectionUpdate {
  const rawDistrict = event.districtCode ?? resolvedDistrict;
  const district = districtCodeSchema.safeParse(rawDistrict);
  if (!district.success) {
    throw new UnprojectableEventError(
      rawDistrict === undefined
        ? `event ${event.eventId} (${event.type}) names no district`
        : `event ${event.eventId} names an unknown district ${rawDistrict}`,
    );
  }
  const increments: Record<string, number> = {
    [PROJECTION_COUNTERS.events]: 1,
    [typeCounter(event.type)]: 1,
  };
  if (event.toStatus !== undefined && event.toStatus !== event.fromStatus) {
    increments[statusCounter(event.toStatus)] = 1;
  }
  const amountCounter = AMOUNT_COUNTERS[event.type];
  const amount = event.detail.amountFen;
  let fen: number | undefined;
  if (amountCounter && amount !== undefined && amount !== null) {
    const parsed = nonNegativeFenSchema.safeParse(amount);
    if (!parsed.success) {
      throw new UnprojectableEventError(
        `event ${event.eventId} (${event.type}) carries amountFen ${JSON.stringify(amount)}, not integer fen`,
      );
    }
    fen = parsed.data;
    increments[amountCounter] = fen;
  }
  if (event.type === 'AdvanceDisbursed') Object.assign(increments, trancheIncrements(event, fen));
  if (event.type === 'MilestoneRecorded') Object.assign(increments, milestoneIncrements(event));
  if (event.type === 'FundReplenished') Object.assign(increments, quotaSaleIncrements(event));
  return { district: district.data, ...quarterOf(event.at), increments };
}

function refuse(event: DomainEvent, what: string): never {
  throw new UnprojectableEventError(`event ${event.eventId} (${event.type}) ${what}`);
}

/** m² with at most 2 decimals, non-negative, as exact 0.01 m²; anything else is refused. */
function centiM2(event: DomainEvent, field: string): number {
  const value = event.detail[field];
  const centi = typeof value === 'number' && value >= 0 ? toScaled(value, 2) : undefined;
  if (centi === undefined || centi > BigInt(Number.MAX_SAFE_INTEGER)) {
    refuse(event, `carries ${field} ${JSON.stringify(value)}, not m² with at most 2 decimals`);
  }
  return Number(centi);
}

/**
 * One payment of a tranche. Tranche and milestone are absent on the events from before the payment
 * schedule, when the one payment was tranche 1, at the fund's approval.
 */
function trancheIncrements(event: DomainEvent, fen: number | undefined): Record<string, number> {
  const raw = event.detail.tranche;
  const tranche = raw === undefined || raw === null ? 1 : raw;
  if (typeof tranche !== 'number' || !Number.isInteger(tranche) || tranche < 1 || tranche > MAX_TRANCHE) {
    refuse(event, `carries tranche ${JSON.stringify(raw)}, not a tranche number from 1 to ${MAX_TRANCHE}`);
  }
  const rawMilestone = event.detail.milestone;
  const milestone = trancheMilestoneSchema.safeParse(
    rawMilestone === undefined || rawMilestone === null ? 'approval' : rawMilestone,
  );
  if (!milestone.success) {
    refuse(
      event,
      `is due at milestone ${JSON.stringify(rawMilestone)}, not one of ${TRANCHE_MILESTONES.join(', ')}`,
    );
  }
  return {
    [trancheCounter(tranche)]: 1,
    [trancheAtCounter(milestone.data)]: 1,
    ...(fen !== undefined
      ? { [trancheFenCounter(tranche)]: fen, [trancheAtFenCounter(milestone.data)]: fen }
      : {}),
  };
}

function milestoneIncrements(event: DomainEvent): Record<string, number> {
  const kind = event.detail.kind;
  if (!(MILESTONE_KINDS as readonly unknown[]).includes(kind)) {
    refuse(event, `names milestone kind ${JSON.stringify(kind)}, not one of ${MILESTONE_KINDS.join(', ')}`);
  }
  const increments: Record<string, number> = { [milestoneCounter(kind as MilestoneKind)]: 1 };
  if (kind !== 'disposed') return increments;
  const disposition = dispositionSchema.safeParse(event.detail.disposition);
  if (!disposition.success) {
    refuse(
      event,
      `names disposition ${JSON.stringify(event.detail.disposition)}, not one of ${DISPOSITIONS.join(', ')}`,
    );
  }
  increments[dispositionCounter(disposition.data)] = 1;
  const hasArea = event.detail.acceptedAreaM2 !== undefined && event.detail.acceptedAreaM2 !== null;
  if (disposition.data === 'reclaimed' && !hasArea)
    refuse(event, 'is a reclamation without its accepted area');
  if (hasArea) {
    const accepted = centiM2(event, 'acceptedAreaM2');
    increments[PROJECTION_COUNTERS.acceptedCentiM2] = accepted;
    if (disposition.data === 'reclaimed') increments[PROJECTION_COUNTERS.quotaProducedCentiM2] = accepted;
  }
  return increments;
}

function quotaSaleIncrements(event: DomainEvent): Record<string, number> {
  if (event.detail.source !== 'quota_sale') return {};
  const increments: Record<string, number> = { [PROJECTION_COUNTERS.quotaSales]: 1 };
  const { quotaM2, quotaMu4 } = event.detail;
  if (quotaM2 !== undefined && quotaM2 !== null) {
    increments[PROJECTION_COUNTERS.quotaSoldCentiM2] = centiM2(event, 'quotaM2');
  } else if (quotaMu4 !== undefined && quotaMu4 !== null) {
    if (typeof quotaMu4 !== 'number' || !Number.isSafeInteger(quotaMu4) || quotaMu4 < 0) {
      refuse(event, `carries quotaMu4 ${JSON.stringify(quotaMu4)}, not whole 1/10 000 mu`);
    }
    increments[PROJECTION_COUNTERS.quotaSoldMu4] = quotaMu4;
    increments[PROJECTION_COUNTERS.quotaSalesInMu4] = 1;
  } else {
    increments[PROJECTION_COUNTERS.quotaSalesUnstated] = 1;
  }
  return increments;
}

export interface TrancheCount {
  tranche: number;
  /** payments of this tranche */
  count: number;
  amountFen: number;
}

/**
 * A projection item as a report reads it; every type, status, milestone kind and disposition is
 * present, zero when none, and tranches 1 to 3 always (a higher one when it was paid).
 */
export interface ProjectionView extends ProjectionQuarter {
  district: DistrictCode;
  events: number;
  byType: Record<DomainEventType, number>;
  transitionsTo: Record<CaseStatus, number>;
  advancedFen: number;
  replenishedFen: number;
  tranches: TrancheCount[];
  /** the same payments by the milestone they were due at */
  tranchesAt: Record<TrancheMilestone, { count: number; amountFen: number }>;
  milestones: Record<MilestoneKind, number>;
  dispositions: Record<Disposition, number>;
  /** Σ accepted area of the `disposed` milestones, 0.01 m² */
  acceptedCentiM2: number;
  /** Σ accepted area of `disposed` + `reclaimed`: the quota produced, 0.01 m² */
  quotaProducedCentiM2: number;
  quotaSold: {
    sales: number;
    /** Σ quotaM2 of the sales that state it, 0.01 m² */
    centiM2: number;
    /** Σ quotaMu4 of the sales that state only mu */
    mu4: number;
    salesInMu4: number;
    salesUnstated: number;
  };
}

const SHOWN_TRANCHES = 3;

function counter(item: Record<string, unknown> | undefined, name: string): number {
  const value = item?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The view of a stored item (undefined: no event of that district and quarter yet, all zero). */
export function projectionView(
  district: DistrictCode,
  { year, quarter }: ProjectionQuarter,
  item: Record<string, unknown> | undefined,
): ProjectionView {
  return {
    district,
    year,
    quarter,
    events: counter(item, PROJECTION_COUNTERS.events),
    byType: Object.fromEntries(DOMAIN_EVENT_TYPES.map((t) => [t, counter(item, typeCounter(t))])) as Record<
      DomainEventType,
      number
    >,
    transitionsTo: Object.fromEntries(
      CASE_STATUSES.map((s) => [s, counter(item, statusCounter(s))]),
    ) as Record<CaseStatus, number>,
    advancedFen: counter(item, PROJECTION_COUNTERS.advancedFen),
    replenishedFen: counter(item, PROJECTION_COUNTERS.replenishedFen),
    tranches: Array.from({ length: MAX_TRANCHE }, (_, i) => ({
      tranche: i + 1,
      count: counter(item, trancheCounter(i + 1)),
      amountFen: counter(item, trancheFenCounter(i + 1)),
    })).filter((t) => t.tranche <= SHOWN_TRANCHES || t.count > 0),
    tranchesAt: Object.fromEntries(
      TRANCHE_MILESTONES.map((m) => [
        m,
        { count: counter(item, trancheAtCounter(m)), amountFen: counter(item, trancheAtFenCounter(m)) },
      ]),
    ) as Record<TrancheMilestone, { count: number; amountFen: number }>,
    milestones: Object.fromEntries(
      MILESTONE_KINDS.map((k) => [k, counter(item, milestoneCounter(k))]),
    ) as Record<MilestoneKind, number>,
    dispositions: Object.fromEntries(
      DISPOSITIONS.map((d) => [d, counter(item, dispositionCounter(d))]),
    ) as Record<Disposition, number>,
    acceptedCentiM2: counter(item, PROJECTION_COUNTERS.acceptedCentiM2),
    quotaProducedCentiM2: counter(item, PROJECTION_COUNTERS.quotaProducedCentiM2),
    quotaSold: {
      sales: counter(item, PROJECTION_COUNTERS.quotaSales),
      centiM2: counter(item, PROJECTION_COUNTERS.quotaSoldCentiM2),
      mu4: counter(item, PROJECTION_COUNTERS.quotaSoldMu4),
      salesInMu4: counter(item, PROJECTION_COUNTERS.quotaSalesInMu4),
      salesUnstated: counter(item, PROJECTION_COUNTERS.quotaSalesUnstated),
    },
  };
}
