import type { DemoHousehold, Scenario } from '../../seed/demoData.js';
import { ApiError } from '../client.js';
import { failedRuleIds, statusPath } from './casePath.js';
import { demoHousehold } from './parties.js';
import { PathRun } from './pathRun.js';
import type { DemoContext, Driver, ScenarioResult } from './types.js';

/** Runs a driver body; an exception becomes a problem of the row instead of ending the demo. */
async function guarded(run: PathRun, body: () => Promise<ScenarioResult>): Promise<ScenarioResult> {
  try {
    return await body();
  } catch (error) {
    run.problem(error instanceof Error ? error.message : String(error));
    if (run.result.caseId) {
      try {
        const c = await (await run.applicant()).getCase(run.result.caseId);
        run.result.case = c;
        run.result.finalStatus = c.status;
        run.result.failedRules = failedRuleIds(c);
        run.result.path = statusPath(c);
      } catch {
        // the row keeps what it had
      }
    }
    return run.done();
  }
}

/** Makes a call that must be refused with `status`; a success or another status is a problem of the row. */
export async function expectApiError(
  run: PathRun,
  status: number,
  what: string,
  call: () => Promise<unknown>,
) {
  try {
    await call();
    run.problem(`${what}: expected ${status}, got a success`);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) {
      run.check(error.status === status, `${what}: expected ${status}, got ${error.status}`);
      return error;
    }
    throw error;
  }
}

interface PathSpec {
  name: string;
  /** a line for the demo's table */
  description: string;
  /** the demo household the path plays, or how to make it (read when the path runs) */
  household: Scenario | (() => DemoHousehold);
  /** what the path must end in, e.g. `closed` or `ineligible H-QUALIFIED` */
  expected: string;
}

/** A driver: its row, and its body guarded so that an exception becomes a problem of the row. */
export function pathDriver(
  spec: PathSpec,
  body: (run: PathRun, ctx: DemoContext) => Promise<ScenarioResult>,
): Driver {
  return {
    name: spec.name,
    description: spec.description,
    run(ctx) {
      const d = typeof spec.household === 'string' ? demoHousehold(spec.household) : spec.household();
      const run = new PathRun(ctx, spec.name, d, spec.expected);
      return guarded(run, () => body(run, ctx));
    },
  };
}
