import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { backfillCertificates } from '../../scripts/backfillCertificates.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { keys } from '../../shared/adapters/keys.js';
import { certificateKey } from '../../shared/adapters/table/certificates.js';
import { getItem } from '../../shared/adapters/table/dynamo.js';
import { type Household, householdSchema } from '../../shared/domain/model/household.js';
import { TABLE_NAME, useApiEnvironment } from '../support/api.js';
import { HOUSEHOLDS, householdRecord, OWN_VILLAGE, seedRegistry } from '../support/seed.js';

/**
 * scripts/backfillCertificates.ts (docs/registry-integrity.md, "Records written before this"): households
 * stored before certificate items existed take their numbers; two of them with one number are reported,
 * not both written, and the run goes on.
 */
useApiEnvironment();

beforeAll(async () => {
  await seedRegistry();
});

/** A household item as it was written before certificate items and revisions existed. */
async function storeLegacy(householdId: string, certificateNo: string): Promise<Household> {
  const base = householdRecord(householdId, OWN_VILLAGE);
  const parcel = base.homesteads?.[0];
  if (!parcel) throw new Error('the seed record has a parcel');
  const h = householdSchema.parse({ ...base, homesteads: [{ ...parcel, certificateNo }] });
  await documentClient().send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: { ...keys.household(householdId), itemType: 'household', data: h, updatedAt: 'x' },
    }),
  );
  return h;
}

const holder = async (certificateNo: string) => {
  const item = await getItem(certificateKey(certificateNo));
  return item && { householdId: item.householdId, parcelId: item.parcelId };
};

describe('backfillCertificates', () => {
  it('gives every stored household its certificate items and reports the one duplicate', async () => {
    const shared = '鲁(2018)淄川区不动产权第0700001号';
    await storeLegacy('H-BF-1', shared);
    const respelt = '鲁（2018）淄川区不动产权第0700001号';
    await storeLegacy('H-BF-2', respelt);
    await storeLegacy('H-BF-3', '鲁(2018)淄川区不动产权第0700003号');
    const lines: string[] = [];
    const report = await backfillCertificates({ log: (l) => lines.push(l) });

    expect(report.households).toBe(3 + Object.keys(HOUSEHOLDS).length);
    expect(report.written).toBe(report.households - 1);
    expect(report.failures).toEqual([]);
    expect(report.conflicts).toEqual([
      {
        householdId: 'H-BF-2',
        parcelId: 'P1',
        certificateNo: respelt,
        heldBy: { householdId: 'H-BF-1', parcelId: 'P1', certificateNo: shared },
      },
    ]);
    expect(lines.filter((l) => l.startsWith('CONFLICT'))).toEqual([
      `CONFLICT household H-BF-2 parcel P1 certificate ${respelt}: held by household H-BF-1 parcel P1 (entered as ${shared})`,
    ]);
    expect(await holder(shared)).toEqual({ householdId: 'H-BF-1', parcelId: 'P1' });
    expect(await holder('鲁(2018)淄川区不动产权第0700003号')).toEqual({
      householdId: 'H-BF-3',
      parcelId: 'P1',
    });

    // again: the same conflict, nothing else
    const again = await backfillCertificates({ log: () => {} });
    expect(again.conflicts.map((c) => c.householdId)).toEqual(['H-BF-2']);
    expect(again.written).toBe(report.written);
  });
});
