import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { backfillCaseNames } from '../../scripts/backfillCaseNames.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { caseIdOfNumber } from '../../shared/adapters/table/caseNumbers.js';
import { caseItem, getCase } from '../../shared/adapters/table/caseRepository.js';
import type { Case } from '../../shared/domain/model/case.js';
import { freshTable, fundReviewCase } from '../fund/harness.js';
import { useApiEnvironment } from '../support/api.js';
import { HOUSEHOLDS, OWN_HOUSEHOLD, seedRegistry, VILLAGES } from '../support/seed.js';

/**
 * Issue 18's numbers and names for cases filed before them (scripts/backfillCaseNames.ts): a number of the
 * Zibo day each was filed, with its pointer; the names the registry has now; nothing twice.
 */
const env = useApiEnvironment();

/** A case as stored before issue 18: no number, no names. */
function legacyCase(n: number, createdAt: string, householdId = OWN_HOUSEHOLD): Case {
  const { caseNumber: _n, names: _names, ...c } = fundReviewCase({ caseId: `C-OLD-${n}`, amountFen: 1_000 });
  return { ...c, householdId, createdAt };
}

async function store(c: Case): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: requireConfig('TABLE_NAME'), Item: caseItem(c, undefined) }),
  );
}

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  await seedRegistry();
});

describe('backfillCaseNames', () => {
  it('numbers old cases by the Zibo day they were filed, names them from the registry, and a second run does nothing', async () => {
    // 17:30 UTC on 5 December is 01:30 on 6 December in Zibo
    await store(legacyCase(1, '2026-12-05T17:30:00.000Z'));
    await store(legacyCase(2, '2026-12-05T18:00:00.000Z'));
    await store(legacyCase(3, '2026-12-04T02:00:00.000Z', 'H-GONE'));
    const numbered = { ...legacyCase(4, '2026-12-06T02:00:00.000Z'), caseNumber: '370302-20261206-0001' };
    await store(numbered);

    const report = await backfillCaseNames();
    expect(report).toEqual({ scanned: 3, updated: 3, withoutNames: 1, changedMeanwhile: 0, failures: [] });

    const one = (await getCase('C-OLD-1'))?.case;
    const two = (await getCase('C-OLD-2'))?.case;
    expect([one?.caseNumber, two?.caseNumber].sort()).toEqual([
      '370302-20261206-0001',
      '370302-20261206-0002',
    ]);
    const head = HOUSEHOLDS.own.members.find((m) => m.memberId === HOUSEHOLDS.own.headMemberId)?.name;
    expect(one?.names).toEqual({
      householdHead: head,
      village: VILLAGES.own.name,
      town: VILLAGES.own.townName,
      members: HOUSEHOLDS.own.members.map((m) => ({ memberId: m.memberId, name: m.name })),
    });
    expect(await caseIdOfNumber(one?.caseNumber ?? '')).toBe('C-OLD-1');
    // a household the registry no longer has: the number, no names
    const gone = (await getCase('C-OLD-3'))?.case;
    expect(gone?.caseNumber).toBe('370302-20261204-0001');
    expect(gone?.names).toBeUndefined();
    // a case that had its number keeps it, and nothing else about the cases moved
    expect((await getCase('C-OLD-4'))?.case.caseNumber).toBe('370302-20261206-0001');
    expect(one?.version).toBe(0);
    expect(one?.status).toBe('fund_review');

    expect(await backfillCaseNames()).toEqual({
      scanned: 0,
      updated: 0,
      withoutNames: 0,
      changedMeanwhile: 0,
      failures: [],
    });
  });
});
