import type { SharesGoTo } from '../../../shared/domain/model/case.js';
import { EQUITY_VILLAGE, type EquityScenario } from '../../seed/demoEquity.js';
import { as } from './parties.js';
import { pathDriver } from './pathDriver.js';
import type { Driver } from './types.js';

/**
 * Equity exit (集体资产股权有偿退出, 二(二)5; DOMAIN.md wave 2): a household settled in town gives up some
 * of its collective shares. The members' meeting approves and says where the shares go, the town and the
 * district approve (the district's approval prices the one cash offer at the collective's share value
 * and takes the shares from this year's redemption quota), the household signs, and after the
 * cooling-off the collective pays all of it: the village's clerk records the transfer, the household
 * confirms it, the case closes and the registry's holding falls by the shares. The special fund never
 * sees it.
 */
export function equityDriver(scenario: EquityScenario, opts: { sharesGoTo?: SharesGoTo } = {}): Driver {
  const sharesGoTo = opts.sharesGoTo ?? 'collective_share';
  return pathDriver(
    {
      name: scenario,
      description: `equity exit, shares to ${sharesGoTo}, paid by the collective, draft → closed`,
      household: scenario,
      expected: 'closed',
    },
    async (run, ctx) => {
      const registrar = await as(ctx, 'registrar');
      const householdId = run.d.record.householdId;
      const held = (await registrar.getHousehold(householdId)).rights.equityShares;
      const caseId = await run.file();
      const filed = await (await run.applicant()).getCase(caseId);
      const shares = filed.application.type === 'equity_exit' ? filed.application.shares : 0;
      run.check(shares > 0, `case ${caseId} is a ${filed.application.type}, not an equity exit`);
      await run.villageDecision(caseId, 'approve', [], { sharesGoTo });
      const c = await run.choose(caseId, 'cash');
      run.check(c.offers.length === 1, `${c.offers.length} offers for an equity case, not 1`);
      const o = c.offers[0];
      const sharesFen = shares * EQUITY_VILLAGE.shareValueFen;
      run.check(
        o?.breakdown.sharesFen === sharesFen,
        `shares priced at ${o?.breakdown.sharesFen} fen, not ${shares} × ${EQUITY_VILLAGE.shareValueFen}`,
      );
      run.check(
        o?.amountFen === sharesFen + (o?.breakdown.premiumFen ?? 0) && o?.breakdown.rewardFen === 0,
        `the offer of ${o?.amountFen} fen is not the shares' value plus the premium, without reward`,
      );
      run.check(
        c.equity?.sharesGoTo === sharesGoTo,
        `the case says the shares go to ${c.equity?.sharesGoTo}`,
      );
      // who pays (wave 2): the collective, 100 % when the cooling-off ends; the land leg's driver records
      // the payment (the village's clerk) and the receipt (the household)
      const result = await run.finish(caseId, 'closed');
      run.check(result.path.includes('paying'), `the path does not show paying: ${result.path.join(' → ')}`);
      const after = (await registrar.getHousehold(householdId)).rights.equityShares;
      run.result.observations.equityShares = { held, shares, after };
      run.check(after === held - shares, `the registry holds ${after} shares, not ${held} − ${shares}`);
      return result;
    },
  );
}
