import type { FundView, ReplenishmentView } from '../client.js';
import { pathDriver } from './pathDriver.js';

/** The paths the special fund shapes: four-eyes approval of a large advance, and a shortfall. */

/** Above ¥500 000: one approval pays nothing, the same administrator twice pays nothing, a second pays once. */
export const fourEyesDriver = pathDriver(
  {
    name: 'four_eyes',
    description: 'four eyes: 1 approval pays nothing, same admin twice nothing, second admin pays once',
    household: 'four_eyes',
    expected: 'closed',
  },
  async (run) => {
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    const a = await run.fund('a');
    const b = await run.fund('b');
    await a.waitForTask(caseId, 'fund_review', 'fund_review', { timeoutMs: run.timeout });
    const first = await a.advance(caseId, 'approve', '同意 / approved');
    const afterFirst = {
      status: first.status,
      advanceStatus: first.advance.status,
      requiredApprovals: first.advance.requiredApprovals,
      approvals: first.advance.approvals.length,
      entries: (await run.ledgerOfCase(caseId)).length,
    };
    const again = await a.advance(caseId, 'approve', '再次同意 / approved again');
    const afterSame = {
      status: again.status,
      advanceStatus: again.advance.status,
      approvals: again.advance.approvals.length,
      entries: (await run.ledgerOfCase(caseId)).length,
    };
    const second = await b.advance(caseId, 'approve', '复核同意 / second approval');
    const repeat = await b.advance(caseId, 'approve', '重复点击 / double click');
    const afterSecond = {
      status: second.status,
      advanceStatus: second.advance.status,
      approvals: second.advance.approvals.length,
      repeatStatus: repeat.advance.status,
    };
    run.result.observations = { afterFirst, afterSame, afterSecond };
    run.check(afterFirst.requiredApprovals === 2, `requires ${afterFirst.requiredApprovals} approvals`);
    run.check(
      afterFirst.status === 'fund_review' && afterFirst.advanceStatus === 'pending_approval',
      `after one approval: ${afterFirst.status}/${afterFirst.advanceStatus}`,
    );
    run.check(afterFirst.entries === 0 && afterSame.entries === 0, 'money moved before the second approval');
    run.check(afterSame.approvals === 1, `the same admin counted ${afterSame.approvals} times`);
    run.check(second.status === 'disbursed' && second.advance.status === 'paid', `second: ${second.status}`);
    const result = await run.finish(caseId, 'closed');
    run.check((result.payableFen ?? 0) > 50_000_000, 'the four-eyes household is not above ¥500 000');
    return result;
  },
);

/** Gaoqing's small fund cannot cover the advance: it waits in the queue and a replenishment pays it. */
export const shortfallDriver = pathDriver(
  {
    name: 'shortfall',
    description: 'fund shortfall → awaiting_funds → replenishment pays FIFO → closed',
    household: 'shortfall',
    expected: 'closed',
  },
  async (run) => {
    const caseId = await run.file();
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    const decided = await run.fundApproval(caseId);
    run.check(
      decided.status === 'awaiting_funds' && decided.advance.status === 'queued',
      `approval → ${decided.status}/${decided.advance.status}, expected awaiting_funds/queued`,
    );
    const f = await run.fund();
    const queued = await f.waitForStatus(caseId, 'awaiting_funds', run.timeout);
    const fundBefore: FundView = await f.fund();
    run.check(fundBefore.queueLength >= 1, `queue length ${fundBefore.queueLength}`);
    run.check(
      fundBefore.balanceFen < (queued.advance?.amountFen ?? 0),
      'the balance covers the advance: no shortfall to show',
    );
    // just enough for the queue plus ¥10 000, so a later demo run meets the shortfall again
    const amountFen = fundBefore.queuedFen - fundBefore.balanceFen + 1_000_000;
    const rep: ReplenishmentView = await f.replenish({
      source: 'appropriation',
      amountFen,
      reference: `DEMO-APPROPRIATION-${caseId}`,
    });
    run.check(
      rep.paidAdvances.some((p) => p.caseId === caseId),
      `the replenishment paid ${rep.paidAdvances.map((p) => p.caseId).join(',') || 'nobody'}, not ${caseId}`,
    );
    const result = await run.finish(caseId, 'closed');
    const fundAfter = await f.fund();
    run.result.observations = { fundBefore, replenishment: rep, fundAfter, replenishedFen: amountFen };
    run.check(
      result.path.includes('awaiting_funds'),
      `the path skips awaiting_funds: ${result.path.join(' → ')}`,
    );
    run.check(fundAfter.queueLength === 0, `queue length ${fundAfter.queueLength} after the replenishment`);
    return result;
  },
);
