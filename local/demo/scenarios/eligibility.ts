import type { HouseholdInput } from '../../../shared/domain/model/household.js';
import type { Scenario } from '../../seed/demoData.js';
import { failedRuleIds } from './casePath.js';
import { as, demoHousehold } from './parties.js';
import { expectApiError, pathDriver } from './pathDriver.js';
import type { Driver } from './types.js';

/** The paths the assessment decides: the rules or the rights check turn a case away, or an appeal. */

/** A household the rules turn away: the case ends `ineligible` naming the failed rule. */
export function ineligibleDriver(scenario: Scenario, opts: { appealTwice?: boolean } = {}): Driver {
  const d = demoHousehold(scenario);
  return pathDriver(
    {
      name: scenario,
      description: `ineligible: ${d.expected}${opts.appealTwice ? ', appealed once (a second appeal is refused)' : ''}`,
      household: scenario,
      expected: `ineligible ${d.expected}`,
    },
    async (run) => {
      const caseId = await run.file();
      if (opts.appealTwice) {
        await run.waitFor(caseId, 'ineligible');
        const me = await run.applicant();
        await me.appeal(
          caseId,
          '本户已在城镇务工多年，请复核 / we have worked in town for years, please review',
        );
        // the appeal re-runs the assessment on the same registry record: still ineligible
        await me.waitForStatus(caseId, 'ineligible', run.timeout, { until: (c) => c.appeals.length === 1 });
        const again = await expectApiError(run, 409, 'second appeal', () => me.appeal(caseId, '再次申诉'));
        run.result.observations.secondAppeal = again?.status;
      }
      const result = await run.finish(caseId, 'ineligible');
      run.check(
        result.failedRules.join(',') === d.expected,
        `failed rules ${result.failedRules.join(',') || 'none'}, expected ${d.expected}`,
      );
      run.check(result.case?.offers.length === 0, 'an ineligible case has offers');
      return result;
    },
  );
}

/** Two cases on the same parcel: the second is ineligible while the first is open. */
export const duplicateDriver = pathDriver(
  {
    name: 'duplicate',
    description: 'a second case on a parcel with an open case: ineligible H-NO-DUPLICATE',
    household: 'duplicate',
    expected: 'ineligible H-NO-DUPLICATE',
  },
  async (run) => {
    const first = await run.file();
    await (await run.reviewer()).waitForTask(first, 'village_review', 'village_review', {
      timeoutMs: run.timeout,
    });
    run.result.observations.firstCaseId = first;
    const second = await run.file();
    const result = await run.finish(second, 'ineligible');
    run.check(result.failedRules.join(',') === 'H-NO-DUPLICATE', `failed ${result.failedRules.join(',')}`);
    await (await run.applicant()).withdraw(first);
    await run.waitFor(first, 'withdrawn');
    return result;
  },
);

/** The village's exit terms demand the contract land: the rights check blocks the homestead exit. */
export const rightsBlockedDriver = pathDriver(
  {
    name: 'rights_blocked',
    description: 'village terms demand the contract land too: rights_blocked',
    household: 'rights_blocked',
    expected: 'rights_blocked contract_land',
  },
  async (run) => {
    const caseId = await run.file();
    const result = await run.finish(caseId, 'rights_blocked');
    const rc = result.case?.rightsCheck;
    run.check(rc?.passed === false, 'the rights check passed');
    run.check(
      rc?.violations.some((v) => v.right === 'contract_land') === true,
      `violations ${rc?.violations.map((v) => v.right).join(',')} do not name contract_land`,
    );
    run.result.observations.violations = rc?.violations.map((v) => v.right);
    return result;
  },
);

/**
 * Appeal of an ineligible finding: the registry recorded the household's non-farm evidence wrongly, the
 * case is found ineligible, the registrar corrects the record, the household appeals once, and the
 * re-assessment lets the case go on to the end.
 */
export const appealDriver = pathDriver(
  {
    name: 'appeal',
    description: 'ineligible on a wrong registry record → corrected → appeal → eligible → closed',
    household: 'appeal',
    expected: 'closed',
  },
  async (run, ctx) => {
    const d = run.d;
    const registrar = await as(ctx, 'registrar');
    const wrong: HouseholdInput = {
      ...d.record,
      nonFarm: { socialInsuranceMonths: 6, urbanResidenceMonths: 4, businessLicenceMonths: 0 },
    };
    await registrar.putHousehold(wrong);
    const caseId = await run.file();
    try {
      const first = await run.waitFor(caseId, 'ineligible');
      run.result.observations.firstFailedRules = failedRuleIds(first);
      run.check(
        failedRuleIds(first).join(',') === 'H-QUALIFIED',
        `first assessment failed ${failedRuleIds(first).join(',')}, expected H-QUALIFIED`,
      );
    } finally {
      await registrar.putHousehold(d.record);
    }
    const me = await run.applicant();
    const appealed = await me.appeal(
      caseId,
      '登记的社保月数有误，已由登记机构更正 / the registry had our insurance months wrong; corrected',
    );
    run.result.observations.appealStatus = appealed.status;
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    run.check(
      result.path.includes('ineligible'),
      `the path does not show the first finding: ${result.path.join(' → ')}`,
    );
    run.check(
      result.failedRules.length === 0,
      `after the appeal the findings still fail ${result.failedRules.join(',')}`,
    );
    run.check(result.case?.appeals.length === 1, `${result.case?.appeals.length} appeals recorded`);
    return result;
  },
);
