import { getCase, type StoredCase } from '../../adapters/table/caseRepository.js';
import { backoff } from '../../adapters/table/dynamo.js';
import type { Case } from '../../domain/model/case.js';
import { StaleWrite } from '../../errors/appError.js';
import type { CaseDecision } from './caseChange.js';
import { commitCaseChange } from './commit.js';

const ATTEMPTS = 4;

/**
 * A person's decision that the workflow's own bookkeeping may race: a deadline's escalation re-registers
 * the waiting step (a new token, a touched case) between the request's read and its write, and the
 * conditional write refuses. That is no conflict of substance, so the request reads the case again and
 * decides again, a few times, before answering 409; whatever the case now says (already recorded, no
 * longer due) is decided afresh and answered with its own code.
 */
export async function commitWithRereads(
  first: StoredCase,
  decide: (stored: StoredCase) => CaseDecision | Promise<CaseDecision>,
): Promise<Case> {
  let stored = first;
  for (let attempt = 0; ; attempt++) {
    try {
      return await commitCaseChange(await decide(stored));
    } catch (error) {
      if (!(error instanceof StaleWrite) || attempt + 1 >= ATTEMPTS) throw error;
      await backoff(attempt + 1);
      const again = await getCase(first.case.caseId);
      if (!again) throw error;
      stored = again;
    }
  }
}
