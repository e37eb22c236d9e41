import { openFundReview } from '../../shared/cases/commands/steps/openFundReview.js';
import { taskHandler } from './task.js';

/**
 * OpenFundReview: the agreement is signed; the case asks the special fund for the advance (先行垫付):
 * `cooling_off → fund_review` (when the cooling-off is over) with the advance pending approval (four eyes above the threshold of
 * the agreement's parameter version). The event tells the district's fund administrators.
 * The decision is the command shared/cases/commands/steps/openFundReview.ts.
 */
export const handler = taskHandler(openFundReview);
