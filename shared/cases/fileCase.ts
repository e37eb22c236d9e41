import { newId } from '../adapters/ids.js';
import { allocateCaseNumber } from '../adapters/table/caseNumbers.js';
import type { Application } from '../domain/model/application.js';
import type { Case } from '../domain/model/case.js';
import { caseNamesOf } from '../domain/model/caseNames.js';
import type { Household } from '../domain/model/household.js';
import type { Village } from '../domain/model/village.js';
import { commitCaseChange } from './commands/commit.js';
import { createChange } from './commands/create.js';

/**
 * Files a household's application as a new draft case (POST /cases, the demo seed): takes the next case
 * number of the district's Zibo day, and keeps the registry's names with it, so that every read of the
 * case (one item, one Query for a list) names the household, village and town without the registry.
 */
export async function fileCase(
  application: Application,
  household: Pick<Household, 'headMemberId' | 'members'>,
  village: Pick<Village, 'villageCode' | 'districtCode' | 'name' | 'townName'>,
  actor: string,
  now: string,
): Promise<Case> {
  const caseNumber = await allocateCaseNumber(village.districtCode, now);
  const names = caseNamesOf(household, village);
  return commitCaseChange(
    createChange(newId('C', now), application, village, actor, now, { caseNumber, names }),
  );
}
