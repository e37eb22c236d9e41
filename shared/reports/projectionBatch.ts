import { TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/clients.js';
import { keys } from '../adapters/keys.js';
import { earlierTimeline } from '../adapters/table/caseHistory.js';
import { backoff, cancellationCodes, type TransactItem, tableName } from '../adapters/table/dynamo.js';
import { type Case, caseSchema } from '../domain/model/case.js';
import type { DomainEvent } from '../domain/model/event.js';
import { storedHouseholdSchema } from '../domain/model/household.js';
import {
  type CaseState,
  type CaseUnit,
  caseProjectionKeys,
  caseUnit,
  mergeNowDeltas,
  type NowDeltas,
  nowUpdate,
  parseCaseState,
} from './caseProjectionItems.js';
import { caseExits } from './caseRows.js';
import type { LandRecord } from './exits.js';
import { type ProjectionUpdate, projectionUpdate } from './projection.js';
import { type ApplyOutcome, counterUpdateItem, eventGuardItem, projectionKeys } from './projectionStore.js';
import { type AggregateDeltas, aggregateUpdate, mergeAggregateDeltas } from './quarterAggregate.js';

/**
 * One SQS batch of domain events into the projection, in as few requests as the guarantees allow:
 *
 * 1. one TransactGetItems (strongly consistent) per 5 cases reads the cases the events are about, the
 *    projection's state of each and its household's registry record (a case's district, rows and part now come from
 *    the case as stored, not from the event: see caseProjectionItems.ts);
 * 2. one TransactWriteItems writes everything: per projection key (district, quarter) the guards
 *    `REPORT_EVENT#{eventId}` of its events and ONE update adding their summed counters, and per case its
 *    changed rows, its state (conditional on the state read) and the counters now by the difference.
 *    More than 100 items (DynamoDB's limit) go in several transactions, whole keys and whole cases each.
 *
 * Exactly once per event, as before: a guard and its counters are in one transaction. A guard that exists
 * cancels the transaction with ConditionalCheckFailed at that guard's index: that event was counted
 * before ('duplicate'), and the transaction is sent again without it. A case whose state changed since
 * it was read is read again. TransactionConflict (another consumer on the same items) is retried with a
 * growing delay; after MAX_ATTEMPTS, or on any other error, the records of what was not written fail
 * alone (batchItemFailures), and SQS delivers them again. An error that is neither, in a transaction of
 * several keys or cases, sends each of them alone next, so one bad item cannot hold back the others.
 */

const MAX_ATTEMPTS = 10;
const MAX_TRANSACTION_ITEMS = 100;
/**
 * Cases read in one TransactGetItems: its answer is at most 4 MB, and a case item stays under 350 KB
 * (test/api/caseItemSize.test.ts), its household record and state beside it: 5 leave room.
 */
const CASES_PER_READ = 5;

export interface BatchRecord {
  /** the SQS message id */
  id: string;
  event: DomainEvent;
}

export type RecordOutcome =
  | { ok: true; outcome: ApplyOutcome; update: ProjectionUpdate }
  | { ok: false; error: unknown };

interface ReadCase {
  case: Case;
  state: CaseState | undefined;
  household: LandRecord | undefined;
}

/** A part of the batch's writes that is applied whole: one projection key's events, or one case. */
type Part =
  | {
      kind: 'key';
      id: string;
      update: ProjectionUpdate;
      events: { record: string; event: DomainEvent; increments: Record<string, number> }[];
    }
  | { kind: 'case'; id: string; unit: CaseUnit };

/** Reads cases, their projection state and households, strongly consistent, at most 100 items a request. */
async function readCases(
  wanted: Map<string, string | undefined>,
): Promise<Map<string, ReadCase | undefined | Error>> {
  const TableName = tableName();
  type What = 'case' | 'state' | 'household';
  const items = new Map<string, Partial<Record<What, Record<string, unknown>>>>();
  const ids = [...wanted.keys()];
  for (let i = 0; i < ids.length; i += CASES_PER_READ) {
    // one Get per item: two cases of one household share its read (a transaction names an item once)
    const gets = new Map<string, { key: Record<string, string>; for: { caseId: string; what: What }[] }>();
    const want = (caseId: string, what: What, key: Record<string, string>) => {
      const id = `${key.PK} ${key.SK}`;
      const get = gets.get(id) ?? { key, for: [] };
      get.for.push({ caseId, what });
      gets.set(id, get);
    };
    for (const caseId of ids.slice(i, i + CASES_PER_READ)) {
      const householdId = wanted.get(caseId);
      want(caseId, 'case', keys.case(caseId));
      want(caseId, 'state', caseProjectionKeys.state(caseId));
      if (householdId) want(caseId, 'household', keys.household(householdId));
    }
    const list = [...gets.values()];
    const out = await documentClient().send(
      new TransactGetCommand({ TransactItems: list.map((g) => ({ Get: { TableName, Key: g.key } })) }),
    );
    list.forEach((g, j) => {
      const item = out.Responses?.[j]?.Item;
      for (const { caseId, what } of g.for) {
        const entry = items.get(caseId) ?? {};
        if (item) entry[what] = item;
        items.set(caseId, entry);
      }
    });
  }
  const result = new Map<string, ReadCase | undefined | Error>();
  await Promise.all(
    [...wanted].map(async ([caseId, householdId]) => {
      try {
        const found = items.get(caseId);
        if (!found?.case) {
          result.set(caseId, undefined);
          return;
        }
        let c = caseSchema.parse(found.case.data);
        // a long history keeps its earliest entries beside the case item (docs/data-model.md)
        if (c.timelineOffset) c = { ...c, timeline: [...(await earlierTimeline(c)), ...c.timeline] };
        let householdItem = found.household;
        if (caseExits(c) && c.householdId !== householdId) {
          // the event named no household, or another one: the case's own is read apart
          const out = await documentClient().send(
            new TransactGetCommand({
              TransactItems: [{ Get: { TableName, Key: keys.household(c.householdId) } }],
            }),
          );
          householdItem = out.Responses?.[0]?.Item;
        }
        const household =
          caseExits(c) && householdItem ? storedHouseholdSchema.parse(householdItem.data) : undefined;
        result.set(caseId, { case: c, state: parseCaseState(found.state), household });
      } catch (error) {
        result.set(caseId, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return result;
}

const keyId = (u: ProjectionUpdate) => `${u.district}/${u.year}-Q${u.quarter}`;

/** The items of one part in a transaction, and which event each guard stands for. */
function partItems(TableName: string, part: Part): { items: TransactItem[]; guards: (string | undefined)[] } {
  if (part.kind === 'case') return { items: part.unit.items, guards: part.unit.items.map(() => undefined) };
  const increments: Record<string, number> = {};
  for (const { increments: add } of part.events) {
    for (const [name, by] of Object.entries(add)) {
      increments[name] = (increments[name] ?? 0) + by;
    }
  }
  const guards = part.events.map((e) => eventGuardItem(TableName, e.event, part.update));
  return {
    items: [...guards, counterUpdateItem(TableName, { ...part.update, increments })],
    guards: [...part.events.map((e) => e.event.eventId), undefined],
  };
}

/** Whole parts into transactions of at most 100 items (the counters now merged per transaction). */
function pack(
  TableName: string,
  parts: Part[],
  solo: Set<string>,
): {
  parts: Part[];
  items: TransactItem[];
  guards: (string | undefined)[];
  caseOf: (string | undefined)[];
}[] {
  const out: ReturnType<typeof pack> = [];
  let current: Part[] = [];
  let size = 0;
  const flush = () => {
    if (current.length === 0) return;
    const items: TransactItem[] = [];
    const guards: (string | undefined)[] = [];
    const caseOf: (string | undefined)[] = [];
    const now: NowDeltas = new Map();
    const sums: AggregateDeltas = new Map();
    for (const part of current) {
      const p = partItems(TableName, part);
      items.push(...p.items);
      guards.push(...p.guards);
      caseOf.push(...p.items.map(() => (part.kind === 'case' ? part.id : undefined)));
      if (part.kind === 'case') {
        mergeNowDeltas(now, part.unit.nowDeltas);
        mergeAggregateDeltas(sums, part.unit.aggregateDeltas);
      }
    }
    for (const entry of sums.values()) {
      const update = aggregateUpdate(TableName, entry);
      if (!update) continue;
      items.push(update);
      guards.push(undefined);
      caseOf.push(undefined);
    }
    for (const entry of now.values()) {
      const update = nowUpdate(TableName, entry);
      if (!update) continue;
      items.push(update);
      guards.push(undefined);
      caseOf.push(undefined);
    }
    out.push({ parts: current, items, guards, caseOf });
    current = [];
    size = 0;
  };
  for (const part of parts) {
    // a case adds its rows, its state, at most two NOW items and its aggregate items; a key its guards
    // and one update
    const n =
      part.kind === 'case'
        ? part.unit.items.length + 2 + part.unit.aggregateDeltas.size
        : part.events.length + 1;
    if (solo.has(part.id) || size + n > MAX_TRANSACTION_ITEMS) flush();
    current.push(part);
    size += n;
    if (solo.has(part.id)) flush();
  }
  flush();
  return out;
}

/**
 * Projects a batch of events (already read and validated); the outcome of each record by its id. A
 * record that cannot be projected (no district, a figure that cannot be counted) fails alone with an
 * UnprojectableEventError.
 */
export async function applyBatch(
  records: readonly BatchRecord[],
  /** cases (and their households) to bring up to date besides the events' (the rebuild: no event) */
  alsoCases: Iterable<readonly [caseId: string, householdId: string | undefined]> = [],
): Promise<Map<string, RecordOutcome>> {
  const TableName = tableName();
  const outcomes = new Map<string, RecordOutcome>();
  const wanted = new Map<string, string | undefined>();
  for (const [caseId, householdId] of alsoCases) wanted.set(caseId, householdId);
  for (const r of records) {
    if (r.event.caseId && wanted.get(r.event.caseId) === undefined)
      wanted.set(r.event.caseId, r.event.householdId);
  }
  const cases = await readCases(wanted);

  // what each record adds to its projection key; a record that cannot be counted fails alone
  const updates = new Map<string, ProjectionUpdate>();
  const byKey = new Map<string, Extract<Part, { kind: 'key' }>>();
  const inBatch = new Set<string>();
  const repeated = new Set<string>();
  for (const r of records) {
    // the same event twice in one batch: one guard (a transaction may touch an item once), the other
    // record answers 'duplicate' (if the first fails, its redelivery counts the event)
    if (inBatch.has(r.event.eventId)) {
      repeated.add(r.id);
      continue;
    }
    inBatch.add(r.event.eventId);
    const read = r.event.caseId ? cases.get(r.event.caseId) : undefined;
    try {
      const district = r.event.districtCode ?? (read instanceof Error ? undefined : read?.case.districtCode);
      const update = projectionUpdate(r.event, district);
      updates.set(r.id, update);
      const id = keyId(update);
      const part = byKey.get(id) ?? { kind: 'key' as const, id, update, events: [] };
      part.events.push({ record: r.id, event: r.event, increments: update.increments });
      byKey.set(id, part);
    } catch (error) {
      outcomes.set(r.id, { ok: false, error });
    }
  }
  const duplicates = new Set<string>();
  const failedKeys = new Map<string, unknown>();
  const failedCases = new Map<string, unknown>();
  for (const [caseId, read] of cases) if (read instanceof Error) failedCases.set(caseId, read);
  const doneKeys = new Set<string>();
  const doneCases = new Set<string>();
  const solo = new Set<string>();

  for (let attempt = 1; ; attempt += 1) {
    const parts: Part[] = [];
    for (const part of byKey.values()) {
      if (doneKeys.has(part.id) || failedKeys.has(part.id)) continue;
      const events = part.events.filter((e) => !duplicates.has(e.event.eventId));
      if (events.length === 0) doneKeys.add(part.id);
      else parts.push({ ...part, events });
    }
    for (const [caseId, read] of cases) {
      if (doneCases.has(caseId) || failedCases.has(caseId)) continue;
      const unit =
        read && !(read instanceof Error)
          ? caseUnit(TableName, read.case, read.household, read.state)
          : undefined;
      if (unit) parts.push({ kind: 'case', id: caseId, unit });
      else doneCases.add(caseId);
    }
    if (parts.length === 0) break;
    const reread = new Set<string>();
    let conflicted = false;
    for (const tx of pack(TableName, parts, solo)) {
      try {
        await documentClient().send(new TransactWriteCommand({ TransactItems: tx.items }));
        for (const part of tx.parts) (part.kind === 'key' ? doneKeys : doneCases).add(part.id);
      } catch (error) {
        const codes = cancellationCodes(error);
        const last = attempt >= MAX_ATTEMPTS;
        if (!codes) {
          // neither a condition nor a conflict: alone it fails; among others, each is tried alone next
          for (const part of tx.parts) {
            if (tx.parts.length > 1 && !last) solo.add(part.id);
            else (part.kind === 'key' ? failedKeys : failedCases).set(part.id, error);
          }
          continue;
        }
        codes.forEach((code, i) => {
          if (code !== 'ConditionalCheckFailed') return;
          const guard = tx.guards[i];
          const caseId = tx.caseOf[i];
          if (guard) duplicates.add(guard);
          else if (caseId) reread.add(caseId);
        });
        if (codes.includes('TransactionConflict')) conflicted = true;
        if (last) {
          for (const part of tx.parts) (part.kind === 'key' ? failedKeys : failedCases).set(part.id, error);
        }
      }
    }
    if (reread.size > 0) {
      const again = await readCases(new Map([...reread].map((id) => [id, wanted.get(id)])));
      for (const [id, read] of again) {
        cases.set(id, read);
        if (read instanceof Error) failedCases.set(id, read);
      }
    }
    if (conflicted) await backoff(attempt);
  }

  if (records.length === 0 && failedCases.size > 0) {
    // nothing to report per record: the rebuild is told by an error
    throw new AggregateError(
      [...failedCases.values()],
      `cases not projected: ${[...failedCases.keys()].join(', ')}`,
    );
  }
  for (const r of records) {
    if (outcomes.has(r.id)) continue;
    if (repeated.has(r.id)) {
      const first = [...outcomes.entries()].find(
        ([id]) => records.find((x) => x.id === id)?.event.eventId === r.event.eventId,
      )?.[1];
      outcomes.set(
        r.id,
        first?.ok
          ? { ...first, outcome: 'duplicate' }
          : { ok: false, error: new Error('repeated in the batch') },
      );
      continue;
    }
    const update = updates.get(r.id);
    const id = update ? keyId(update) : undefined;
    const keyError = id ? failedKeys.get(id) : undefined;
    const caseError = r.event.caseId ? failedCases.get(r.event.caseId) : undefined;
    if (!update || keyError !== undefined || caseError !== undefined) {
      outcomes.set(r.id, { ok: false, error: keyError ?? caseError ?? new Error('not projected') });
      continue;
    }
    outcomes.set(r.id, {
      ok: true,
      outcome: duplicates.has(r.event.eventId) ? 'duplicate' : 'applied',
      update,
    });
  }
  return outcomes;
}

export { projectionKeys };
