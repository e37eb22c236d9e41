/**
 * The review chain's reading of a case (村 → 镇 → 区, DOMAIN.md wave 2), on the fields it needs only, so
 * that it has no imports: which step a timeline row decided, and how often the step a case waits at
 * was chased up.
 */

/** The audit action of an escalation (shared/cases/commands/steps/escalate.ts). */
export const TASK_ESCALATED_ACTION = 'task.escalated';

/** The step whose decision a timeline entry records, by its action code (`review.approve`, `town_review.return`). */
export function reviewStepOfAction(
  action: string | undefined,
): 'village_review' | 'town_review' | 'district_approval' | undefined {
  const m = /^(review|town_review|district_approval)\.(approve|return|reject)$/.exec(action ?? '');
  if (!m) return undefined;
  return m[1] === 'town_review'
    ? 'town_review'
    : m[1] === 'district_approval'
      ? 'district_approval'
      : 'village_review';
}

interface Escalatable {
  status: string;
  pendingTask?: { escalated?: boolean } | undefined;
  timeline: readonly { status: string; action?: string | undefined }[];
}

/**
 * How often the step the case waits at has been chased up: `pendingTask.escalations` where the server
 * counts them (the escalation ladder), else the escalation rows since the case came to this status.
 */
export function escalationCount(c: Escalatable): number {
  const task = c.pendingTask;
  if (!task) return 0;
  const counted: unknown = (task as { escalations?: unknown }).escalations;
  if (typeof counted === 'number' && Number.isInteger(counted) && counted >= 0) return counted;
  let rows = 0;
  for (let i = c.timeline.length - 1; i >= 0; i -= 1) {
    const e = c.timeline[i];
    if (!e || e.status !== c.status) break;
    if (e.action === TASK_ESCALATED_ACTION) rows += 1;
  }
  // an escalation recorded before timeline rows carried their action still counts once
  return rows === 0 && task.escalated ? 1 : rows;
}
