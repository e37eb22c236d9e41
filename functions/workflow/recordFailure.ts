import { recordFailure } from '../../shared/cases/commands/steps/recordFailure.js';
import { taskHandler } from './task.js';

/**
 * RecordFailure, the Catch target of every task: the case goes to `failed` with the cause, the status
 * it failed in (an operator resumes it there) and a CaseFailed event; the execution then fails visibly.
 * It never throws for a case it cannot or need not mark (already failed, final, or missing).
 * The decision is the command shared/cases/commands/steps/recordFailure.ts.
 */
export const handler = taskHandler(recordFailure);
