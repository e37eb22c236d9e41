import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients.js';
import { caseNumberDay, formatCaseNumber } from '../ids.js';
import { getItem, type TransactItem, tableName } from './dynamo.js';

/**
 * Case numbers (issue 18, docs/data-model.md):
 * - a counter item per district and Zibo day, `PK = CASENO#COUNTER#{district}`, `SK = {yyyymmdd}`,
 *   `lastSequence`: one atomic UpdateItem (ADD) hands out the next sequence, so two filings at the same
 *   moment never get the same number;
 * - a pointer item per number, `PK = CASENO#{number}`, `SK = CASENO`, `caseId`: written in the case's
 *   own create transaction only where none exists, so a number names one case for good and is found by
 *   one GetItem (the objection form accepts the number printed on the notice).
 * A number is taken before the create transaction: a filing that then fails leaves its number unused (a
 * gap in the day's sequence, never a duplicate).
 */
export const caseNumberKeys = {
  counter: (districtCode: string, day: string) => ({ PK: `CASENO#COUNTER#${districtCode}`, SK: day }),
  pointer: (caseNumber: string) => ({ PK: `CASENO#${caseNumber}`, SK: 'CASENO' }),
};

/** The next case number of the district on the Zibo day of `now`. */
export async function allocateCaseNumber(districtCode: string, now: string): Promise<string> {
  const day = caseNumberDay(now);
  const out = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: caseNumberKeys.counter(districtCode, day),
      UpdateExpression: 'ADD lastSequence :one SET itemType = :type',
      ExpressionAttributeValues: { ':one': 1, ':type': 'caseNumberCounter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const sequence = Number(out.Attributes?.lastSequence);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error('case number counter: no sequence');
  return formatCaseNumber(districtCode, day, sequence);
}

/** The pointer from a number to its case, for the case's create transaction (never overwritten). */
export function caseNumberPointerPut(caseNumber: string, caseId: string): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...caseNumberKeys.pointer(caseNumber), itemType: 'caseNumber', caseNumber, caseId },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The case id a case number names, or undefined when no case has that number. */
export async function caseIdOfNumber(caseNumber: string): Promise<string | undefined> {
  const item = await getItem(caseNumberKeys.pointer(caseNumber));
  return typeof item?.caseId === 'string' ? item.caseId : undefined;
}
