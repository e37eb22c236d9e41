import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler, loadDeadlines } from '../../functions/workflow/loadDeadlines.js';
import { resetAppConfig } from '../../shared/adapters/config.js';
import { putParameterVersion } from '../../shared/adapters/table/policyRepository.js';
import { policyParametersSchema } from '../../shared/domain/model/policy.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { HUMAN_STEPS, type HumanStep, taskResultSchema } from '../../shared/workflow/contract.js';
import { deadlineSeconds } from '../../shared/workflow/deadlineSeconds.js';
import { lambdaContext, useApiEnvironment } from '../support/api.js';
import { OWN_DISTRICT, seedCase, seedRegistry } from '../support/seed.js';

const DAY = 86_400;

describe('deadlineSeconds', () => {
  const params = illustrativeParameters(OWN_DISTRICT);

  it('gives every human step the deadline its HUMAN_STEPS entry names, the wait after an escalation and the notice their days, in seconds', () => {
    const seconds = deadlineSeconds(params);
    expect(seconds).toEqual({
      village_review: 15 * DAY,
      town_review: 10 * DAY,
      district_approval: 10 * DAY,
      resubmission: 30 * DAY,
      resettlement_choice: 30 * DAY,
      fund_review: 10 * DAY,
      awaiting_funds: 10 * DAY,
      vacated: 90 * DAY,
      disposed: 180 * DAY,
      certificate_cancelled: 30 * DAY,
      handed_over: 30 * DAY,
      collective_payment: 30 * DAY,
      re_escalation: 5 * DAY,
      public_notice: 7 * DAY,
      cooling_off: 15 * DAY,
    });
    for (const step of Object.keys(HUMAN_STEPS) as HumanStep[]) {
      expect(seconds[step], step).toBe(params.deadlines[HUMAN_STEPS[step].deadline] * DAY);
    }
    expect(taskResultSchema.parse({ caseId: 'c', next: 'end', seconds }).seconds).toEqual(seconds);
  });

  it('follows the parameters, not constants', () => {
    const changed = {
      ...params,
      publicNoticeDays: 0,
      deadlines: {
        reviewDays: 1,
        townReviewDays: 5,
        districtApprovalDays: 6,
        resubmissionDays: 2,
        choiceDays: 3,
        fundReviewDays: 4,
        reEscalationDays: 2,
        vacatedDays: 90,
        disposedDays: 180,
        cancelledDays: 30,
        handedOverDays: 30,
        collectivePaymentDays: 30,
      },
    };
    expect(deadlineSeconds(changed)).toEqual({
      village_review: DAY,
      town_review: 5 * DAY,
      district_approval: 6 * DAY,
      resubmission: 2 * DAY,
      resettlement_choice: 3 * DAY,
      fund_review: 4 * DAY,
      awaiting_funds: 4 * DAY,
      vacated: 90 * DAY,
      disposed: 180 * DAY,
      certificate_cancelled: 30 * DAY,
      handed_over: 30 * DAY,
      collective_payment: 30 * DAY,
      re_escalation: 2 * DAY,
      public_notice: 0,
      cooling_off: 15 * DAY,
    });
  });

  it('a version stored before the escalation ladder re-escalates after the default 5 days', () => {
    const { reEscalationDays: _drop, ...before } = params.deadlines;
    const stored = policyParametersSchema.parse({ ...params, deadlines: before });
    expect(stored.deadlines.reEscalationDays).toBe(5);
    expect(deadlineSeconds(stored).re_escalation).toBe(5 * DAY);
  });

  it('LOCAL_FAST_WAITS caps every deadline at one second and keeps a zero-day notice at zero', () => {
    expect(Object.values(deadlineSeconds(params, { fast: true }))).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ]);
    expect(deadlineSeconds({ ...params, publicNoticeDays: 0 }, { fast: true }).public_notice).toBe(0);
  });
});

describe('loadDeadlines (DynamoDB Local)', () => {
  useApiEnvironment();
  beforeAll(async () => {
    await seedRegistry();
    // a later version for the district, in force from 2025 on, with other deadlines
    await putParameterVersion({
      ...illustrativeParameters(OWN_DISTRICT),
      version: `${OWN_DISTRICT}-2025-01`,
      effectiveFrom: '2025-01-01',
      publicNoticeDays: 10,
      deadlines: {
        reviewDays: 20,
        townReviewDays: 12,
        districtApprovalDays: 8,
        resubmissionDays: 25,
        choiceDays: 40,
        fundReviewDays: 5,
        reEscalationDays: 3,
        vacatedDays: 90,
        disposedDays: 180,
        cancelledDays: 30,
        handedOverDays: 30,
        collectivePaymentDays: 30,
      },
    });
  });
  afterEach(() => {
    delete process.env.WAIT_SECONDS_CAP;
    resetAppConfig();
  });

  it('a case not yet priced gets the deadlines of the parameters in force', async () => {
    const { caseId } = await seedCase({ status: 'submitted' });
    const result = await loadDeadlines({ caseId }, '2026-03-01T00:00:00.000Z');
    expect(taskResultSchema.parse(result)).toEqual({
      caseId,
      next: 'end',
      seconds: {
        village_review: 20 * DAY,
        town_review: 12 * DAY,
        district_approval: 8 * DAY,
        resubmission: 25 * DAY,
        resettlement_choice: 40 * DAY,
        fund_review: 5 * DAY,
        awaiting_funds: 5 * DAY,
        vacated: 90 * DAY,
        disposed: 180 * DAY,
        certificate_cancelled: 30 * DAY,
        handed_over: 30 * DAY,
        collective_payment: 30 * DAY,
        re_escalation: 3 * DAY,
        public_notice: 10 * DAY,
        cooling_off: 15 * DAY,
      },
    });
  });

  it('a priced case keeps the version it was priced with, whatever is in force now', async () => {
    const seeded = await seedCase({
      status: 'offers',
      patch: { parametersVersion: `${OWN_DISTRICT}-2020-01` },
    });
    expect(seeded.case.parametersVersion).toBe(`${OWN_DISTRICT}-2020-01`);
    const result = await loadDeadlines({ caseId: seeded.caseId }, '2026-03-01T00:00:00.000Z');
    expect(result.seconds?.village_review).toBe(15 * DAY);
    expect(result.seconds?.public_notice).toBe(7 * DAY);
    expect(result.seconds?.re_escalation).toBe(5 * DAY);
  });

  it('fails loudly for an unknown case, a vanished parameter version, or a malformed event', async () => {
    await expect(loadDeadlines({ caseId: 'no-such-case' })).rejects.toThrow(/does not exist/);
    const seeded = await seedCase({ status: 'submitted', patch: { parametersVersion: 'gone-version' } });
    await expect(loadDeadlines({ caseId: seeded.caseId })).rejects.toThrow(/gone-version/);
    await expect(loadDeadlines({})).rejects.toThrow();
  });

  it('the Lambda handler answers the state machine, shortened under WAIT_SECONDS_CAP', async () => {
    const { caseId } = await seedCase({ status: 'submitted' });
    process.env.WAIT_SECONDS_CAP = '1';
    resetAppConfig();
    const result = taskResultSchema.parse(await handler({ caseId }, lambdaContext('loadDeadlines')));
    expect(result.caseId).toBe(caseId);
    const { re_escalation, ...rest } = result.seconds ?? { re_escalation: 0 };
    expect(Math.max(...Object.values(rest))).toBe(1);
    // a case left waiting re-escalates once a minute, not every second (CAPPED_RE_ESCALATION_SECONDS)
    expect(re_escalation).toBe(60);
  });

  it('WAIT_SECONDS_CAP caps every deadline and the notice at its seconds, and must be a positive integer', async () => {
    const { caseId } = await seedCase({ status: 'submitted' });
    process.env.WAIT_SECONDS_CAP = '90';
    resetAppConfig();
    const result = await loadDeadlines({ caseId }, '2026-03-01T00:00:00.000Z');
    expect(Object.values(result.seconds ?? {})).toEqual(Array.from({ length: 15 }, () => 90));
    for (const bad of ['0', '1.5', 'soon']) {
      process.env.WAIT_SECONDS_CAP = bad;
      resetAppConfig();
      await expect(loadDeadlines({ caseId }), bad).rejects.toThrow(/WAIT_SECONDS_CAP/);
    }
  });
});
