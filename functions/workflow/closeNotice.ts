import { closeNotice } from '../../shared/cases/commands/steps/closeNotice.js';
import { taskHandler } from './task.js';

/**
 * CloseNotice, after the public notice's Wait. An unresolved objection sends the case back to village
 * review (the objections stay unresolved: the review that hears them settles them). Otherwise the
 * offers are priced with the parameters in force today (the version is kept on the case, which is
 * priced once), and the household chooses.
 * The decision is the command shared/cases/commands/steps/closeNotice.ts.
 */
export const handler = taskHandler(closeNotice);
