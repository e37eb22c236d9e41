import type { TransactItem } from '../../../adapters/table/dynamo.js';
import { queryAll, tableName } from '../../../adapters/table/dynamo.js';
import { fundKeys } from '../../../fund/keys.js';
import { workflow } from '../../../ports/workflow.js';
import type { HumanStepOutcome } from '../../../workflow/contract.js';

export type FundStep = 'fund_review' | 'awaiting_funds';

/**
 * The outcome sent to a fund step's token, kept in the same transaction as the decision, so that a
 * retried call can send it again (see redeliver): the first call may have committed and then died before
 * it resumed the workflow.
 */
export function resumePut(
  caseId: string,
  step: FundStep,
  token: string,
  output: HumanStepOutcome,
  at: string,
): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...fundKeys.resume(caseId, step), itemType: 'fund_resume', token, output, at },
    },
  };
}

/**
 * Sends the stored outcomes again. Used when a call finds its work already done. Step Functions refuses
 * a token it has already seen (TaskTimedOut / InvalidToken), so a second delivery changes nothing there;
 * that refusal is expected and swallowed.
 */
export async function redeliver(caseId: string): Promise<void> {
  const records = await queryAll(`CASE#${caseId}`, 'FUND_RESUME#');
  for (const r of records) {
    if (typeof r.token !== 'string') continue;
    try {
      await workflow().resumeTask(r.token, r.output);
    } catch {
      // already delivered (or the execution is gone): nothing left to do for this token
    }
  }
}
