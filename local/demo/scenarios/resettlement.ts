import type { ResettlementOption } from '../../../shared/domain/model/offer.js';
import type { Scenario } from '../../seed/demoData.js';
import { as, demoHousehold } from './parties.js';
import { expectApiError, pathDriver } from './pathDriver.js';
import type { Driver } from './types.js';

/** The paths an eligible household walks to the end: signed, paid, reserved, closed. */

/** Eligible household all the way: village approval, public notice, offers, signature, advance, closed. */
export function resettlementDriver(
  scenario: Scenario,
  option: ResettlementOption,
  opts: { name?: string } = {},
): Driver {
  const name = opts.name ?? scenario;
  return pathDriver(
    { name, description: `${option} resettlement, draft → closed`, household: scenario, expected: 'closed' },
    async (run) => {
      const caseId = await run.file();
      await run.villageDecision(caseId, 'approve');
      const c = await run.choose(caseId, option);
      run.check(
        c.type !== 'homestead_exit' || c.offers.length === 3,
        `${c.offers.length} offers for a homestead case, not 3`,
      );
      run.result.observations.offeredAt = c.offeredAt;
      await run.fundApproval(caseId);
      const result = await run.finish(caseId, 'closed');
      // withdrawal is voluntary only until the agreement is signed
      const err = await expectApiError(run, 409, 'withdrawal after the agreement', async () =>
        (await run.applicant()).call('POST', `/cases/${caseId}/withdraw`),
      );
      run.result.observations.withdrawAfterAgreement = err?.status;
      return result;
    },
  );
}

/**
 * A housing option whose balance is paid to the household: the registrar records the spare household as
 * a single person, so the entitled flat (35 m2) costs less than the compensation.
 */
export const townHousingBalanceDriver = pathDriver(
  {
    name: 'town_housing_balance',
    description: 'town housing, compensation above the flat price: the balance is advanced',
    household: () => {
      const seeded = demoHousehold('spare_1');
      const first = seeded.record.members[0];
      if (!first) throw new Error('spare_1 has no members');
      return { ...seeded, record: { ...seeded.record, members: [first] } };
    },
    expected: 'closed',
  },
  async (run, ctx) => {
    await (await as(ctx, 'registrar')).putHousehold(run.d.record);
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'town_housing');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    run.check((result.payableFen ?? 0) > 0, 'the housing balance should be paid to the household');
    return result;
  },
);

/** Contract-land exit: one cash offer, rent × years per plot. */
export function contractDriver(
  scenario: 'contract_all_current' | 'contract_partial_permanent' | 'contract_leased',
): Driver {
  const description =
    scenario === 'contract_partial_permanent'
      ? 'contract land, partial scope, permanent'
      : scenario === 'contract_leased'
        ? 'contract land with a leased plot, all, current term'
        : 'contract land, all plots, current term';
  return pathDriver({ name: scenario, description, household: scenario, expected: 'closed' }, async (run) => {
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    const c = await run.choose(caseId, 'cash');
    run.check(c.offers.length === 1, `${c.offers.length} offers for a contract-land case, not 1`);
    const o = c.offers[0];
    run.check(
      o?.breakdown.premiumFen === 0 && o?.breakdown.rewardFen === 0,
      'a contract-land offer has premium or reward',
    );
    // who pays (wave 2): the collective, not the special fund — no fund review; the land leg's driver
    // records the collective's payments and the household's receipts
    return await run.finish(caseId, 'closed');
  });
}
