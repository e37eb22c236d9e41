import { beforeAll, describe, expect, it } from 'vitest';
import {
  parametersInForceFor,
  parametersVersion,
  putParameterVersion,
} from '../../shared/adapters/table/policyRepository.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { useApiEnvironment } from '../support/api.js';
import { dynamoCommandsDuring } from '../support/dynamoRequests.js';
import { OTHER_DISTRICT, OWN_DISTRICT, seedRegistry } from '../support/seed.js';

/**
 * A case's own policy version is read once per container (issue 17): a version is written once and never
 * changed, so the steps that need a case's deadlines (every registerTask) read it from memory. Which
 * version is in force is always read: a new version may be added at any time.
 */
useApiEnvironment();

beforeAll(async () => {
  await seedRegistry();
});

async function requestsDuring(run: () => Promise<unknown>): Promise<number> {
  return (await dynamoCommandsDuring(run)).sent.length;
}

describe('policy versions', () => {
  it('a version read once is answered without a request, as a copy nobody can change for the next', async () => {
    const version = illustrativeParameters(OWN_DISTRICT).version;
    expect(await requestsDuring(() => parametersVersion(OWN_DISTRICT, version))).toBeLessThanOrEqual(1);
    let first: Awaited<ReturnType<typeof parametersVersion>>;
    expect(
      await requestsDuring(async () => {
        first = await parametersVersion(OWN_DISTRICT, version);
      }),
    ).toBe(0);
    if (!first) throw new Error('no version');
    first.publicNoticeDays = 999;
    const again = await parametersVersion(OWN_DISTRICT, version);
    expect(again?.publicNoticeDays).toBe(illustrativeParameters(OWN_DISTRICT).publicNoticeDays);
    // the version is this district's: another district never gets it from memory
    expect(await parametersVersion(OTHER_DISTRICT, version)).toBeUndefined();
  });

  it('the version in force is read every time, so a version added later takes effect at once', async () => {
    const base = illustrativeParameters(OWN_DISTRICT);
    const before = await parametersInForceFor(OWN_DISTRICT, '2030-01-01');
    expect(before.version).toBe(base.version);
    const later = {
      ...base,
      version: `${OWN_DISTRICT}-2029-01`,
      effectiveFrom: '2029-01-01',
      publicNoticeDays: 9,
    };
    expect(await putParameterVersion(later)).toBe(true);
    expect(await requestsDuring(() => parametersInForceFor(OWN_DISTRICT, '2030-01-01'))).toBe(1);
    expect((await parametersInForceFor(OWN_DISTRICT, '2030-01-01')).version).toBe(later.version);
    // an unknown version is still looked up (and not found), never guessed
    expect(await parametersVersion(OWN_DISTRICT, 'no-such-version')).toBeUndefined();
  });
});
