import { startCoolingOff } from '../../shared/cases/commands/steps/startCoolingOff.js';
import { taskHandler } from './task.js';

/**
 * StartCoolingOff (冷静期): the signed case enters the cooling-off; the Wait after it lasts what is left.
 * The decision is the command shared/cases/commands/steps/startCoolingOff.ts.
 */
export const handler = taskHandler(startCoolingOff);
