import { assertTransition } from '../domain/lifecycle/transition.js';
import type { Case } from '../domain/model/case.js';
import type { DomainEvent, DomainEventType } from '../domain/model/event.js';
import { MAX_TIMELINE_NOTE_CHARS } from '../domain/model/limits.js';
import type { CaseStatus } from '../domain/model/status.js';

/**
 * The next version of a case: status changed only along the life-cycle table, version bumped for
 * optimistic concurrency, timeline extended. `patch` carries the step's own facts (review, offers, …).
 */
export function moveCase(
  c: Case,
  to: CaseStatus,
  change: { actor: string; note: string; at: string; patch?: Partial<Case> },
): Case {
  assertTransition(c.status, to);
  // a desk claim (issue 18) is the claim of the step the case leaves: it ends with it
  return touchCase({ ...c, deskClaim: undefined, ...change.patch, status: to }, change, to);
}

/** A write that keeps the status (a document, an objection, one of two approvals). */
export function touchCase(
  c: Case,
  change: { actor: string; note: string; at: string; patch?: Partial<Case> },
  status = c.status,
): Case {
  const at = notBefore(c, change.at);
  return {
    ...c,
    ...change.patch,
    status,
    version: c.version + 1,
    updatedAt: at,
    timeline: [...c.timeline, { at, status, actor: change.actor, note: clipNote(change.note) }],
  };
}

/**
 * A timeline note is the system's words about a write, at most MAX_TIMELINE_NOTE_CHARS: a person's own
 * words live in their own field (the review, the appeal, the tranche's dispute), never copied here, so
 * every entry, and the case item that keeps the latest of them, has a size known in advance.
 */
export function clipNote(note: string): string {
  if (note.length <= MAX_TIMELINE_NOTE_CHARS) return note;
  // never cut a surrogate pair in two
  const cut = Array.from(note.slice(0, MAX_TIMELINE_NOTE_CHARS - 1));
  if (cut.join('').length > MAX_TIMELINE_NOTE_CHARS - 1) cut.pop();
  return `${cut.join('')}…`;
}

/**
 * A write's time, never earlier than the write it builds on. A request reads its clock when it starts
 * and the case a moment later; under load another write (a deadline's escalation, say) can land in
 * between, stamped later. The new entry then takes that entry's time, so the timeline stays in order.
 */
function notBefore(c: Pick<Case, 'updatedAt'>, at: string): string {
  return Date.parse(at) < Date.parse(c.updatedAt) ? c.updatedAt : at;
}

/**
 * A domain event about a case. The id is derived from the case version it describes, so a retried
 * step that rewrites nothing also republishes nothing new (consumers deduplicate on eventId).
 */
export function caseEvent(
  type: DomainEventType,
  c: Case,
  actor: string,
  from: CaseStatus | undefined,
  detail: Record<string, unknown> = {},
): DomainEvent {
  return {
    eventId: `${c.caseId}:${c.version}:${type}`,
    type,
    at: c.updatedAt,
    actor,
    caseId: c.caseId,
    householdId: c.householdId,
    villageCode: c.village,
    districtCode: c.districtCode,
    ...(from ? { fromStatus: from } : {}),
    toStatus: c.status,
    detail,
  };
}
