import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../../adapters/clients.js';
import { requireConfig } from '../../adapters/config.js';
import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { caseWriteItems, storedAfterWrite } from '../../adapters/table/caseWrite.js';
import { isConditionFailure, type TransactItem, transact } from '../../adapters/table/dynamo.js';
import { actorNameOf } from '../../auth/actorName.js';
import type { Case } from '../../domain/model/case.js';
import type { DomainEvent } from '../../domain/model/event.js';
import { AlreadyExists, StaleWrite } from '../../errors/appError.js';
import { inboxPut } from '../../notifications/inbox.js';
import { notificationsFor } from '../../notifications/messages.js';
import { events } from '../../ports/events.js';
import { resumeDecided, workflow } from '../../ports/workflow.js';
import { type CaseChange, type CaseDecision, isUnchanged } from './caseChange.js';

/**
 * Carries out a CaseChange, always in this order:
 * 1. the objects it refers to (S3), so a committed case never points at a missing one;
 * 2. ONE conditional transaction: the case (shared/adapters/table/caseWrite.ts), its audit entry, the
 *    extra items and the inbox items of its events (站内通知, shared/notifications: so a change never
 *    commits without its notices, and the notify consumer writes none of them). A refusal writes nothing
 *    and throws StaleWrite (after `explainRefusal` had its say);
 * 3. the events, then the resumption of the step it ended, then the execution it starts.
 * A crash between 2 and 3 is healed by the retry of the same request or step: the events have ids
 * derived from the case, a closed token is no error (resumeDecided), an execution name starts once.
 */
export async function commitCaseChange(change: CaseDecision): Promise<Case> {
  if (isUnchanged(change)) {
    await deliver(change);
    return change.unchanged.case;
  }
  return (await commitWrite(change)).next;
}

/**
 * commitCaseChange of a change that writes, answering the case as its item now stores it (the latest
 * timeline entries, the token), which is what a read would give: a step that writes twice goes on from
 * it instead of reading the case again (runStep).
 */
export async function commitCaseChangeStored(change: CaseChange): Promise<StoredCase> {
  return (await commitWrite(change)).stored;
}

async function commitWrite(change: CaseChange): Promise<{ next: Case; stored: StoredCase }> {
  const stamped = stampAction(change);
  await storeObjects(stamped);
  const extra = [...(stamped.extra ?? []), ...inboxItems(stamped.events)];
  const places = TRANSACTION_ITEMS - extra.length;
  try {
    await transact([...caseItems(stamped, places), ...extra]);
  } catch (error) {
    if (isConditionFailure(error)) throw await refusal(stamped);
    throw error;
  }
  await deliver(inboxWritten(stamped));
  return {
    next: stamped.next,
    stored: storedAfterWrite(stamped.read, stamped.next, stamped.token, movesRoom(places)),
  };
}

/**
 * The Puts of the inbox items the events give (one per recipient and event, keyed by the event: the same
 * keys notify would use), for the change's own transaction. Unconditional: the case Put's condition
 * decides whether any of it is written, and an item is a function of its event.
 */
export function inboxItems(events: readonly DomainEvent[]): TransactItem[] {
  return events.flatMap((e) => notificationsFor(e).map(inboxPut));
}

/**
 * Publishes events that no case write carries (a step that announces without writing the case, like
 * StartNotice's PublicNoticeStarted): their inbox items first, in one transaction per 100 (unconditional
 * Puts of items that are functions of the event, so a retry rewrites the same bytes), then the events
 * marked as written. One request for all of an event's notices, where notify would make one conditional
 * PutItem each.
 */
export async function announce(events: readonly DomainEvent[]): Promise<void> {
  const items = inboxItems(events);
  for (let i = 0; i < items.length; i += TRANSACTION_ITEMS) {
    await transact(items.slice(i, i + TRANSACTION_ITEMS));
  }
  await deliver(inboxWritten({ events: [...events] }));
}

/** The change's events marked as having their inbox items written (by the transaction that committed). */
function inboxWritten<C extends Pick<CaseChange, 'events'>>(change: C): C {
  return { ...change, events: change.events.map((e) => ({ ...e, inboxWritten: true as const })) };
}

/**
 * The timeline entry the change appends carries the audit action as its stable code, so a step that runs
 * again can tell its own last write from anyone else's without reading the note (moveCase/touchCase
 * append exactly one entry per write).
 */
export function stampAction(change: CaseChange): CaseChange {
  const timeline = change.next.timeline;
  const last = timeline.at(-1);
  if (!last || last.action !== undefined || timeline.length <= (change.read?.case.timeline.length ?? 0)) {
    return change;
  }
  // the person's display name beside their id, as the request's token names them (issue 18)
  const actorName = last.actorName ?? actorNameOf(last.actor);
  const stamped = { ...last, action: change.audit.action, ...(actorName ? { actorName } : {}) };
  return { ...change, next: { ...change.next, timeline: [...timeline.slice(0, -1), stamped] } };
}

/** DynamoDB's most items in one transaction. */
const TRANSACTION_ITEMS = 100;
/** The items a caller of commitCaseChangeWithin may add after the change's own (the fund's: guard, entry, balance, queue, the quarter's sums …). */
const ROOM_FOR_CALLER = 10;

/**
 * The case's own items of the change's transaction (case Put, audit Put, then the timeline entries it
 * moves out of the case item), in this order; `places` is what the transaction has left for them.
 */
export function caseItems(change: CaseChange, places = TRANSACTION_ITEMS): TransactItem[] {
  return caseWriteItems(change.read, change.next, change.token, change.audit, movesRoom(places));
}

/** The case and its audit always; the timeline moves take what is left (at least one: no transaction is so full). */
function movesRoom(places: number): number {
  return Math.max(1, places - 2);
}

/**
 * A change whose transaction is run by someone else, because it belongs inside a larger one and the
 * caller must read which item refused (the fund's ledger: balance, entry guard, queue). `write` gets the
 * change's items (case, audit, extra, inbox items) first in its transaction and tells whether it committed; only then
 * are the events, the resumption and the start delivered. `onUndelivered`, when given, takes a delivery
 * failure instead of throwing it (money that has moved cannot be unmoved; the step heals it later).
 */
export async function commitCaseChangeWithin<R>(
  change: CaseChange,
  write: (items: TransactItem[]) => Promise<R>,
  committed: (result: R) => boolean,
  onUndelivered?: (error: unknown) => void,
): Promise<R> {
  const stamped = stampAction(change);
  await storeObjects(stamped);
  const extra = [...(stamped.extra ?? []), ...inboxItems(stamped.events)];
  const result = await write([
    ...caseItems(stamped, TRANSACTION_ITEMS - ROOM_FOR_CALLER - extra.length),
    ...extra,
  ]);
  if (!committed(result)) return result;
  try {
    await deliver(inboxWritten(stamped));
  } catch (error) {
    if (!onUndelivered) throw error;
    onUndelivered(error);
  }
  return result;
}

/** What follows a committed write: events, the step's resumption, the execution's start. */
export async function deliver(change: Pick<CaseChange, 'events' | 'resume' | 'start'>): Promise<void> {
  if (change.events.length > 0) await events().publish(change.events);
  if (change.resume) await resumeDecided(change.resume.token, change.resume.output);
  if (change.start) await workflow().startCase(change.start.executionName, change.start.input);
}

async function refusal(change: CaseChange): Promise<Error> {
  const caseId = change.next.caseId;
  if (!change.read) return new AlreadyExists(`case ${caseId} already exists`, { caseId });
  await change.explainRefusal?.();
  return new StaleWrite(
    {
      zh: `案件 ${caseId} 刚被他人更新或已不在该办理环节，请刷新后再试。`,
      en: `case ${caseId} was changed by someone else or is no longer in that step`,
    },
    { caseId, caseStatus: change.read.case.status },
  );
}

async function storeObjects(change: CaseChange): Promise<void> {
  for (const o of change.objects ?? []) {
    await s3Client().send(
      new PutObjectCommand({
        Bucket: requireConfig('DOCUMENTS_BUCKET'),
        Key: o.key,
        ContentType: o.contentType,
        Body: o.body,
      }),
    );
  }
}
