import { escalate } from '../../shared/cases/commands/steps/escalate.js';
import { taskHandler } from './task.js';

/**
 * The `States.Timeout` of a human step's first wait (states Escalate…): the deadline passed, so the step
 * is marked escalated on the case (once), a DeadlineEscalated event goes out and the responsible party
 * gets an inbox notice (reviewers of the village, fund administrators of the district, or the
 * household for its own resubmission and choice), in the same transaction as the case. The execution
 * then waits again on the step (`next` names it); nothing is ever dropped.
 * The decision is the command shared/cases/commands/steps/escalate.ts.
 */
export const handler = taskHandler(escalate);
