import { type DistrictCode, districtCodeSchema, nonNegativeFenSchema } from '../domain/model/common.js';
import { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType } from '../domain/model/event.js';
import { CASE_STATUSES, type CaseStatus } from '../domain/model/status.js';
import { ziboQuarterOf } from './period.js';

/**
 * The reporting projection (四(四) monitoring): per district and calendar quarter (by the date in Zibo,
 * UTC+8), counters kept up to date from the domain events instead of re-reading every case of the district.
 *
 * Definitions:
 * - The quarter is the Zibo calendar quarter of the event's `at` (DOMAIN.md: quarters by the date in
 *   Zibo; an offset is honoured, as in shared/reports/period.ts), not of its delivery: 31 March 23:30
 *   Zibo time (15:30 UTC) is Q1, 1 April 00:10 Zibo time (16:10 UTC on 31 March) is Q2.
 * - `events`: every event attributed to the district; `byType`: the same, per event type.
 * - `transitionsTo`: events whose `toStatus` differs from their `fromStatus` (an event without
 *   `fromStatus`, CaseCreated, arrives at its status). An event that leaves the status as it was
 *   (AdvanceApproved, DeadlineEscalated, …) carries `toStatus` too but moves nothing, so it is not a
 *   transition; this keeps one transition per status change although several events may accompany it.
 * - `advancedFen`: Σ detail.amountFen of AdvanceDisbursed (shared/fund/disburse.ts), `replenishedFen`:
 *   Σ detail.amountFen of FundReplenished (shared/fund/replenish.ts). Gross: reversals publish no event,
 *   so the ledger (and the quarterly report read from it) stays the reference for net figures.
 * - An event whose district is neither in the event nor resolvable, or whose amount is not integer fen,
 *   cannot be counted correctly: it is refused (UnprojectableEventError), never counted as a guess.
 */

export const PROJECTION_COUNTERS = {
  events: 'events',
  advancedFen: 'advancedFen',
  replenishedFen: 'replenishedFen',
} as const;

/** Stored counter attribute names: one top-level number each, so that ADD creates it on first use. */
export const typeCounter = (type: DomainEventType) => `type#${type}`;
export const statusCounter = (status: CaseStatus) => `to#${status}`;

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
  if (amountCounter && amount !== undefined && amount !== null) {
    const fen = nonNegativeFenSchema.safeParse(amount);
    if (!fen.success) {
      throw new UnprojectableEventError(
        `event ${event.eventId} (${event.type}) carries amountFen ${JSON.stringify(amount)}, not integer fen`,
      );
    }
    increments[amountCounter] = fen.data;
  }
  return { district: district.data, ...quarterOf(event.at), increments };
}

/** A projection item as a report reads it; every type and status is present, zero when none. */
export interface ProjectionView extends ProjectionQuarter {
  district: DistrictCode;
  events: number;
  byType: Record<DomainEventType, number>;
  transitionsTo: Record<CaseStatus, number>;
  advancedFen: number;
  replenishedFen: number;
}

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
  };
}
