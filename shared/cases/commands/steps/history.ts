import type { Case } from '../../../domain/model/case.js';
import type { CaseStatus } from '../../../domain/model/status.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';

/**
 * Whether the case's latest write is this step's own: its status, the workflow as actor, and the write's
 * stable code (the audit action commitCaseChange stamps on the timeline entry). Every write appends
 * exactly one timeline entry, so the latest entry tells who wrote last; only then is the stored case
 * exactly the one the step's events were built from, and re-sending them gives the same ids.
 */
export function lastWriteWas(c: Case, status: CaseStatus, action: string): boolean {
  const last = c.timeline.at(-1);
  return last?.status === status && last.actor === WORKFLOW_ACTOR && last.action === action;
}

/** The case's envelope as the write before the latest left it (see caseAtEntry). */
export function previousWrite(c: Case): Case | undefined {
  return c.timeline.length < 2 ? undefined : caseAtEntry(c, c.timeline.length - 2);
}

/**
 * The case's envelope as of timeline entry `index` (version, time, status), to rebuild the event of an
 * earlier write with its original id: every write bumps the version by one and appends one entry.
 */
export function caseAtEntry(c: Case, index: number): Case | undefined {
  const entry = c.timeline[index];
  if (!entry) return undefined;
  const back = c.timeline.length - 1 - index;
  if (c.version < back) return undefined;
  return {
    ...c,
    version: c.version - back,
    updatedAt: entry.at,
    status: entry.status,
    timeline: c.timeline.slice(0, index + 1),
  };
}
