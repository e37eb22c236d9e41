import { DEMO_HOUSEHOLDS } from '../../seed/demoData.js';
import { applicantOf, as, resolution } from './parties.js';
import { expectApiError, pathDriver } from './pathDriver.js';

/** The paths that leave the straight line during review: returned, withdrawn, objected to. */

export const returnedDriver = pathDriver(
  {
    name: 'returned_then_resubmitted',
    description: 'returned for correction, resubmitted, approved, closed',
    household: 'returned_then_resubmitted',
    expected: 'closed',
  },
  async (run) => {
    const caseId = await run.file();
    const s = await run.villageDecision(caseId, 'return', [
      '请补充房屋测绘报告 / please add the building survey',
    ]);
    run.check(s === 'returned', `return → ${s}`);
    const me = await run.applicant();
    await me.waitForTask(caseId, 'returned', 'resubmission', { timeoutMs: run.timeout });
    const r = await me.submit(caseId);
    run.result.observations.resubmitStatus = r.status;
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    for (const s of ['returned', 'resubmitted'] as const) {
      run.check(result.path.includes(s), `the path does not show ${s}: ${result.path.join(' → ')}`);
    }
    return result;
  },
);

export const withdrawnDriver = pathDriver(
  {
    name: 'withdrawn',
    description: 'withdrawn by the household during village review',
    household: 'withdrawn',
    expected: 'withdrawn',
  },
  async (run) => {
    const caseId = await run.file();
    const me = await run.applicant();
    await me.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: run.timeout });
    await me.withdraw(caseId);
    const result = await run.finish(caseId, 'withdrawn');
    // the reviewer can no longer decide it
    const err = await expectApiError(run, 409, 'review of a withdrawn case', async () =>
      (await run.reviewer()).call('POST', `/cases/${caseId}/review`, {
        body: { decision: 'approve', reasons: [], resolution: resolution() },
      }),
    );
    run.result.observations.reviewAfterWithdrawal = err?.status;
    return result;
  },
);

/** A neighbour objects during the public notice: back to village review when the notice ends, approved again. */
export const objectionDriver = pathDriver(
  {
    name: 'objection',
    description: 'objection during the public notice → village review again → approved → closed',
    household: 'objection',
    expected: 'closed',
  },
  async (run, ctx) => {
    const d = run.d;
    const caseId = await run.file();
    const s = await run.villageDecision(caseId, 'approve');
    run.check(s === 'public_notice', `approval → ${s}`);
    const neighbour = DEMO_HOUSEHOLDS.find(
      (h) => h.record.villageCode === d.record.villageCode && h.record.householdId !== d.record.householdId,
    );
    if (!neighbour) throw new Error('no neighbour in the objection village');
    const objector = await as(ctx, applicantOf(neighbour));
    const o = await objector.object(
      caseId,
      '该宅基地东侧边界与我家有争议 / the east boundary is disputed with us',
    );
    run.result.observations.objectionId = o.objectionId;
    const back = await (await run.reviewer()).waitForTask(caseId, 'village_review', 'village_review', {
      timeoutMs: run.timeout,
    });
    run.result.observations.objectionsAtSecondReview = back.objections.length;
    run.check(
      back.objections.some((x) => !x.resolved),
      'the objection is not open when the case comes back to review',
    );
    await run.villageDecision(caseId, 'approve');
    await run.choose(caseId, 'cash');
    await run.fundApproval(caseId);
    const result = await run.finish(caseId, 'closed');
    const p = result.path;
    const notice = p.indexOf('public_notice');
    run.check(
      notice >= 0 && p[notice + 1] === 'village_review' && p.lastIndexOf('public_notice') > notice,
      `the path does not go back from the notice to review: ${p.join(' → ')}`,
    );
    const village = result.case?.reviews.filter((r) => r.step === 'village_review').length;
    run.check(village === 2, `${village} village reviews, expected 2`);
    run.check(result.case?.objections.every((x) => x.resolved) === true, 'the objection is still open');
    return result;
  },
);
