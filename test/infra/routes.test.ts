import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/api/routes.js';
import { ROUTE_IDS, type RouteId } from '../../shared/auth/authorization.js';

/**
 * infra/api/routes.ts wires each route of API.md to functions/api/<routeId>.ts. The handler declares
 * its own method and path (`route`); the stack's route table must say the same, or API Gateway would
 * send requests to a handler that does not expect them.
 */
interface RouteModule {
  route: { id: string; method: string; path: string; idempotent?: boolean };
  handler: unknown;
}

async function load(id: RouteId): Promise<RouteModule> {
  const specifier = `../../functions/api/${id}.js`;
  return (await import(/* @vite-ignore */ specifier)) as RouteModule;
}

describe('the API route table', () => {
  it.each(ROUTE_IDS.map((id) => [id]))('%s: method and path match the handler’s own route', async (id) => {
    const mod = await load(id);
    expect(typeof mod.handler).toBe('function');
    expect({ id: mod.route.id, method: mod.route.method, path: mod.route.path }).toEqual({
      id,
      method: ROUTES[id].method,
      path: ROUTES[id].path,
    });
    // infra/constructs/api.ts grants DeleteItem on IDEMPOTENCY#… to POSTs, for Powertools to remove the
    // record of a failed request: exactly the routes that take an Idempotency-Key
    expect(mod.route.idempotent === true, `${id} idempotent`).toBe(ROUTES[id].method === 'POST');
  });

  it('no two routes share a method and path', () => {
    const keys = ROUTE_IDS.map((id) => `${ROUTES[id].method} ${ROUTES[id].path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  /**
   * The one read that writes: viewing a document appends its audit entry (DOMAIN.md: every document
   * access is recorded), and the presigned GET it answers is signed with its own credentials. Its grant
   * is readAppend: PutItem beside the reads, no Update/Delete/BatchWrite.
   */
  const DOCUMENT_VIEW: RouteId = 'getDocument';

  /**
   * The documents the system issues (issue 15): a GET sets the PDF, stores it under its hash and appends
   * the download's audit entry, so it appends to the table and puts objects, each under its own prefixes.
   */
  const ISSUED: Partial<Record<RouteId, string[]>> = {
    getAgreement: ['cases/*/agreements/*', 'previews/*'],
    getPaymentReceipt: ['cases/*/receipts/*'],
    getNoticeList: ['notices/*'],
  };

  /**
   * Issue 17: `GET /fund` reconciles incrementally and moves the district's checkpoint forward — PutItem
   * of that one item (its own partition, its attributes: test/infra/tableGrants.ts), nothing else.
   */
  const RECONCILING: RouteId = 'getFund';

  it('GET /fund: readCheckpoint, and nothing else that writes', () => {
    expect(ROUTES[RECONCILING]).toEqual({
      method: 'GET',
      path: '/fund',
      table: 'readCheckpoint',
      events: true,
    });
  });

  it('reads never write: GET routes get read-only table access, no workflow and no documents', () => {
    for (const id of ROUTE_IDS.filter(
      (r) =>
        ROUTES[r].method === 'GET' && r !== DOCUMENT_VIEW && r !== RECONCILING && ISSUED[r] === undefined,
    )) {
      expect(ROUTES[id].table, id).toBe('read');
      expect(ROUTES[id].workflow, id).toBeUndefined();
      expect(ROUTES[id].documents, id).toBeUndefined();
    }
  });

  it('viewing a document: table access for its audit entry, and only GetObject on case objects (never quarantine/)', () => {
    expect(ROUTES[DOCUMENT_VIEW]).toEqual({
      method: 'GET',
      path: '/cases/{caseId}/documents/{documentId}',
      table: 'readAppend',
      documents: { get: ['cases/*'] },
    });
  });

  it('issuing a document: readAppend for its audit entry, get and put on its own prefixes only, the font layer', () => {
    for (const [id, prefixes] of Object.entries(ISSUED) as [RouteId, string[]][]) {
      expect(ROUTES[id], id).toMatchObject({
        method: 'GET',
        table: 'readAppend',
        documents: { get: prefixes, put: prefixes },
        documentFont: true,
      });
      expect(ROUTES[id].workflow, id).toBeUndefined();
      expect(ROUTES[id].documents?.delete, id).toBeUndefined();
    }
  });
});
