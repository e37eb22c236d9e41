import { describe, expect, it } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { readQuota } from '../../shared/fund/reserve.js';
import { invoke, loadRoutes, type TestPrincipal } from '../support/api.js';
import { OWN_DISTRICT, OWN_VILLAGE, principals } from '../support/seed.js';
import { caseOf, invokeTask, loadTasks, newHousehold, snapshot, useWorkflowEnvironment } from './harness.js';
import { acceptedPhoto, homesteadLandLeg, record } from './landLegSteps.js';

/**
 * The land leg (DOMAIN.md wave 2, 腾退 → 处置/复垦验收 → 注销登记; 承包地交回) against DynamoDB Local with the
 * real handlers: each milestone by its own role, in order, once; quota from the accepted area only; the
 * registry's parcel `exited` with the case that closed.
 */
const env = useWorkflowEnvironment();
const { register } = await loadTasks();
const { recordMilestone, getCase: getCaseRoute } = await loadRoutes('recordMilestone', 'getCase');

const post = (caseId: string, principal: TestPrincipal, body: Record<string, unknown>) =>
  invoke(recordMilestone, { principal, pathParameters: { caseId }, body });

/** A homestead case of a fresh household (P1, 220 m²) waiting for the step's milestone. */
async function waiting(status: 'vacating' | 'disposing' | 'cancelling', step: string) {
  const h = await newHousehold();
  const { caseId } = await caseOf(status, { household: h });
  await invokeTask(register.handler, { caseId, step, taskToken: `${step}-${caseId}` });
  return { h, caseId };
}

describe('the land leg of a homestead', () => {
  it('vacated → reclaimed → cancelled: quota from the accepted area, the parcel exited, the case closed', async () => {
    const h = await newHousehold();
    const { caseId } = await caseOf('vacating', { household: h });
    const before = await readQuota(OWN_DISTRICT);
    const closed = await homesteadLandLeg(caseId, 180.5);
    expect(closed.json).toEqual({ caseId, status: 'closed', kind: 'certificate_cancelled' });

    // 180.50 m² accepted of 220 registered: only what was accepted becomes quota, once
    const after = await readQuota(OWN_DISTRICT);
    expect(after.accruedCentiM2 - before.accruedCentiM2).toBe(18_050);
    // the registry: P1 exited by this case (an exited parcel is never in a new case: H-LEGAL)
    const parcel = (await getHousehold(h.householdId))?.homesteads.find((p) => p.parcelId === 'P1');
    expect(parcel).toMatchObject({ status: 'exited', exitedByCaseId: caseId });

    const view = await invoke(getCaseRoute, { principal: principals.registrar, pathParameters: { caseId } });
    expect(view.status, view.text).toBe(200);
    expect(view.json.milestones.map((m: { kind: string; actor: string }) => [m.kind, m.actor])).toEqual([
      ['vacated', principals.villageClerk.sub],
      ['disposed', principals.landOfficer.sub],
      ['certificate_cancelled', principals.registrar.sub],
    ]);
    expect(view.json.milestones[1]).toMatchObject({ disposition: 'reclaimed', acceptedAreaM2: 180.5 });
    expect(env.doubles.events.ofCase(caseId, 'CaseClosed')).toHaveLength(1);

    // again: nothing is pending any more (409), and nothing more accrues
    const again = await post(caseId, principals.registrar, {
      kind: 'certificate_cancelled',
      cancellationNo: 'ZX-2',
    });
    expect(again.status, again.text).toBe(409);
    expect((await readQuota(OWN_DISTRICT)).accruedCentiM2).toBe(after.accruedCentiM2);
  });

  it('an accepted area above the registered area is 400 with the figures, and nothing is written', async () => {
    const { caseId } = await waiting('disposing', 'disposed');
    const before = await snapshot(caseId);
    const res = await post(caseId, principals.landOfficer, {
      kind: 'disposed',
      disposition: 'reclaimed',
      acceptanceNo: 'FKYS-1',
      acceptedAreaM2: 220.01,
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json).toMatchObject({ code: 'VALIDATION_FAILED', registeredAreaM2: 220 });
    expect(res.json.errors[0]).toMatchObject({ path: 'body.acceptedAreaM2' });
    expect(res.json.errors[0].messageZh).toMatch(/大于登记面积 220\.00/);
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('names every missing field of the kind, and refuses fields of another kind', async () => {
    const { caseId } = await waiting('disposing', 'disposed');
    const res = await post(caseId, principals.landOfficer, {
      kind: 'disposed',
      disposition: 'direct_use',
      acceptedAreaM2: 10,
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.acceptedAreaM2',
      'body.planApprovalNo',
    ]);
    // direct use with its plan approval: recorded, and no quota (nothing was reclaimed)
    const before = await readQuota(OWN_DISTRICT);
    const ok = await post(caseId, principals.landOfficer, {
      kind: 'disposed',
      disposition: 'direct_use',
      planApprovalNo: '淄规批〔2026〕12号',
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe('cancelling');
    expect((await readQuota(OWN_DISTRICT)).accruedCentiM2).toBe(before.accruedCentiM2);
  });

  it('out of order is 409 naming the pending milestone; the wrong role is 403', async () => {
    const { caseId } = await waiting('vacating', 'vacated');
    const early = await post(caseId, principals.registrar, {
      kind: 'certificate_cancelled',
      cancellationNo: 'ZX-1',
    });
    expect(early.status, early.text).toBe(409);
    expect(early.json).toMatchObject({ code: 'ILLEGAL_TRANSITION', pendingMilestone: 'vacated' });
    const photo = await acceptedPhoto(caseId);
    const wrongRole = await post(caseId, principals.landOfficer, { kind: 'vacated', documentIds: [photo] });
    expect(wrongRole.status, wrongRole.text).toBe(403);
    expect(wrongRole.json).toMatchObject({ code: 'FORBIDDEN', pendingMilestone: 'vacated' });
    const otherVillage = await post(caseId, principals.otherReviewer, {
      kind: 'vacated',
      documentIds: [photo],
    });
    expect(otherVillage.status, otherVillage.text).toBe(403);
    expect((await getCase(caseId))?.case.status).toBe('vacating');
  });

  it('the vacating needs an accepted photo of this case', async () => {
    const { caseId } = await waiting('vacating', 'vacated');
    const none = await post(caseId, principals.villageClerk, { kind: 'vacated' });
    expect(none.status, none.text).toBe(400);
    expect(none.json.errors[0]).toMatchObject({ path: 'body.documentIds' });
    const other = await caseOf('vacating');
    const foreign = await post(caseId, principals.villageClerk, {
      kind: 'vacated',
      documentIds: [await acceptedPhoto(other.caseId)],
    });
    expect(foreign.status, foreign.text).toBe(400);
    expect(foreign.json.errors[0]).toMatchObject({ path: 'body.documentIds.0' });
  });

  it('one person records one milestone of a case (separation of duties)', async () => {
    const both: TestPrincipal = {
      sub: 'cadre-both',
      groups: ['village_reviewer', 'land_officer'],
      village: OWN_VILLAGE,
      district: OWN_DISTRICT,
    };
    const { caseId } = await waiting('vacating', 'vacated');
    await record(
      caseId,
      'vacated',
      both,
      { kind: 'vacated', documentIds: [await acceptedPhoto(caseId)] },
      'again',
    );
    await invokeTask(register.handler, { caseId, step: 'disposed', taskToken: `disposed-${caseId}` });
    const res = await post(caseId, both, {
      kind: 'disposed',
      disposition: 'reclaimed',
      acceptanceNo: 'F-1',
      acceptedAreaM2: 1,
    });
    expect(res.status, res.text).toBe(403);
    expect(res.json).toMatchObject({ conflict: 'already_decided', earlierDuty: 'vacated' });
  });

  it('two registrars at once: exactly one cancellation is recorded', async () => {
    const { caseId } = await waiting('cancelling', 'certificate_cancelled');
    const other: TestPrincipal = { sub: 'registrar-2', groups: ['registrar'] };
    const results = await Promise.all(
      [principals.registrar, other].map((p, i) =>
        post(caseId, p, { kind: 'certificate_cancelled', cancellationNo: `ZX-${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await getCase(caseId))?.case.milestones).toHaveLength(1);
  });
});

describe('the handover of contract land', () => {
  it('the village records who takes the land, with a valid credit code, and the case closes', async () => {
    const { caseId } = await caseOf('handing_over', { type: 'contract_land_exit' });
    await invokeTask(register.handler, { caseId, step: 'handed_over', taskToken: `handover-${caseId}` });
    const bad = await post(caseId, principals.villageClerk, {
      kind: 'handed_over',
      taker: { name: '某某农业合作社', creditCode: '12345' },
    });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ path: 'body.taker.creditCode' });
    const ok = await post(caseId, principals.villageClerk, {
      kind: 'handed_over',
      taker: { name: '淄博市某某农业专业合作社', creditCode: '93370302MA3C5X7K2B' },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toEqual({ caseId, status: 'closed', kind: 'handed_over' });
  });
});
