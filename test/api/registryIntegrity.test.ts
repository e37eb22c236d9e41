import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { keys } from '../../shared/adapters/keys.js';
import { certificateKey } from '../../shared/adapters/table/certificates.js';
import { getItem, transact } from '../../shared/adapters/table/dynamo.js';
import {
  getHousehold,
  markParcelExited,
  markParcelExitedItem,
} from '../../shared/adapters/table/registryRepository.js';
import { type HouseholdInput, householdSchema } from '../../shared/domain/model/household.js';
import { AppError } from '../../shared/errors/appError.js';
import { expectProblem, invoke, loadRoutes, TABLE_NAME, useApiEnvironment } from '../support/api.js';
import { householdRecord, OWN_VILLAGE, principals, seedRegistry } from '../support/seed.js';

/**
 * Registry integrity (issue 13 item 5, docs/registry-integrity.md): the attack that paid one certificate
 * many times — the paid parcel re-entered under a new parcel id, or under new household ids — is refused,
 * races included; exited parcels stay as they are.
 */
useApiEnvironment();
const r = await loadRoutes('putHousehold', 'getHousehold');

beforeAll(async () => {
  await seedRegistry();
});

let n = 0;
/** A household of its own for each test, with one parcel P1 holding `certificateNo`. */
function record(certificateNo: string, householdId = `H-RI-${++n}`): HouseholdInput {
  const base = householdRecord(householdId, OWN_VILLAGE);
  const parcel = base.homesteads?.[0];
  if (!parcel) throw new Error('the seed record has a parcel');
  return { ...base, homesteads: [{ ...parcel, certificateNo }] };
}

function put(body: HouseholdInput) {
  return invoke(r.putHousehold, {
    principal: principals.registrar,
    pathParameters: { householdId: body.householdId },
    body,
  });
}

const parcelOf = (body: HouseholdInput) => {
  const p = body.homesteads?.[0];
  if (!p) throw new Error('no parcel');
  return p;
};

async function holderOfCertificate(certificateNo: string) {
  const item = await getItem(certificateKey(certificateNo));
  return item && { householdId: item.householdId, parcelId: item.parcelId };
}

describe('a certificate number belongs to one parcel of one household', () => {
  it('the paid parcel re-entered under a new parcel id of the same household is refused, naming the holder', async () => {
    const first = record('鲁(2021)淄川区不动产权第0100001号');
    expect((await put(first)).status).toBe(200);
    const again = { ...first, homesteads: [parcelOf(first), { ...parcelOf(first), parcelId: 'P9' }] };
    const res = await put(again);
    expectProblem(res, 409, ['body.homesteads.1.certificateNo']);
    expect(res.json.code).toBe('CERTIFICATE_HELD');
    expect(res.json.heldBy).toEqual({
      householdId: first.householdId,
      parcelId: 'P1',
      certificateNo: '鲁(2021)淄川区不动产权第0100001号',
    });
    expect(res.json.detailZh).toContain('同一证书号只能对应一户的一宗宅基地');
    expect(res.json.detail).toContain('belongs to one parcel of one household');

    // renumbered in one PUT (P1 dropped, P9 takes its certificate): still P1's until P1 is released
    const renumbered = { ...first, homesteads: [{ ...parcelOf(first), parcelId: 'P9' }] };
    const moved = await put(renumbered);
    expectProblem(moved, 409, ['body.homesteads.0.certificateNo']);
    expect(moved.json.heldBy).toMatchObject({ householdId: first.householdId, parcelId: 'P1' });
    expect((await getHousehold(first.householdId))?.homesteads.map((p) => p.parcelId)).toEqual(['P1']);
  });

  it('the same certificate twice in one body is refused before anything is written', async () => {
    const body = record('鲁(2021)淄川区不动产权第0100002号');
    const twice = { ...body, homesteads: [parcelOf(body), { ...parcelOf(body), parcelId: 'P2' }] };
    const res = await put(twice);
    expectProblem(res, 409, ['body.homesteads.1.certificateNo']);
    expect(res.json.code).toBe('CERTIFICATE_HELD');
    expect(res.json.heldBy).toMatchObject({ householdId: body.householdId, parcelId: 'P1' });
    expect(await getHousehold(body.householdId)).toBeUndefined();
    expect(await holderOfCertificate('鲁(2021)淄川区不动产权第0100002号')).toBeUndefined();
  });

  it('the same certificate under a new household id is refused, however it is spelt', async () => {
    const paid = record('鲁(2021)淄川区不动产权第0100003号');
    expect((await put(paid)).status).toBe(200);
    for (const spelling of [
      '鲁(2021)淄川区不动产权第0100003号',
      '  鲁（２０２１）淄川区不动产权第0100003号 ',
      '鲁(2021) 淄川区不动产权第0100003号',
    ]) {
      const copy = record(spelling);
      const res = await put(copy);
      expectProblem(res, 409, ['body.homesteads.0.certificateNo']);
      expect(res.json.code).toBe('CERTIFICATE_HELD');
      expect(res.json.heldBy).toEqual({
        householdId: paid.householdId,
        parcelId: 'P1',
        certificateNo: '鲁(2021)淄川区不动产权第0100003号',
      });
      expect(await getHousehold(copy.householdId)).toBeUndefined();
    }
    // lower and upper case are one number too
    const lettered = record('ZB-2021-x77');
    expect((await put(lettered)).status).toBe(200);
    expect((await put(record('zb-2021-X77'))).json.code).toBe('CERTIFICATE_HELD');
  });

  it('20 households registered at once with one certificate: exactly one is', async () => {
    const certificateNo = '鲁(2021)淄川区不动产权第0100004号';
    const bodies = Array.from({ length: 20 }, () => record(certificateNo));
    const answers = await Promise.all(bodies.map(put));
    const won = answers.flatMap((a, i) => (a.status === 200 ? [bodies[i]?.householdId] : []));
    expect(won, answers.map((a) => a.status).join(',')).toHaveLength(1);
    const winner = won[0];
    for (const a of answers.filter((x) => x.status !== 200)) {
      expectProblem(a, 409);
      expect(a.json.code, a.text).toBe('CERTIFICATE_HELD');
      expect(a.json.heldBy).toMatchObject({ householdId: winner, parcelId: 'P1' });
    }
    expect(await holderOfCertificate(certificateNo)).toEqual({ householdId: winner, parcelId: 'P1' });
    const stored = await Promise.all(bodies.map((b) => getHousehold(b.householdId)));
    expect(stored.filter(Boolean).map((h) => h?.householdId)).toEqual([winner]);
  });

  it('a PUT that renumbers or drops a parcel releases its certificate; an unchanged PUT keeps it', async () => {
    const owner = record('鲁(2021)淄川区不动产权第0100005号');
    expect((await put(owner)).status).toBe(200);
    expect((await put(owner)).status).toBe(200);
    expect(await holderOfCertificate('鲁(2021)淄川区不动产权第0100005号')).toEqual({
      householdId: owner.householdId,
      parcelId: 'P1',
    });
    // corrected number: the old one is free for the household it really belongs to
    const corrected = {
      ...owner,
      homesteads: [{ ...parcelOf(owner), certificateNo: '鲁(2021)淄川区不动产权第0100006号' }],
    };
    expect((await put(corrected)).status).toBe(200);
    expect(await holderOfCertificate('鲁(2021)淄川区不动产权第0100005号')).toBeUndefined();
    const rightful = record('鲁(2021)淄川区不动产权第0100005号');
    expect((await put(rightful)).status).toBe(200);
    // dropped parcel: its number is released with it
    expect((await put({ ...owner, homesteads: [] })).status).toBe(200);
    expect(await holderOfCertificate('鲁(2021)淄川区不动产权第0100006号')).toBeUndefined();
    expect((await put(record('鲁(2021)淄川区不动产权第0100006号'))).status).toBe(200);
  });

  it('a household stored before certificate items existed takes its certificates on its next PUT', async () => {
    const legacy = householdSchema.parse(record('鲁(2019)淄川区不动产权第0100007号'));
    await documentClient().send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...keys.household(legacy.householdId), itemType: 'household', data: legacy, updatedAt: 'x' },
      }),
    );
    expect(await holderOfCertificate('鲁(2019)淄川区不动产权第0100007号')).toBeUndefined();
    expect((await put(legacy)).status).toBe(200);
    expect(await holderOfCertificate('鲁(2019)淄川区不动产权第0100007号')).toEqual({
      householdId: legacy.householdId,
      parcelId: 'P1',
    });
    expect((await put(record('鲁(2019)淄川区不动产权第0100007号'))).json.code).toBe('CERTIFICATE_HELD');
  });
});

describe('exited parcels', () => {
  const AT = '2025-09-30T02:00:00.000Z';

  async function exitedHousehold(certificateNo: string) {
    const base = record(certificateNo);
    const body = {
      ...base,
      homesteads: [
        parcelOf(base),
        { ...parcelOf(base), parcelId: 'P2', certificateNo: `${certificateNo}-2`, areaM2: 150 },
      ],
    };
    expect((await put(body)).status).toBe(200);
    expect(await markParcelExited(body.householdId, 'P1', 'C-EXIT-1', AT)).toMatchObject({ changed: true });
    return body;
  }

  it('markParcelExited records the case and the time, is idempotent for that case, refused for another', async () => {
    const h = await exitedHousehold('鲁(2021)淄川区不动产权第0200001号');
    const stored = await getHousehold(h.householdId);
    expect(stored?.homesteads[0]).toMatchObject({
      parcelId: 'P1',
      status: 'exited',
      exitedByCaseId: 'C-EXIT-1',
      exitedAt: AT,
    });
    expect(stored?.homesteads[1]?.status).toBe('registered');
    const replay = await markParcelExited(h.householdId, 'P1', 'C-EXIT-1', '2025-10-01T00:00:00.000Z');
    expect(replay).toMatchObject({ changed: false, parcel: { exitedAt: AT } });
    const other = await markParcelExited(h.householdId, 'P1', 'C-EXIT-2', AT).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(AppError);
    expect((other as AppError).code).toBe('ALREADY_DECIDED');
    expect((other as AppError).extra).toMatchObject({
      exitedParcel: { parcelId: 'P1', exitedByCaseId: 'C-EXIT-1' },
    });
    const missing = await markParcelExited(h.householdId, 'P7', 'C-EXIT-1', AT).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    expect((await getHousehold(h.householdId))?.homesteads[0]?.exitedByCaseId).toBe('C-EXIT-1');
  });

  it('the transaction item works inside another transaction, and its condition refuses another case', async () => {
    const base = record('鲁(2021)淄川区不动产权第0200002号');
    expect((await put(base)).status).toBe(200);
    const household = householdSchema.parse(base);
    const marker = { Put: { TableName: TABLE_NAME, Item: { PK: `TEST#${base.householdId}`, SK: 'MARK' } } };
    await transact([markParcelExitedItem(household, 'P1', 'C-TX-1', AT), marker]);
    expect((await getHousehold(base.householdId))?.homesteads[0]).toMatchObject({
      status: 'exited',
      exitedByCaseId: 'C-TX-1',
    });
    // the same case again passes (a replayed case write); another case cancels the whole transaction
    await transact([markParcelExitedItem(household, 'P1', 'C-TX-1', '2026-01-01T00:00:00.000Z')]);
    expect((await getHousehold(base.householdId))?.homesteads[0]?.exitedAt).toBe(AT);
    await expect(transact([markParcelExitedItem(household, 'P1', 'C-TX-2', AT)])).rejects.toThrow();
  });

  it('a GET → PUT round trip keeps an exited parcel; changing, restoring or dropping it is 409 naming it', async () => {
    const h = await exitedHousehold('鲁(2021)淄川区不动产权第0200003号');
    const got = await invoke(r.getHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: h.householdId },
    });
    expect(got.status).toBe(200);
    const echoed = await put(got.json);
    expect(echoed.status, echoed.text).toBe(200);
    // the other parcel may still change
    const p2Changed = {
      ...got.json,
      homesteads: [got.json.homesteads[0], { ...got.json.homesteads[1], areaM2: 151 }],
    };
    expect((await put(p2Changed)).status).toBe(200);

    const exited = got.json.homesteads[0];
    for (const homesteads of [
      [{ ...exited, areaM2: 300 }, p2Changed.homesteads[1]],
      [
        { ...exited, status: 'registered', exitedByCaseId: undefined, exitedAt: undefined },
        p2Changed.homesteads[1],
      ],
      [p2Changed.homesteads[1]],
    ]) {
      const res = await put({ ...got.json, homesteads });
      expectProblem(res, 409);
      expect(res.json.code).toBe('ILLEGAL_TRANSITION');
      expect(res.json.exitedParcel).toMatchObject({
        parcelId: 'P1',
        exitedByCaseId: 'C-EXIT-1',
        exitedAt: AT,
      });
      expect(res.json.detailZh).toContain('宅基地 P1');
      expect(res.json.detailZh).toContain('C-EXIT-1');
      expect(res.json.detail).toContain('Parcel P1');
    }
    expect((await getHousehold(h.householdId))?.homesteads[0]).toMatchObject({
      status: 'exited',
      areaM2: 220,
    });
  });

  it('a registrar cannot mark a parcel exited: 400 naming the field, in Chinese and English', async () => {
    const base = record('鲁(2021)淄川区不动产权第0200004号');
    const res = await put({ ...base, homesteads: [{ ...parcelOf(base), status: 'exited' }] });
    expectProblem(res, 400, ['body.homesteads.0.status']);
    expect(res.json.code).toBe('VALIDATION_FAILED');
    expect(res.json.errors[0].messageZh).toContain('注销登记');
    expect(res.json.detailZh).toContain('不能把宅基地标记为已退出');
    const sneaky = await put({ ...base, homesteads: [{ ...parcelOf(base), exitedByCaseId: 'C-FAKE' }] });
    expectProblem(sneaky, 400, ['body.homesteads.0.exitedByCaseId']);
    expect(await getHousehold(base.householdId)).toBeUndefined();
  });

  it("an exited parcel's certificate stays held: not under another parcel, not under another household", async () => {
    const h = await exitedHousehold('鲁(2021)淄川区不动产权第0200005号');
    const stored = await getHousehold(h.householdId);
    if (!stored) throw new Error('stored');
    const reentered = await put({
      ...stored,
      homesteads: [...stored.homesteads, { ...parcelOf(h), parcelId: 'P3' }],
    });
    expect(reentered.json.code).toBe('CERTIFICATE_HELD');
    expect(reentered.json.heldBy).toMatchObject({ householdId: h.householdId, parcelId: 'P1' });
    const copy = await put(record('鲁(2021)淄川区不动产权第0200005号'));
    expect(copy.json.code).toBe('CERTIFICATE_HELD');
    expect(copy.json.heldBy).toMatchObject({ householdId: h.householdId, parcelId: 'P1' });
  });

  it('a PUT racing the certificate cancellation never un-exits the parcel', async () => {
    for (let i = 0; i < 5; i++) {
      const base = record(`鲁(2021)淄川区不动产权第03${i}号`);
      expect((await put(base)).status).toBe(200);
      const changed = { ...base, homesteads: [{ ...parcelOf(base), areaM2: 219 }] };
      const [answer] = await Promise.all([
        put(changed),
        markParcelExited(base.householdId, 'P1', `C-RACE-${i}`, AT),
      ]);
      expect([200, 409]).toContain(answer.status);
      const parcel = (await getHousehold(base.householdId))?.homesteads[0];
      expect(parcel).toMatchObject({ status: 'exited', exitedByCaseId: `C-RACE-${i}` });
      // the PUT either landed before the exit (its area kept) or was refused (the area as it was)
      expect(parcel?.areaM2).toBe(answer.status === 200 ? 219 : 220);
    }
  });
});
