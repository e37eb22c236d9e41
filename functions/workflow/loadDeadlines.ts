import { getCase } from '../../shared/adapters/table/caseRepository.js';
import type { TaskResult } from '../../shared/workflow/contract.js';
import { parametersForCase, stepSeconds } from '../../shared/workflow/deadlines.js';
import { parseTaskEvent, taskHandler } from './task.js';

/**
 * The first state of every execution: returns every human step's deadline and the public notice in
 * seconds, from the case's policy parameters (the version it was assessed or priced with, before that
 * the version in force), which the state machine keeps at `$.deadlines` for its TimeoutSecondsPath and
 * SecondsPath. It only reads, so a resumed execution (appeal, re-drive) gets its deadlines without
 * moving the case; it uses the same figures as the `dueAt` the other steps store (and, under the local
 * runtime's LOCAL_FAST_WAITS, the same one-second waits).
 */
export async function loadDeadlines(event: unknown, now = new Date().toISOString()): Promise<TaskResult> {
  const { caseId } = parseTaskEvent(event);
  const stored = await getCase(caseId);
  if (!stored) throw new Error(`case ${caseId} does not exist`);
  return { caseId, next: 'end', seconds: stepSeconds(await parametersForCase(stored.case, now)) };
}

export const handler = taskHandler((event, now) => loadDeadlines(event, now));
