/**
 * Stable codes of the timeline (`timeline[].action`, the audit action of the write that added the
 * entry) that clients compare. Plain constants without zod, so that a browser bundle can import them.
 */

/** A human step starts waiting for a person (the workflow registered its task). */
export const TASK_WAITING_ACTION = 'task.waiting';
