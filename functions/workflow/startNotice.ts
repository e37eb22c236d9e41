import { startNotice } from '../../shared/cases/commands/steps/startNotice.js';
import { taskHandler } from './task.js';

/**
 * StartNotice: the village approved, the case is in `public_notice` (公示). Nothing is written: the
 * status was set by the approval. The step announces the notice (PublicNoticeStarted, which the notify
 * consumer turns into inbox notices) and answers the notice length in `seconds.public_notice`, from the
 * case's parameters, for the Wait that follows.
 * The decision is the command shared/cases/commands/steps/startNotice.ts.
 */
export const handler = taskHandler(startNotice);
