import { registerTask } from '../../shared/cases/commands/steps/registerTask.js';
import { taskHandler } from './task.js';

/**
 * A human step (`.waitForTaskToken`, states Await…): stores the execution's task token on the case with
 * the status it belongs to, so the API decision that ends the step can consume it in its own write and
 * resume the execution. The output of the state is the decision's SendTaskSuccess, never this return.
 * The decision is the command shared/cases/commands/steps/registerTask.ts.
 */
export const handler = taskHandler(registerTask);
