import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { queryAll } from '../../shared/adapters/table/dynamo.js';
import {
  getHousehold,
  markParcelExited,
  putHousehold,
  putVillage,
} from '../../shared/adapters/table/registryRepository.js';
import { claimItem } from '../../shared/cases/landClaims.js';
import { REGISTRY_IMPORT_CONTENT_TYPES } from '../../shared/contract/registryImports.js';
import { type Household, householdSchema } from '../../shared/domain/model/household.js';
import { nationalIdCheckChar } from '../../shared/domain/model/nationalIdChecksum.js';
import { applyHouseholds } from '../../shared/registryImport/applyHouseholds.js';
import { COL } from '../../shared/registryImport/columns.js';
import { putRegistryDocument, registryDocumentKey } from '../../shared/registryImport/documentRecord.js';
import { householdsToFile } from '../../shared/registryImport/householdsFile.js';
import { createImport, errorChunks, getImport } from '../../shared/registryImport/importStore.js';
import { runImport } from '../../shared/registryImport/runImport.js';
import type { ParsedHousehold } from '../../shared/registryImport/types.js';
import { DOCUMENTS_BUCKET, TABLE_NAME, useApiEnvironment } from '../support/api.js';
import { householdRecord, VILLAGES } from '../support/seed.js';

/**
 * Issue 19 item 2, the applying side against DynamoDB Local (docs/registry-import.md "Applying,
 * conflicts and progress"): each household all-or-nothing with the semantics of a registrar's PUT; the
 * same households twice write nothing; every conflict leaves its household exactly as stored while the
 * others are applied; the import record's counts, findings and progress; one import per document; a
 * run broken off midway and run again ends with the counts of one unbroken run.
 */
const env = useApiEnvironment();
const VILLAGE = VILLAGES.own.villageCode;
const NOW = '2026-12-06T08:00:00.000Z';
const REGISTRAR = 'registrar-1';

let seq = 0;
/** The seed's record (test/support/seed.ts) under a new id, its national ids with their real check character. */
function household(patch: Partial<Household> = {}): Household {
  seq += 1;
  const id = `HI-${seq}-${randomUUID().slice(0, 6)}`;
  const record = householdRecord(id, VILLAGE);
  const members = record.members.map((m) => ({
    ...m,
    nationalId: `${m.nationalId.slice(0, 17)}${nationalIdCheckChar(m.nationalId.slice(0, 17))}`,
  }));
  return householdSchema.parse({ ...record, members, ...patch });
}

/** A parsed household with made-up row numbers: household row r, its parcels and plots after it. */
function parsed(h: Household, r: number): ParsedHousehold {
  const rows = { household: r, members: {}, homesteads: {}, contractPlots: {} } as ParsedHousehold['rows'];
  let n = r;
  for (const m of h.members) rows.members[m.memberId] = ++n;
  for (const p of h.homesteads) rows.homesteads[p.parcelId] = ++n;
  for (const p of h.contractPlots) rows.contractPlots[p.plotId] = ++n;
  return { household: h, rows };
}

const apply = (households: Household[], importId = `imp-${randomUUID()}`) =>
  applyHouseholds(
    households.map((h, i) => parsed(h, 2 + i * 10)),
    { importId, actor: REGISTRAR, now: NOW },
  );

/** Everything stored for a household: its item (revision, record) and its audit entries. */
async function footprint(h: Household) {
  const item = await queryAll(`HOUSEHOLD#${h.householdId}`, 'HOUSEHOLD');
  const audit = await queryAll(`AUDIT#household#${h.householdId}`, '2');
  return { revision: item[0]?.revision, record: await getHousehold(h.householdId), audits: audit.length };
}

/** The household with one more parcel like the seed's P1. */
const withParcel = (h: Household, parcelId: string, certificateNo: string): Household => {
  const like = household().homesteads[0];
  if (!like) throw new Error('the seed record has a parcel');
  return { ...h, homesteads: [...h.homesteads, { ...like, parcelId, certificateNo }] };
};

describe('applying households', () => {
  it('creates, updates and leaves unchanged; the same households twice write nothing', async () => {
    await putVillage(VILLAGES.own, 'seed', NOW);
    const stored = household();
    const same = household();
    await putHousehold(stored, 'seed', NOW);
    await putHousehold(same, 'seed', NOW);
    const fresh = household();
    const changed = { ...stored, nonFarm: { ...stored.nonFarm, urbanResidenceMonths: 99 } };

    const first = await apply([fresh, changed, same]);
    expect(first.counts).toMatchObject({ processed: 3, created: 1, updated: 1, unchanged: 1, conflict: 0 });
    expect(first.errors).toEqual([]);
    expect(await getHousehold(fresh.householdId)).toEqual(fresh);
    expect(await getHousehold(stored.householdId)).toEqual(changed);
    const audit = await queryAll(`AUDIT#household#${fresh.householdId}`, '2');
    expect(audit.map((a) => a.action)).toEqual(['registry.household.import']);

    const before = await Promise.all([fresh, changed, same].map(footprint));
    const again = await apply([fresh, changed, same]);
    expect(again.counts).toMatchObject({ processed: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await Promise.all([fresh, changed, same].map(footprint))).toEqual(before);
  });

  it('a record stored with its attachments in another order than the template’s is unchanged, not rewritten', async () => {
    await putVillage(VILLAGES.own, 'seed', NOW);
    const base = household();
    const parcel = base.homesteads[0];
    if (!parcel) throw new Error('the seed record has a parcel');
    const shed = { item: 'shed' as const, quantity: 12.5 };
    const well = { item: 'well' as const, quantity: 1 };
    const stored = { ...base, homesteads: [{ ...parcel, attachments: [shed, well] }] };
    await putHousehold(stored, 'seed', NOW);
    const before = await footprint(stored);
    // as the file reads it back: one column per item, in the template's order
    const fromFile = { ...base, homesteads: [{ ...parcel, attachments: [well, shed] }] };
    const result = await apply([fromFile]);
    expect(result.counts).toMatchObject({ unchanged: 1, updated: 0 });
    expect(await footprint(stored)).toEqual(before);
    // a quantity that differs is a change all the same
    const more = { ...base, homesteads: [{ ...parcel, attachments: [well, { ...shed, quantity: 13 }] }] };
    expect((await apply([more])).counts).toMatchObject({ updated: 1 });
  });

  it('reports each conflict on its row, leaves that household exactly as stored and applies the others', async () => {
    // an exited parcel changed, and one left out
    const exited = withParcel(household(), 'P2', `EX-${randomUUID()}`);
    const exitedGone = household();
    // land an open case holds, dropped
    const held = household();
    // a certificate another household holds
    const holder = household();
    const taker = household();
    // one certificate twice in the file
    const twice = `TW-${randomUUID()}`;
    const firstOfTwo = withParcel(household(), 'P2', twice);
    const secondOfTwo = withParcel(household(), 'P2', twice);
    const fine = household();
    for (const h of [exited, exitedGone, held, holder, taker]) await putHousehold(h, 'seed', NOW);
    await markParcelExited(exited.householdId, 'P2', 'C-EXIT-1', NOW);
    await markParcelExited(exitedGone.householdId, 'P1', 'C-EXIT-2', NOW);
    await documentClient().send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: claimItem(held.householdId, { kind: 'plot', id: 'C2' }, 'C-OPEN-1', NOW),
      }),
    );
    const storedNow = await Promise.all([exited, exitedGone, held, taker].map(footprint));

    const exitedP2 = (await getHousehold(exited.householdId))?.homesteads[1];
    const file = [
      // the exited parcel with another area (the other parcel changes too: nothing of it is written)
      {
        ...exited,
        rights: { ...exited.rights, equityShares: 9 },
        homesteads: [exited.homesteads[0], { ...exitedP2, areaM2: 1 }],
      } as Household,
      { ...exitedGone, homesteads: [] },
      { ...held, contractPlots: held.contractPlots.slice(0, 1) },
      withParcel({ ...taker, homesteads: [] }, 'P7', holder.homesteads[0]?.certificateNo ?? ''),
      firstOfTwo,
      secondOfTwo,
      fine,
    ];
    const out = await apply(file);
    expect(out.counts).toMatchObject({ processed: 7, created: 2, conflict: 5, updated: 0 });
    const at = (h: Household) => out.errors.find((e) => e.householdId === h.householdId);
    const rowOf = (i: number, part: string) => {
      const p = parsed(file[i] as Household, 2 + i * 10).rows;
      return p.homesteads[part] ?? p.contractPlots[part] ?? (part === 'household' ? p.household : Number.NaN);
    };
    expect(at(exited)).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      row: rowOf(0, 'P2'),
      column: COL.parcelId,
    });
    expect(at(exited)?.messageZh).toContain('C-EXIT-1');
    expect(at(exitedGone)).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      row: rowOf(1, 'household'),
      column: COL.householdId,
    });
    expect(at(held)).toMatchObject({ code: 'LAND_HELD', row: rowOf(2, 'household') });
    expect(at(held)?.messageZh).toContain('C-OPEN-1');
    expect(at(held)?.messageEn).toContain('plot C2');
    expect(at(taker)).toMatchObject({
      code: 'CERTIFICATE_HELD',
      row: rowOf(3, 'P7'),
      column: COL.certificateNo,
    });
    expect(at(taker)?.messageZh).toContain(holder.householdId);
    expect(at(firstOfTwo)).toBeUndefined();
    expect(at(secondOfTwo)).toMatchObject({ code: 'CERTIFICATE_HELD', row: rowOf(5, 'P2') });
    expect(at(secondOfTwo)?.messageZh).toContain(firstOfTwo.householdId);
    expect(out.errors.every((e) => e.messageEn.length > 0 && e.messageZh.length > 0)).toBe(true);

    // the conflicting households exactly as stored, nothing written; the others applied
    expect(await Promise.all([exited, exitedGone, held, taker].map(footprint))).toEqual(storedNow);
    expect(await getHousehold(secondOfTwo.householdId)).toBeUndefined();
    expect(await getHousehold(firstOfTwo.householdId)).toEqual(firstOfTwo);
    expect(await getHousehold(fine.householdId)).toEqual(fine);

    // the exited parcel carried exactly as stored is kept; other changes of the household apply
    const asStored = await getHousehold(exited.householdId);
    if (!asStored) throw new Error('stored');
    const kept = await apply([{ ...asStored, rights: { ...asStored.rights, equityShares: 7 } }]);
    expect(kept.counts).toMatchObject({ updated: 1, conflict: 0 });
    expect((await getHousehold(exited.householdId))?.homesteads[1]).toEqual(asStored.homesteads[1]);
  });

  it('two imports of the same households at once: each household written once, the loser decides again', async () => {
    const households = Array.from({ length: 12 }, () => household());
    const [a, b] = await Promise.all([apply(households), apply(households)]);
    // a cancelled group wrote nothing; its households were read again alone and found as written
    expect(a.counts.created + b.counts.created).toBe(12);
    expect(a.counts.unchanged + b.counts.unchanged).toBe(12);
    expect([...a.errors, ...b.errors]).toEqual([]);
    for (const h of households) {
      expect(await getHousehold(h.householdId)).toEqual(h);
      expect((await footprint(h)).audits).toBe(1);
    }
  });

  it('marking a parcel exited is a row error on its status cell', async () => {
    const h = household();
    const first = h.homesteads[0];
    const out = await apply([
      { ...h, homesteads: [{ ...first, status: 'exited' } as Household['homesteads'][0]] },
    ]);
    expect(out.counts).toMatchObject({ rejected: 1, created: 0 });
    expect(out.errors[0]).toMatchObject({ code: 'INVALID_ROW', column: COL.homesteadStatus, row: 5 });
    expect(await getHousehold(h.householdId)).toBeUndefined();
  });
});

describe('the import record', () => {
  async function uploaded(households: Household[]): Promise<string> {
    return uploadedFile(await householdsToFile('csv', households));
  }

  /** A CSV file stored and verified as the worker finds it: its document's id. */
  async function uploadedFile(bytes: Uint8Array): Promise<string> {
    const documentId = `doc-${randomUUID()}`;
    await env.s3.send(
      new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: registryDocumentKey(documentId), Body: bytes }),
    );
    await putRegistryDocument({
      documentId,
      kind: 'registry_import',
      contentType: REGISTRY_IMPORT_CONTENT_TYPES.csv,
      sizeBytes: bytes.length,
      key: registryDocumentKey(documentId),
      status: 'accepted',
      createdAt: NOW,
      uploadedBy: REGISTRAR,
    });
    return documentId;
  }

  it('one import per document; counts, findings in row order and done; a run again changes nothing', async () => {
    const holder = household();
    const same = household();
    await putHousehold(holder, 'seed', NOW);
    await putHousehold(same, 'seed', NOW);
    const bad = household({ villageCode: '370302999999' });
    const taker = withParcel(household(), 'P2', holder.homesteads[0]?.certificateNo ?? '');
    const documentId = await uploaded([household(), bad, taker, household(), same]);
    const start = { documentId, format: 'csv' as const, startedBy: REGISTRAR, startedAt: NOW };
    const made = await createImport({ ...start, importId: 'imp-a' });
    expect(made).toEqual({ importId: 'imp-a', created: true });
    expect(await createImport({ ...start, importId: 'imp-b' })).toEqual({
      importId: 'imp-a',
      created: false,
    });
    expect(await getImport('imp-b')).toBeUndefined();
    expect(await getImport('imp-a')).toMatchObject({ status: 'running', processed: 0, errors: [] });

    await runImport('imp-a');
    const view = await getImport('imp-a');
    expect(view).toMatchObject({
      status: 'done',
      households: 5,
      processed: 5,
      created: 2,
      updated: 0,
      unchanged: 1,
      conflicts: 1,
      rejected: 1,
      format: 'csv',
      documentId,
      startedBy: REGISTRAR,
    });
    expect(view?.rows).toBeGreaterThan(20);
    expect(view?.errors.map((e) => [e.householdId, e.code])).toEqual([
      [bad.householdId, 'INVALID_ROW'],
      [taker.householdId, 'CERTIFICATE_HELD'],
    ]);
    expect(view?.errors[0]?.column).toBe(COL.villageCode);

    const audits = await queryAll(`AUDIT#household#${taker.householdId}`, '2');
    await runImport('imp-a');
    expect(await getImport('imp-a')).toEqual(view);
    expect(await queryAll(`AUDIT#household#${taker.householdId}`, '2')).toEqual(audits);
  });

  it('a run broken off midway and run again ends with the counts of one unbroken run', async () => {
    const households = [household(), household(), household(), household()];
    const documentId = await uploaded(households);
    await createImport({
      importId: 'imp-c',
      documentId,
      format: 'csv',
      startedBy: REGISTRAR,
      startedAt: NOW,
    });
    // the first run wrote two households before it broke off
    await applyHouseholds(
      households.slice(0, 2).map((h, i) => parsed(h, 2 + i * 7)),
      { importId: 'imp-c', actor: REGISTRAR, now: NOW },
    );
    await runImport('imp-c');
    expect(await getImport('imp-c')).toMatchObject({
      status: 'done',
      created: 4,
      unchanged: 0,
      processed: 4,
    });
  });

  it('a file that is not the template fails the import with why', async () => {
    const documentId = await uploadedFile(new TextEncoder().encode('a,b,c\n1,2,3\n'));
    await createImport({
      importId: 'imp-d',
      documentId,
      format: 'csv',
      startedBy: REGISTRAR,
      startedAt: NOW,
    });
    await runImport('imp-d');
    const view = await getImport('imp-d');
    expect(view?.status).toBe('failed');
    expect(view?.failure?.messageZh).toBeTruthy();
    expect(view?.failure?.messageEn).toBeTruthy();
  });

  it('findings go in chunks under the item limit, and read back whole and in order', () => {
    const errors = Array.from({ length: 3000 }, (_, i) => ({
      row: i + 2,
      column: COL.certificateNo,
      messageZh: '宅基地证书号已登记在其他农户名下，不能再登记。'.repeat(4),
      messageEn: 'a certificate number belongs to one parcel of one household '.repeat(3),
      householdId: `H-${i}`,
      code: 'CERTIFICATE_HELD',
    }));
    const chunks = errorChunks(errors);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(300 * 1024);
    expect(chunks.flat()).toEqual(errors);
  });
});
