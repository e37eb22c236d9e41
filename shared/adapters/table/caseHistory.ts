import * as z from 'zod';
import {
  type Case,
  type Objection,
  type TimelineEntry,
  timelineEntrySchema,
} from '../../domain/model/case.js';
import { isoDateTimeSchema } from '../../domain/model/common.js';
import { TIMELINE_ENTRIES_IN_CASE } from '../../domain/model/limits.js';
import { getItem, queryAll, type TransactItem, tableName } from './dynamo.js';

/**
 * What a case accumulates, kept beside it in its partition so that the case item cannot grow without
 * bound (issue 16, docs/data-model.md, docs/limits.md):
 * - `TIMELINE#{index}`: the earliest timeline entries, moved out of the case item by its write once it
 *   holds TIMELINE_ENTRIES_IN_CASE of them (the case keeps how many: `timelineOffset`);
 * - `OBJECTION#{noticeStartedAt}#{by}`: one objection each, at most one per person and notice (the
 *   key's condition), the case keeping their count and the ids not yet heard.
 * The case view and the reports read them back; every other reader needs only the case item.
 */
const TIMELINE_PREFIX = 'TIMELINE#';
const OBJECTION_PREFIX = 'OBJECTION#';

const caseKey = (caseId: string) => `CASE#${caseId}`;

/** An entry's index is its place in the whole timeline; zero-padded so that the sort key orders them. */
export function timelineKey(caseId: string, index: number) {
  return { PK: caseKey(caseId), SK: `${TIMELINE_PREFIX}${String(index).padStart(8, '0')}` };
}

/**
 * The timeline a case item stores and the entries its write moves out: the latest `keep` entries stay,
 * at most `room` of the oldest others are moved to items of their own (the transaction's spare places;
 * normally exactly one, the entry that made the list one too long).
 */
export function timelineSplit(
  c: Pick<Case, 'caseId' | 'timeline' | 'timelineOffset'>,
  room: number,
  keep = TIMELINE_ENTRIES_IN_CASE,
): { timeline: TimelineEntry[]; timelineOffset: number; moved: TransactItem[] } {
  const offset = c.timelineOffset ?? 0;
  const excess = Math.max(0, c.timeline.length - keep);
  const count = Math.min(excess, Math.max(0, room));
  const moved = c.timeline.slice(0, count).map((entry, i) => ({
    Put: {
      TableName: tableName(),
      Item: { ...timelineKey(c.caseId, offset + i), itemType: 'timeline', caseId: c.caseId, ...entry },
    },
  }));
  return { timeline: c.timeline.slice(count), timelineOffset: offset + count, moved };
}

const storedEntrySchema = z.object({ ...timelineEntrySchema.shape });

/** A timeline entry as its own item stores it (validated), without the item's keys. */
export function parseTimelineItem(item: Record<string, unknown>): TimelineEntry {
  const { at, status, actor, note, action } = storedEntrySchema.parse(item);
  return { at, status, actor, note, ...(action !== undefined ? { action } : {}) };
}

/** The entries a case moved out of its item, oldest first (empty for a case that never did). */
export async function earlierTimeline(c: Pick<Case, 'caseId' | 'timelineOffset'>): Promise<TimelineEntry[]> {
  if (!c.timelineOffset) return [];
  return (await queryAll(caseKey(c.caseId), TIMELINE_PREFIX)).map(parseTimelineItem);
}

/** Where one person's objection during one notice is kept (one per person and notice). */
export function objectionKey(caseId: string, noticeStartedAt: string, by: string) {
  return { PK: caseKey(caseId), SK: `${OBJECTION_PREFIX}${noticeStartedAt}#${by}` };
}

export interface ObjectionRecord {
  objectionId: string;
  caseId: string;
  text: string;
  by: string;
  at: string;
  /** the start of the notice it was raised in (its key) */
  noticeStartedAt: string;
}

const objectionItemSchema = z.object({
  objectionId: z.string(),
  caseId: z.string(),
  text: z.string(),
  by: z.string(),
  at: isoDateTimeSchema,
  noticeStartedAt: z.string(),
});

/** The objection's Put, only where this person has not objected during this notice. */
export function objectionPut(o: ObjectionRecord): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...objectionKey(o.caseId, o.noticeStartedAt, o.by), itemType: 'objection', ...o },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export async function getObjection(
  caseId: string,
  noticeStartedAt: string,
  by: string,
): Promise<ObjectionRecord | undefined> {
  const item = await getItem(objectionKey(caseId, noticeStartedAt, by));
  return item ? objectionItemSchema.parse(item) : undefined;
}

/**
 * Every objection of the case: those stored inside it (before issue 16) and those stored beside it, in
 * the order they were raised; one is resolved once a village review has heard it.
 */
export async function allObjections(
  c: Pick<Case, 'caseId' | 'objections' | 'objectionCount' | 'openObjectionIds'>,
): Promise<Objection[]> {
  if (!c.objectionCount) return c.objections;
  return objectionsWith(c, await queryAll(caseKey(c.caseId), OBJECTION_PREFIX));
}

/** allObjections from the objection items already read (`OBJECTION#…`, oldest key first). */
function objectionsWith(
  c: Pick<Case, 'objections' | 'openObjectionIds'>,
  objectionItems: readonly Record<string, unknown>[],
): Objection[] {
  const open = new Set(c.openObjectionIds ?? []);
  const items = objectionItems.map((i) => objectionItemSchema.parse(i));
  const own: Objection[] = items.map((o) => ({
    objectionId: o.objectionId,
    text: o.text,
    by: o.by,
    at: o.at,
    resolved: !open.has(o.objectionId),
  }));
  return [...c.objections, ...own].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The case with its whole history: every timeline entry and every objection, as the case view shows
 * them (a case whose history never left its item is answered as it is, without a read).
 */
export async function withHistory(c: Case): Promise<Case> {
  const [earlier, objections] = await Promise.all([earlierTimeline(c), allObjections(c)]);
  if (earlier.length === 0 && objections === c.objections) return c;
  return { ...c, timeline: [...earlier, ...c.timeline], objections };
}

/** Whether an item of the case's partition is a timeline entry or an objection stored beside the case. */
export function historyItemKind(sk: string): 'timeline' | 'objection' | undefined {
  if (sk.startsWith(TIMELINE_PREFIX)) return 'timeline';
  if (sk.startsWith(OBJECTION_PREFIX)) return 'objection';
  return undefined;
}

/**
 * withHistory from the partition's items already read (the case view's one Query): the timeline items
 * in key order, the objection items. Items of a kind the case does not count (no `timelineOffset`, no
 * `objectionCount`) are left out, exactly as withHistory would not read them.
 */
export function withHistoryFrom(
  c: Case,
  timelineItems: readonly Record<string, unknown>[],
  objectionItems: readonly Record<string, unknown>[],
): Case {
  const earlier = c.timelineOffset ? timelineItems.map(parseTimelineItem) : [];
  const objections = c.objectionCount ? objectionsWith(c, objectionItems) : c.objections;
  if (earlier.length === 0 && objections === c.objections) return c;
  return { ...c, timeline: [...earlier, ...c.timeline], objections };
}
