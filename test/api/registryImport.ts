import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../local/demo/client.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../local/seed/demoData.js';
import type { UploadTicket } from '../../shared/contract/documents.js';
import {
  ERRORS_PAGE,
  REGISTRY_IMPORT_CONTENT_TYPES,
  type RegistryImportFormat,
  type RegistryImportView,
} from '../../shared/contract/registryImports.js';
import { type Household, householdSchema } from '../../shared/domain/model/household.js';
import { nationalIdCheckChar } from '../../shared/domain/model/nationalIdChecksum.js';
import { householdsToFile } from '../../shared/registryImport/householdsFile.js';
import { checkRegistryFile } from '../../shared/registryImport/parse.js';
import { registryTemplate } from '../../shared/registryImport/template.js';
import type { E2eSystem } from '../e2e/harness.js';
import { householdRecord } from '../support/seed.js';

/**
 * Issue 19 item 2 over HTTP on the local runtime (the synthesized template: the upload verifier on
 * `registry-imports/`, the import rule → queue → worker): the registrar downloads the template, uploads a
 * file as a `registry_import` document, starts the import and polls it to its end. Row errors and
 * conflicts are reported with row and column and leave their households out or unchanged; the same
 * file twice changes nothing; the demo registry exported to xlsx and imported again changes nothing.
 *
 * Run on the runtime another end-to-end file starts (test/e2e/deadlineRaces.test.ts calls
 * `describeRegistryImport`): a runtime start of its own would cost the suite several seconds. Everything
 * here uses households of its own or reads the demo's as they stand, so it shares the runtime safely.
 */
let sys: E2eSystem;
let registrar: Session;
let auditor: Session;
let applicant: Session;

const VILLAGE = DEMO_VILLAGES[0]?.villageCode ?? '';
let seq = 0;
/** A valid resident identity number (GB 11643 check character) of the birth date. */
const nationalId = (birthDate: string, serial: string) => {
  const first17 = `370302${birthDate.replaceAll('-', '')}${serial}`;
  return `${first17}${nationalIdCheckChar(first17)}`;
};

/** A household of the test's own, valid (test/support/seed.ts householdRecord), in a demo village. */
function household(tag: string): Household {
  seq += 1;
  const h = householdSchema.parse(householdRecord(`RI${tag}${seq}${Date.now() % 100_000}`, VILLAGE));
  h.members = h.members.map((m, i) => ({ ...m, nationalId: nationalId(m.birthDate, `12${i}`) }));
  return h;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => `ri-test-${randomUUID()}`;

/** Asks for an upload ticket and PUTs the bytes through it, as the portal does. */
async function upload(format: RegistryImportFormat, bytes: Uint8Array, as: Session = registrar) {
  const ticket = await as.raw<UploadTicket>('POST', '/registry/documents', {
    body: {
      kind: 'registry_import',
      contentType: REGISTRY_IMPORT_CONTENT_TYPES[format],
      sizeBytes: bytes.length,
    },
    idempotencyKey: key(),
  });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const put = await fetch(ticket.body.uploadUrl, {
    method: 'PUT',
    headers: ticket.body.headers,
    body: bytes,
  });
  expect(put.status).toBeLessThan(300);
  return ticket.body.documentId;
}

/** POST /registry/imports, sent again while the upload is still being verified (409 NOT_READY). */
async function start(format: RegistryImportFormat, documentId: string, as: Session = registrar) {
  for (let attempt = 0; ; attempt += 1) {
    const res = await as.raw<Record<string, unknown>>('POST', '/registry/imports', {
      body: { format, documentId },
      idempotencyKey: key(),
    });
    if (res.status !== 409 || res.body.code !== 'NOT_READY' || attempt > 40) return res;
    await sleep(100);
  }
}

async function importDone(importId: string): Promise<RegistryImportView> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const view = await registrar.call<RegistryImportView>('GET', `/registry/imports/${importId}`);
    if (view.status !== 'running') return view;
    await sleep(100);
  }
  throw new Error(`import ${importId} still running`);
}

/** Upload, start, wait: the finished import's view. */
async function importFile(format: RegistryImportFormat, bytes: Uint8Array): Promise<RegistryImportView> {
  const documentId = await upload(format, bytes);
  const res = await start(format, documentId);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return importDone(String(res.body.importId));
}

const getHousehold = (id: string) => registrar.raw<Household>('GET', `/registry/households/${id}`);

/** The registry import's tests, on the runtime of the calling file (`system()`, started in its beforeAll). */
export function describeRegistryImport(system: () => E2eSystem): void {
  describe('registry import (issue 19 item 2)', () => {
    beforeAll(async () => {
      sys = system();
      [registrar, auditor, applicant] = await Promise.all([
        sys.api.login('registrar'),
        sys.api.login(`auditor-${DEMO_VILLAGES[0]?.districtCode}`),
        sys.api.login(`applicant-${DEMO_HOUSEHOLDS[0]?.record.householdId}`),
      ]);
    });

    describe('the template', () => {
      it.each(['xlsx', 'csv'] as const)(
        '%s: a file with the Chinese headers the reader accepts',
        async (format) => {
          const res = await fetch(`${sys.api.apiUrl}/registry/imports/template?format=${format}`, {
            headers: { authorization: `Bearer ${registrar.token}` },
          });
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toContain(REGISTRY_IMPORT_CONTENT_TYPES[format]);
          // RFC 5987: the Chinese name for browsers, an ASCII one for everything else
          const disposition = res.headers.get('content-disposition') ?? '';
          expect(disposition).toContain(`filename="registry-import-template.${format}"`);
          const chinese = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '');
          expect(chinese).toMatch(new RegExp(`[\\u4e00-\\u9fff].*\\.${format}$`));
          const bytes = new Uint8Array(await res.arrayBuffer());
          if (format === 'xlsx') expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
          else expect(new TextDecoder().decode(bytes)).toContain('农户编号');
          await expect(checkRegistryFile(format, bytes)).resolves.toBeUndefined();
        },
      );

      it('is the registrar’s (403 for another role); a format it has not is a 400 naming query.format', async () => {
        expect(
          (await auditor.raw('GET', '/registry/imports/template', { query: { format: 'csv' } })).status,
        ).toBe(403);
        const bad = await registrar.raw<{ errors: { path: string; messageZh?: string }[] }>(
          'GET',
          '/registry/imports/template',
          { query: { format: 'pdf' } },
        );
        expect(bad.status).toBe(400);
        expect(bad.body.errors.map((e) => e.path)).toEqual(['query.format']);
        expect(bad.body.errors[0]?.messageZh).toBeTruthy();
      });
    });

    describe('an import', () => {
      it('creates the households of a file, and the same file again (a new document) changes nothing', async () => {
        const households = [household('A'), household('A'), household('A')];
        const bytes = await householdsToFile('csv', households);
        const first = await importFile('csv', bytes);
        expect(first).toMatchObject({ status: 'done', created: 3, updated: 0, unchanged: 0, conflicts: 0 });
        expect(first.errors).toEqual([]);
        // who started it, by the name a person reads (the registrar's `name` claim), beside the user id
        expect(first.startedBy).toBe('registrar');
        expect(first.startedByName).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
        for (const h of households) {
          const got = await getHousehold(h.householdId);
          expect(got.status).toBe(200);
          expect(got.body.members.map((m) => m.nationalId)).toEqual(h.members.map((m) => m.nationalId));
        }
        const again = await importFile('csv', bytes);
        expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 3, conflicts: 0 });
        expect(again.importId).not.toBe(first.importId);
      });

      it('the same document twice is the same import (202, one importId)', async () => {
        const documentId = await upload('xlsx', await householdsToFile('xlsx', [household('B')]));
        const one = await start('xlsx', documentId);
        const two = await start('xlsx', documentId);
        expect([one.status, two.status]).toEqual([202, 202]);
        expect(two.body.importId).toBe(one.body.importId);
        expect(await importDone(String(one.body.importId))).toMatchObject({ status: 'done', created: 1 });
      });

      it('reports each bad row with its row and column and leaves that household out, the others in', async () => {
        const good = [household('C'), household('C')];
        const badId = household('C');
        // a valid number with another check character
        const valid = badId.members[1]?.nationalId ?? '';
        badId.members[1] = {
          ...(badId.members[1] as Household['members'][number]),
          nationalId: `${valid.slice(0, 17)}${valid.endsWith('1') ? '2' : '1'}`,
        };
        const negative = household('C');
        negative.homesteads[0] = {
          ...(negative.homesteads[0] as Household['homesteads'][number]),
          areaM2: -5,
        };
        const unknownVillage = { ...household('C'), villageCode: '370302999999' };
        const view = await importFile(
          'xlsx',
          await householdsToFile('xlsx', [good[0], badId, negative, unknownVillage, good[1]] as Household[]),
        );
        expect(view).toMatchObject({ status: 'done', created: 2, rejected: 3 });
        const byHousehold = new Map(view.errors.map((e) => [e.householdId, e]));
        for (const bad of [badId, negative, unknownVillage]) {
          const error = byHousehold.get(bad.householdId);
          expect(error, bad.householdId).toMatchObject({ code: 'INVALID_ROW' });
          expect(error?.row).toBeGreaterThan(1);
          expect(error?.column).toMatch(/[\u4e00-\u9fff]/);
          expect(error?.messageZh).toMatch(/[\u4e00-\u9fff]/);
          expect((await getHousehold(bad.householdId)).status).toBe(404);
        }
        for (const g of good) expect((await getHousehold(g.householdId)).status).toBe(200);
      });

      it('answers a long error report a page at a time (errorsFrom), every finding once', async () => {
        // a CSV of the template's header and rows the reader cannot place: one finding a row
        const template = new TextDecoder().decode(await registryTemplate('csv'));
        const header = template.split(/\r?\n/)[0] ?? '';
        const columns = header.split(',').length;
        const rows = ERRORS_PAGE + 37;
        const body = Array.from({ length: rows }, (_, i) =>
          [`X${i}`, `RIPAGE${i}`, ...Array.from({ length: columns - 2 }, () => '')].join(','),
        );
        const bytes = new TextEncoder().encode(`${[header, ...body].join('\r\n')}\r\n`);
        const first = await importFile('csv', bytes);
        expect(first).toMatchObject({ status: 'done', rows, created: 0, errorCount: rows, errorsFrom: 0 });
        expect(first.errors).toHaveLength(ERRORS_PAGE);
        expect(first.nextErrorsFrom).toBe(ERRORS_PAGE);
        const rest = await registrar.call<RegistryImportView>(
          'GET',
          `/registry/imports/${first.importId}?errorsFrom=${first.nextErrorsFrom}`,
        );
        expect(rest.errors).toHaveLength(37);
        expect(rest.nextErrorsFrom).toBeUndefined();
        const seen = [...first.errors, ...rest.errors].map((e) => e.row);
        expect(seen).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
      });

      it('reports a certificate number held by another household as a conflict and leaves the household unchanged', async () => {
        const mine = household('D');
        expect((await importFile('csv', await householdsToFile('csv', [mine]))).created).toBe(1);
        // another household registered one at a time (PUT) takes a certificate number…
        const other = household('D');
        const held = `鲁(2021)淄川区不动产权第${other.householdId}-X号`;
        other.homesteads[0] = {
          ...(other.homesteads[0] as Household['homesteads'][number]),
          certificateNo: held,
        };
        const put = await registrar.raw('PUT', `/registry/households/${other.householdId}`, { body: other });
        expect(put.status, JSON.stringify(put.body)).toBe(200);
        // …which the file now gives the first household's parcel
        const changed = structuredClone(mine);
        changed.homesteads[0] = {
          ...(changed.homesteads[0] as Household['homesteads'][number]),
          certificateNo: held,
          areaM2: 230,
        };
        const view = await importFile('csv', await householdsToFile('csv', [changed]));
        expect(view).toMatchObject({ status: 'done', conflicts: 1, created: 0, updated: 0 });
        expect(view.errors).toEqual([
          expect.objectContaining({ code: 'CERTIFICATE_HELD', householdId: mine.householdId }),
        ]);
        const stored = await getHousehold(mine.householdId);
        expect(stored.body.homesteads[0]).toMatchObject({
          certificateNo: mine.homesteads[0]?.certificateNo,
          areaM2: 220,
        });
      });

      it('the demo registry, exported to xlsx and imported again, changes nothing', async () => {
        const demo: Household[] = [];
        for (const d of DEMO_HOUSEHOLDS) {
          const res = await getHousehold(d.record.householdId);
          expect(res.status).toBe(200);
          demo.push(householdSchema.parse(res.body));
        }
        const view = await importFile('xlsx', await householdsToFile('xlsx', demo));
        expect(view.errors).toEqual([]);
        expect(view).toMatchObject({
          status: 'done',
          households: demo.length,
          created: 0,
          updated: 0,
          unchanged: demo.length,
          conflicts: 0,
          rejected: 0,
        });
      });
    });

    describe('bad input', () => {
      it('a file that is not the template: 400 saying what the template expects', async () => {
        const csv = new TextEncoder().encode('姓名,电话\n张三,13800000000\n');
        const documentId = await upload('csv', csv);
        const res = await start('csv', documentId);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(String(res.body.detailZh)).toContain('模板');
        expect(res.body.expectedColumns).toEqual(
          expect.arrayContaining(['记录类型', '农户编号', '公民身份号码']),
        );
      });

      it('a format other than the upload’s: 400 naming body.format', async () => {
        const documentId = await upload('csv', await householdsToFile('csv', [household('E')]));
        const res = await start('xlsx', documentId);
        expect(res.status).toBe(400);
        expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['body.format']);
      });

      it('an upload the verifier rejected (xlsx without its zip header, CSV with a NUL byte): 400 with the reason', async () => {
        const notXlsx = await upload('xlsx', new TextEncoder().encode('户编号,村编码\n'));
        const nul = await upload('csv', new Uint8Array([0xe6, 0x88, 0xb7, 0x00, 0x2c]));
        for (const [format, documentId, reason] of [
          ['xlsx', notXlsx, /zip/],
          ['csv', nul, /NUL/],
        ] as const) {
          const res = await start(format, documentId);
          expect(res.status).toBe(400);
          expect(String(res.body.detail)).toMatch(reason);
        }
      });

      it('a bad body names its fields; an unknown document or import is a 404', async () => {
        const res = await registrar.raw<{ errors: { path: string }[] }>('POST', '/registry/documents', {
          body: { kind: 'id_card', contentType: 'application/pdf', sizeBytes: 30 * 1024 * 1024 },
          idempotencyKey: key(),
        });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e) => e.path).sort()).toEqual([
          'body.contentType',
          'body.kind',
          'body.sizeBytes',
        ]);
        expect((await start('csv', 'RD-20260101-00000000')).status).toBe(404);
        expect((await registrar.raw('GET', '/registry/imports/RI-20260101-00000000')).status).toBe(404);
      });

      it('is the registrar’s; the auditor reads an import; a case never takes a registry_import document', async () => {
        expect(
          (
            await applicant.raw('POST', '/registry/documents', {
              body: { kind: 'registry_import', contentType: 'text/csv', sizeBytes: 10 },
              idempotencyKey: key(),
            })
          ).status,
        ).toBe(403);
        expect((await start('csv', 'RD-20260101-00000000', auditor)).status).toBe(403);
        expect((await auditor.raw('GET', '/registry/imports/RI-20260101-00000000')).status).toBe(404);
        const onCase = await applicant.raw<{ errors: { path: string }[] }>(
          'POST',
          '/cases/C-none/documents',
          {
            body: { kind: 'registry_import', contentType: 'application/pdf', sizeBytes: 10 },
            idempotencyKey: key(),
          },
        );
        expect(onCase.status).toBe(400);
        expect(onCase.body.errors.map((e) => e.path)).toEqual(['body.kind']);
      });
    });
  });
}
