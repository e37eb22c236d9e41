import { describe, expect, it } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import type { Household } from '../../shared/domain/model/household.js';
import { invoke, loadRoutes, type TestPrincipal } from '../support/api.js';
import { principals } from '../support/seed.js';
import {
  caseOf,
  holders,
  holding,
  invokeTask,
  loadTasks,
  newHousehold,
  useWorkflowEnvironment,
} from './harness.js';

/**
 * The cooling-off (冷静期, DOMAIN.md wave 2) against DynamoDB Local with the real handlers: the signature
 * starts it, the household may rescind during it (its land goes back, nothing is paid, it may file
 * again), and the fund review opens only when it has ended. The Wait between StartCoolingOff and
 * OpenFundReview is the state machine's (test/infra/stateMachine.test.ts, test/e2e).
 */
const env = useWorkflowEnvironment();
const { assess, cooling, fund } = await loadTasks();
const { rescindCase, withdrawCase } = await loadRoutes('rescindCase', 'withdrawCase');

const applicantOf = (h: Household): TestPrincipal => ({
  sub: `applicant-${h.householdId}`,
  groups: ['applicant'],
  householdId: h.householdId,
});

/** A signed case of a fresh household holding its parcel, in the cooling-off. */
async function inCoolingOff() {
  const h = await newHousehold();
  const signed = await caseOf('closed', { household: await newHousehold() });
  const { caseId } = await holding('agreement_signed', h, {
    patch: { agreement: signed.case.agreement, choice: signed.case.choice },
  });
  expect(await invokeTask(cooling.handler, { caseId })).toMatchObject({ next: 'cooling_off' });
  return { h, caseId };
}

describe('the cooling-off', () => {
  it('the household rescinds: the case ends rescinded, its land is free, and the fund never opens', async () => {
    const { h, caseId } = await inCoolingOff();
    expect(await holders(h)).toEqual({ 'parcel:P1': caseId });

    const res = await invoke(rescindCase, { principal: applicantOf(h), pathParameters: { caseId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ caseId, status: 'rescinded' });
    const c = (await getCase(caseId))?.case;
    expect(c?.status).toBe('rescinded');
    expect(c?.landClaims).toEqual([]);
    expect(await holders(h)).toEqual({});
    expect(env.doubles.events.ofCase(caseId, 'AgreementRescinded')).toHaveLength(1);

    // again: the same answer, nothing more written
    const version = c?.version;
    const again = await invoke(rescindCase, { principal: applicantOf(h), pathParameters: { caseId } });
    expect(again.status, again.text).toBe(200);
    expect((await getCase(caseId))?.case.version).toBe(version);

    // the Wait runs out: the fund review sees the rescinded case and the execution ends, nothing paid
    const endsAt = c?.coolingOffEndsAt ?? '';
    expect(await fund.openFundReview({ caseId }, endsAt)).toEqual({ caseId, next: 'end' });
    expect((await getCase(caseId))?.case.advance).toBeUndefined();

    // the household may file again: a new case for the same parcel is assessed and takes it
    const next = await caseOf('submitted', { household: h, patch: { landClaims: [] } });
    expect(await invokeTask(assess.handler, { caseId: next.caseId })).toMatchObject({
      next: 'village_review',
    });
    expect(await holders(h)).toEqual({ 'parcel:P1': next.caseId });
  });

  it('after the cooling-off the agreement binds: 409 naming why, and the land stays held', async () => {
    const { h, caseId } = await inCoolingOff();
    const endsAt = (await getCase(caseId))?.case.coolingOffEndsAt ?? '';
    expect(await fund.openFundReview({ caseId }, endsAt)).toEqual({ caseId, next: 'fund_review' });
    const res = await invoke(rescindCase, { principal: applicantOf(h), pathParameters: { caseId } });
    expect(res.status, res.text).toBe(409);
    expect(res.json).toMatchObject({ code: 'ILLEGAL_TRANSITION', caseStatus: 'fund_review' });
    expect(String(res.json.detailZh)).toMatch(/冷静期已结束/);
    expect(await holders(h)).toEqual({ 'parcel:P1': caseId });
  });

  it('before signing there is nothing to rescind (withdraw instead); after signing no withdrawal', async () => {
    const h = await newHousehold();
    const { caseId } = await caseOf('offers', { household: h });
    const res = await invoke(rescindCase, { principal: applicantOf(h), pathParameters: { caseId } });
    expect(res.status, res.text).toBe(409);
    expect(String(res.json.detailZh)).toMatch(/撤回申请/);

    const signed = await inCoolingOff();
    const withdrawn = await invoke(withdrawCase, {
      principal: applicantOf(signed.h),
      pathParameters: { caseId: signed.caseId },
    });
    expect(withdrawn.status, withdrawn.text).toBe(409);
    expect((await getCase(signed.caseId))?.case.status).toBe('cooling_off');
  });

  it('only the household itself may rescind', async () => {
    const { caseId } = await inCoolingOff();
    for (const principal of [principals.applicant, principals.reviewer, principals.fundAdmin]) {
      const res = await invoke(rescindCase, { principal, pathParameters: { caseId } });
      expect(res.status, `${principal.sub}: ${res.text}`).toBe(403);
    }
    expect((await getCase(caseId))?.case.status).toBe('cooling_off');
  });

  it('a re-driven execution waits only what is left of the cooling-off', async () => {
    const { caseId } = await inCoolingOff();
    const endsAt = Date.parse((await getCase(caseId))?.case.coolingOffEndsAt ?? '');
    const later = new Date(endsAt - 3_600_000).toISOString();
    expect(await cooling.startCoolingOff({ caseId }, later)).toEqual({
      caseId,
      next: 'cooling_off',
      waitSeconds: 3600,
    });
  });
});
