import type { DomainEvent, DomainEventType } from '../../shared/domain/model/event.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import {
  caseUnit,
  mergeNowDeltas,
  type NowDeltas,
  nowUpdate,
} from '../../shared/reports/caseProjectionItems.js';
import { type ProjectionUpdate, projectionUpdate } from '../../shared/reports/projection.js';
import { projectionItem } from '../../shared/reports/projectionStore.js';
import {
  type AggregateDeltas,
  aggregateUpdate,
  mergeAggregateDeltas,
} from '../../shared/reports/quarterAggregate.js';
import type { UpdateInput } from './batchWriter.js';
import type { CaseBundle } from './cases.js';
import type { Item } from './items.js';

/**
 * The reporting projection of the benchmark's cases: the domain events their history would have
 * published (one per status they entered, the milestones with their fields, the fund's payments and
 * replenishments from ledgerFill.ts), each turned into its increments by the projection's own
 * `projectionUpdate`, summed per district and quarter, and written as whole items by projectionItem.
 * The sums are kept across the fills (the benchmark grows the table in steps), so each fill rewrites
 * the quarters it touched with their running totals.
 */
export class ProjectionTotals {
  private readonly totals = new Map<string, ProjectionUpdate>();
  private readonly touched = new Set<string>();
  events = 0;

  add(event: DomainEvent): void {
    const u = projectionUpdate(event);
    const key = `${u.district}|${u.year}|${u.quarter}`;
    const t = this.totals.get(key) ?? {
      district: u.district,
      year: u.year,
      quarter: u.quarter,
      increments: {},
    };
    for (const [k, v] of Object.entries(u.increments)) t.increments[k] = (t.increments[k] ?? 0) + v;
    this.totals.set(key, t);
    this.touched.add(key);
    this.events += 1;
  }

  /** The items of the quarters changed since the last call. */
  takeItems(): Item[] {
    const out = [...this.touched].flatMap((k) => {
      const t = this.totals.get(k);
      return t ? [projectionItem(t)] : [];
    });
    this.touched.clear();
    return out;
  }

  get quarters(): number {
    return this.totals.size;
  }
}

/** The event a move into each status publishes (shared/cases/commands and shared/workflow name them). */
const MOVE_EVENT: Record<CaseStatus, DomainEventType> = {
  draft: 'CaseCreated',
  submitted: 'CaseSubmitted',
  eligibility: 'AssessmentStarted',
  ineligible: 'EligibilityAssessed',
  rights_blocked: 'RightsChecked',
  village_review: 'EligibilityAssessed',
  returned: 'ReviewDecided',
  resubmitted: 'CaseResubmitted',
  rejected: 'ReviewDecided',
  public_notice: 'PublicNoticeStarted',
  town_review: 'NoticeClosed',
  district_approval: 'ReviewDecided',
  offers: 'OffersComputed',
  agreement_signed: 'AgreementSigned',
  cooling_off: 'CoolingOffStarted',
  fund_review: 'FundReviewOpened',
  awaiting_funds: 'AdvanceQueued',
  disbursed: 'AdvanceDisbursed',
  reserved: 'ParcelReserved',
  vacating: 'AdvanceApproved',
  disposing: 'MilestoneRecorded',
  cancelling: 'MilestoneRecorded',
  handing_over: 'CollectivePaymentConfirmed',
  paying: 'CollectivePaymentDue',
  closed: 'CaseClosed',
  withdrawn: 'CaseWithdrawn',
  rescinded: 'AgreementRescinded',
  failed: 'CaseFailed',
};

/** The events of one case's history (without the fund's, which ledgerFill.ts makes). */
export function caseEvents(b: CaseBundle): DomainEvent[] {
  const c = b.case;
  const out: DomainEvent[] = [];
  let from: CaseStatus | undefined;
  for (const s of b.steps) {
    const type = MOVE_EVENT[s.status];
    const milestone =
      s.status === 'disposing'
        ? c.milestones?.find((m) => m.kind === 'vacated')
        : s.status === 'cancelling'
          ? c.milestones?.find((m) => m.kind === 'disposed')
          : undefined;
    out.push({
      eventId: `${type}:${c.caseId}:${s.status}`,
      type,
      at: s.at,
      actor: 'system',
      caseId: c.caseId,
      householdId: c.householdId,
      villageCode: c.village,
      districtCode: c.districtCode,
      ...(from ? { fromStatus: from } : {}),
      toStatus: s.status,
      detail: milestone
        ? {
            kind: milestone.kind,
            ...(milestone.disposition ? { disposition: milestone.disposition } : {}),
            ...(milestone.acceptedAreaM2 !== undefined ? { acceptedAreaM2: milestone.acceptedAreaM2 } : {}),
          }
        : {},
    });
    from = s.status;
  }
  // vacated and disposed are the moves into disposing and cancelling above; the last milestone of a
  // closed case is recorded by an event of its own beside CaseClosed
  for (const m of c.milestones ?? []) {
    if (m.kind !== 'certificate_cancelled' && m.kind !== 'handed_over') continue;
    out.push({
      eventId: `MilestoneRecorded:${c.caseId}:${m.kind}`,
      type: 'MilestoneRecorded',
      at: m.at,
      actor: m.actor,
      caseId: c.caseId,
      districtCode: c.districtCode,
      toStatus: c.status,
      fromStatus: c.status,
      detail: { kind: m.kind },
    });
  }
  return out;
}

/**
 * The projection's items that follow the cases (issue 17): each case's rows and state item as the
 * consumer writes them (`caseUnit`, the case new to the projection), and what the new cases add to the
 * district's figures now and to the quarters' sums, summed per item and applied as the consumer applies
 * it: one ADD per item (UpdateItem), never a whole item, so that what the runtime's own consumer adds
 * meanwhile (the re-drive and the deadlines move cases) is kept. The rebuild
 * (scripts/rebuildReportProjection.ts) writes the same case by case in transactions: ≈ 30 cases/s here,
 * too slow for 100 000 cases.
 */
export class CaseProjectionTotals {
  private now: NowDeltas = new Map();
  private sums: AggregateDeltas = new Map();
  cases = 0;

  /** The case's rows and state item; its part of the figures now and of the sums is kept. */
  add(b: CaseBundle): Item[] {
    const unit = caseUnit('bench', b.case, b.household, undefined);
    if (!unit) return [];
    this.cases += 1;
    mergeNowDeltas(this.now, unit.nowDeltas);
    mergeAggregateDeltas(this.sums, unit.aggregateDeltas);
    return unit.items.flatMap((t) => (t.Put?.Item ? [t.Put.Item] : []));
  }

  /** The updates (ADD) of the NOW and sum items for the cases added since the last call. */
  takeUpdates(TableName: string): UpdateInput[] {
    const out: UpdateInput[] = [];
    for (const e of this.now.values()) {
      const u = nowUpdate(TableName, e)?.Update;
      if (u) out.push(u as UpdateInput);
    }
    for (const e of this.sums.values()) {
      const u = aggregateUpdate(TableName, e)?.Update;
      if (u) out.push(u as UpdateInput);
    }
    this.now = new Map();
    this.sums = new Map();
    return out;
  }
}
