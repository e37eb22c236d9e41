import { resolve } from 'node:path';
import { allocateCaseNumber, caseNumberPointerPut } from '../shared/adapters/table/caseNumbers.js';
import { cancellationCodes, tableName, transact } from '../shared/adapters/table/dynamo.js';
import { getHousehold, getVillage } from '../shared/adapters/table/registryRepository.js';
import { caseSchema } from '../shared/domain/model/case.js';
import { caseNamesOf } from '../shared/domain/model/caseNames.js';
import { type BackfillReport, emptyReport, forEachScanned } from './scanTable.js';

/**
 * The one-off backfill of issue 18's case numbers and names (docs/data-model.md "Keys added later"): a
 * case filed before them has no `caseNumber` (370302-20261206-0042) and no `names` (the head of
 * household, the village, the town, the members), so the portal shows its internal id and the
 * household id where a person expects a number and a name. This gives each such case:
 * - a number of the Zibo day it was **filed** (`createdAt`), the next of that district's sequence for
 *   that day (the same counter item filing uses, so a number is never handed out twice), with its
 *   pointer item (a number names one case for good: the objection form looks it up);
 * - the names as the registry has them **now** (filing records them as they were then; for an old case
 *   that moment has passed, and today's registry is the best record of it).
 *
 *   TABLE_NAME=… [AWS_REGION=… AWS_ENDPOINT_URL_DYNAMODB=…] npx tsx scripts/backfillCaseNames.ts
 *
 * Idempotent: it touches only case items without a number, each in one transaction with the pointer,
 * conditional on the case's `version` being the one read and it still having no number, so a case
 * written meanwhile is left alone (`changedMeanwhile`; run it again). The case's `version` is not
 * bumped: a command that read the case before keeps its own condition, and if its write lands after
 * this one it writes the case back without the number; the pointer then still names the case, and the
 * next run gives it another number (two numbers for one case, never one number for two). Run it in a
 * quiet hour. A case whose household or village the registry no longer has gets its number without names
 * (`withoutNames`). Exit code 1 if an item could not be read.
 */

export interface CaseNamesBackfillReport extends BackfillReport {
  /** numbered, but the registry no longer has the household or the village: no names */
  withoutNames: number;
}

export async function backfillCaseNames(): Promise<CaseNamesBackfillReport> {
  const report: CaseNamesBackfillReport = { ...emptyReport(), withoutNames: 0 };
  await forEachScanned(
    {
      FilterExpression: 'SK = :sk AND begins_with(PK, :pk) AND attribute_not_exists(#data.caseNumber)',
      ExpressionAttributeNames: { '#data': 'data' },
      ExpressionAttributeValues: { ':sk': 'CASE', ':pk': 'CASE#' },
    },
    async (item) => {
      report.scanned += 1;
      const key = { PK: String(item.PK), SK: String(item.SK) };
      const parsed = caseSchema.safeParse(item.data);
      if (!parsed.success) {
        report.failures.push({ key: key.PK, message: parsed.error.message.slice(0, 200) });
        return;
      }
      const c = parsed.data;
      const [household, village] = await Promise.all([getHousehold(c.householdId), getVillage(c.village)]);
      const names = household && village ? caseNamesOf(household, village) : undefined;
      const caseNumber = await allocateCaseNumber(c.districtCode, c.createdAt);
      try {
        await transact([
          {
            Update: {
              TableName: tableName(),
              Key: key,
              UpdateExpression: names
                ? 'SET #data.caseNumber = :number, #data.#names = :names'
                : 'SET #data.caseNumber = :number',
              ConditionExpression: 'attribute_not_exists(#data.caseNumber) AND #version = :version',
              ExpressionAttributeNames: {
                '#data': 'data',
                '#version': 'version',
                ...(names ? { '#names': 'names' } : {}),
              },
              ExpressionAttributeValues: {
                ':number': caseNumber,
                ':version': item.version,
                ...(names ? { ':names': names } : {}),
              },
            },
          },
          caseNumberPointerPut(caseNumber, c.caseId),
        ]);
        report.updated += 1;
        if (!names) report.withoutNames += 1;
      } catch (error) {
        // the case moved since it was read: its number stays unused (a gap in that day's sequence)
        if (!cancellationCodes(error)) throw error;
        report.changedMeanwhile += 1;
      }
    },
  );
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const report = await backfillCaseNames();
  console.log(JSON.stringify(report, null, 2));
  if (report.failures.length > 0) process.exitCode = 1;
}
