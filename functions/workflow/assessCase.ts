import { assessCase } from '../../shared/cases/commands/steps/assessCase.js';
import { taskHandler } from './task.js';

/**
 * Assess (state `Assess`): the eligibility rules and the rights check of DOMAIN.md, on a case that was
 * submitted, resubmitted, or reopened by an appeal (the API has set it to `eligibility`). It moves the
 * case to `eligibility` first, then to `ineligible`, `rights_blocked` or `village_review`, with the
 * findings, the rights check and the parameter version on the case; the move to `village_review` takes
 * the case's land claims in the same transaction.
 * The decision is the command shared/cases/commands/steps/assessCase.ts.
 */
export const handler = taskHandler(assessCase);
