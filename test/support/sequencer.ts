import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in (vitest.config.ts). The two browser files, each a local runtime, a
 * DynamoDB Local and a Chromium, took ≈ 40 % longer each when they ran side by side on the 2-core
 * machine (portal 157 s → 239 s, journeys 219 s → 248 s): vitest's own order (longest first, from its
 * cache of the last run's durations) starts both at once. Here the journeys start first, the other
 * worker works through the heaviest files that are not browser files, and only then takes the portal
 * file, by which time the journeys are about done. The order is static, so a fresh CI machine (no
 * cache) runs the same plan; a name below that no longer exists is simply skipped.
 */
const FIRST = 'test/portal/journeys.test.ts';
/** ≈ 250 s of work on the other worker (measured on the 2-core machine) before the portal file */
const BEFORE_PORTAL = [
  'test/e2e/paths.test.ts',
  'test/e2e/restart.test.ts',
  'test/infra/synth.test.ts',
  'test/fund/ledgerProperties.test.ts',
  'test/local/demoCases.test.ts',
  'test/e2e/deadlineRaces.test.ts',
  'test/api/authorization.test.ts',
  'test/api/garbageBodies.test.ts',
];
const PORTAL = 'test/portal/portal.test.ts';

export default class BrowserFilesApart extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const named = (suffix: string) => sorted.filter((f) => f.moduleId.replace(/\\/g, '/').endsWith(suffix));
    const planned = [...named(FIRST), ...BEFORE_PORTAL.flatMap(named), ...named(PORTAL)];
    return [...planned, ...sorted.filter((f) => !planned.includes(f))];
  }
}
