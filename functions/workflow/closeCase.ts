import { closeCase } from '../../shared/cases/commands/steps/closeCase.js';
import { taskHandler } from './task.js';

/**
 * Close: `reserved → closed`, the end of the life cycle.
 * The decision is the command shared/cases/commands/steps/closeCase.ts.
 */
export const handler = taskHandler(closeCase);
