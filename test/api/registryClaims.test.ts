import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { certificateKey } from '../../shared/adapters/table/certificates.js';
import { getItem } from '../../shared/adapters/table/dynamo.js';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { claimItem } from '../../shared/cases/landClaims.js';
import type { Household, HouseholdInput } from '../../shared/domain/model/household.js';
import { expectProblem, invoke, loadRoutes, TABLE_NAME, type TestPrincipal } from '../support/api.js';
import { principals } from '../support/seed.js';
import { holders, holding, newHousehold, useWorkflowEnvironment } from '../workflow/harness.js';

/**
 * Land a case holds stays in the registry as it is (docs/registry-integrity.md, "Land a case holds"): the
 * two-PUT attack — drop parcel P1 of an approved case, re-enter the same certificate as P9, file a new
 * case for P9 — is refused at the first PUT, with 409 LAND_HELD naming the parcel and the case; so is a
 * new certificate number or area for a claimed parcel or plot, races included. Once the case gives the
 * land back, the registrar may change it; other edits of a household with a case pass throughout.
 */
useWorkflowEnvironment();
const r = await loadRoutes('putHousehold', 'withdrawCase');

function put(body: HouseholdInput) {
  return invoke(r.putHousehold, {
    principal: principals.registrar,
    pathParameters: { householdId: body.householdId },
    body,
  });
}

const applicantOf = (h: Household): TestPrincipal => ({
  sub: `applicant-${h.householdId}`,
  groups: ['applicant'],
  householdId: h.householdId,
});

const parcel = (h: Household) => {
  const p = h.homesteads[0];
  if (!p) throw new Error('the seed record has a parcel');
  return p;
};

/** A second, unclaimed parcel P2 added to the household (the case holds P1 only). */
async function withSecondParcel(h: Household): Promise<Household> {
  const next = {
    ...h,
    homesteads: [...h.homesteads, { ...parcel(h), parcelId: 'P2', certificateNo: `${h.householdId}-P2` }],
  };
  expect((await put(next)).status).toBe(200);
  return next;
}

describe('land a case holds stays in the registry as it is', () => {
  it('the two-PUT attack is refused at the first PUT: P1 cannot be dropped while a signed case holds it', async () => {
    const h = await newHousehold();
    const signed = await holding('fund_review', h);
    expect(await holders(h)).toEqual({ 'parcel:P1': signed.caseId });

    const dropped = await put({ ...h, homesteads: [] });
    expectProblem(dropped, 409);
    expect(dropped.json.code).toBe('LAND_HELD');
    expect(dropped.json.heldBy).toEqual([{ kind: 'parcel', id: 'P1', caseId: signed.caseId, exited: true }]);
    expect(dropped.json.detailZh).toContain('宅基地 P1');
    expect(dropped.json.detailZh).toContain('不能从登记簿删除');
    expect(dropped.json.detailZh).toContain(signed.caseId);
    expect(dropped.json.detail).toContain('parcel P1');
    expect(dropped.json.detail).toContain(signed.caseId);

    // nothing changed: P1 keeps its certificate, so P9 with the same number is refused as well
    expect((await getHousehold(h.householdId))?.homesteads.map((p) => p.parcelId)).toEqual(['P1']);
    expect((await getItem(certificateKey(parcel(h).certificateNo)))?.parcelId).toBe('P1');
    const reentered = await put({ ...h, homesteads: [{ ...parcel(h), parcelId: 'P9' }] });
    expectProblem(reentered, 409);
    expect(reentered.json.code).toBe('LAND_HELD');
    expect(reentered.json.heldBy).toMatchObject([{ kind: 'parcel', id: 'P1', caseId: signed.caseId }]);
  });

  it('renumbering or resizing a claimed parcel is refused; the same number spelt otherwise is not a change', async () => {
    const h = await newHousehold();
    const open = await holding('district_approval', h);
    const renumbered = await put({
      ...h,
      homesteads: [{ ...parcel(h), certificateNo: '鲁(2021)淄川区不动产权第0900001号' }],
    });
    expectProblem(renumbered, 409);
    expect(renumbered.json.code).toBe('LAND_HELD');
    expect(renumbered.json.heldBy).toEqual([
      { kind: 'parcel', id: 'P1', caseId: open.caseId, exited: false },
    ]);
    expect(renumbered.json.detailZh).toContain('不能更改证书号');
    expect(renumbered.json.detail).toContain('certificate number');
    expect(await getItem(certificateKey('鲁(2021)淄川区不动产权第0900001号'))).toBeUndefined();

    const resized = await put({ ...h, homesteads: [{ ...parcel(h), areaM2: 260 }] });
    expect(resized.json.code).toBe('LAND_HELD');
    expect(resized.json.detailZh).toContain('不能更改面积');
    expect((await getHousehold(h.householdId))?.homesteads[0]).toMatchObject({
      certificateNo: parcel(h).certificateNo,
      areaM2: 220,
    });

    const respelt = await put({
      ...h,
      homesteads: [{ ...parcel(h), certificateNo: ` ${parcel(h).certificateNo} ` }],
    });
    expect(respelt.status, respelt.text).toBe(200);
  });

  it('the contract plots a case holds cannot be dropped or resized either', async () => {
    const h = await newHousehold();
    const contract = await holding('village_review', h, {
      type: 'contract_land_exit',
      patch: {
        application: {
          type: 'contract_land_exit',
          householdId: h.householdId,
          term: 'current_term',
          scope: 'partial',
          plotIds: ['C1'],
          consents: ['m1', 'm2'].map((memberId) => ({
            memberId,
            consented: true as const,
            signedAt: '2025-06-01T09:00:00+08:00',
          })),
          declarations: { voluntary: true },
        },
      },
    });
    expect(await holders(h)).toEqual({ 'plot:C1': contract.caseId });
    const [c1, c2] = h.contractPlots;
    if (!c1 || !c2) throw new Error('two plots');
    const dropped = await put({ ...h, contractPlots: [c2] });
    expectProblem(dropped, 409);
    expect(dropped.json.heldBy).toEqual([{ kind: 'plot', id: 'C1', caseId: contract.caseId, exited: false }]);
    expect(dropped.json.detailZh).toContain('地块 C1');
    const resized = await put({ ...h, contractPlots: [{ ...c1, areaMu: 3 }, c2] });
    expect(resized.json.code).toBe('LAND_HELD');
    // C2 is in no case: it may go
    expect((await put({ ...h, contractPlots: [c1] })).status).toBe(200);
  });

  it("other edits of a household with a case pass: a member's details, a new parcel, an unclaimed parcel changed or dropped", async () => {
    const h = await newHousehold();
    await holding('fund_review', h);
    const withP2 = await withSecondParcel(h);
    const [head, spouse] = withP2.members;
    if (!head || !spouse) throw new Error('two members');
    const renamed = { ...withP2, members: [head, { ...spouse, relation: '配偶' }] };
    expect((await put(renamed)).status).toBe(200);
    // P1 exactly as stored (its building may be described better, too)
    const p1 = {
      ...parcel(h),
      building: { floorAreaM2: 155, structure: 'brick_concrete' as const, yearBuilt: 2005 },
    };
    const p2 = withP2.homesteads[1];
    if (!p2) throw new Error('P2');
    expect((await put({ ...renamed, homesteads: [p1, { ...p2, areaM2: 90 }] })).status).toBe(200);
    expect((await put({ ...renamed, homesteads: [p1] })).status).toBe(200);
    expect((await getHousehold(h.householdId))?.homesteads.map((p) => p.parcelId)).toEqual(['P1']);
    expect(await getItem(certificateKey(`${h.householdId}-P2`))).toBeUndefined();
  });

  it('once the case is withdrawn (its claim released), the parcel may be dropped', async () => {
    const h = await newHousehold();
    const open = await holding('village_review', h, { token: true });
    expect((await put({ ...h, homesteads: [] })).json.code).toBe('LAND_HELD');
    const withdrawn = await invoke(r.withdrawCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: open.caseId },
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(await holders(h)).toEqual({});
    const dropped = await put({ ...h, homesteads: [] });
    expect(dropped.status, dropped.text).toBe(200);
    expect(await getItem(certificateKey(parcel(h).certificateNo))).toBeUndefined();
  });

  it('a claim taken between the read and the write cancels the write, and the answer names the case', async () => {
    const h = await newHousehold();
    const client = documentClient();
    const send = client.send.bind(client);
    let injected = false;
    // the assessment's claim lands just before the household's transaction goes out
    client.send = (async (command: unknown, ...rest: unknown[]) => {
      const items = command instanceof TransactWriteCommand ? (command.input.TransactItems ?? []) : [];
      if (!injected && items.some((i) => i.Put?.Item?.itemType === 'household')) {
        injected = true;
        await send(
          new PutCommand({
            TableName: TABLE_NAME,
            Item: claimItem(
              h.householdId,
              { kind: 'parcel', id: 'P1' },
              'C-RACE-CLAIM',
              new Date().toISOString(),
            ),
          }),
        );
      }
      return (send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
    }) as typeof client.send;
    let res: Awaited<ReturnType<typeof put>>;
    try {
      res = await put({ ...h, homesteads: [] });
    } finally {
      client.send = send;
    }
    expect(injected).toBe(true);
    expectProblem(res, 409);
    expect(res.json.code).toBe('LAND_HELD');
    expect(res.json.heldBy).toEqual([{ kind: 'parcel', id: 'P1', caseId: 'C-RACE-CLAIM', exited: false }]);
    expect((await getHousehold(h.householdId))?.homesteads.map((p) => p.parcelId)).toEqual(['P1']);
  });
});
