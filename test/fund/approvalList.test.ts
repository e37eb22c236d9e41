import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { backfillApprovalListKeys } from '../../scripts/backfillIndexKeys.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { REPLENISHMENT_FOUR_EYES_DEFAULT_FEN } from '../../shared/domain/model/policy.js';
import { fundKeys } from '../../shared/fund/keys.js';
import { invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { countOf, dynamoCommandsDuring } from '../support/dynamoRequests.js';
import { installDoubles } from '../support/seed.js';
import { DISTRICT, freshTable, fundAdmin } from './harness.js';

/**
 * Issue 17: `GET /fund/approvals?status=` reads its status's own list (the FundQueue index's
 * `FUNDAPPROVAL#{district}#{status}` partition), one key-condition Query per page, so a page of pending
 * approvals costs the same whatever number of decided ones lie around it; an approval stored before
 * those keys is listed once scripts/backfillIndexKeys.ts gave it its keys.
 */
const env = useApiEnvironment();
const { createReplenishment, decideFundApproval, listFundApprovals } = await loadRoutes(
  'createReplenishment',
  'decideFundApproval',
  'listFundApprovals',
);

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  installDoubles();
});

const PROPOSER = fundAdmin('p');
const APPROVER = fundAdmin('q');
const AUDITOR: TestPrincipal = { sub: 'auditor-1', groups: ['auditor'], district: DISTRICT };
const BIG = REPLENISHMENT_FOUR_EYES_DEFAULT_FEN + 1;

async function propose(n: number): Promise<string> {
  const res = await invoke(createReplenishment, {
    principal: PROPOSER,
    body: { source: 'appropriation', amountFen: BIG + n, reference: `BIG-${n}` },
  });
  expect(res.status, res.text).toBe(202);
  return res.json.approvalId as string;
}

async function queriesOf<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const { result, sent } = await dynamoCommandsDuring(run);
  return { result, queries: countOf(sent, 'QueryCommand') };
}

/** Every page of a status's list: the ids in order, and the Queries each page cost. */
async function pagesOf(status: string, limit: number) {
  const ids: string[] = [];
  const perPage: number[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const { result: res, queries } = await queriesOf(() =>
      invoke(listFundApprovals, {
        principal: AUDITOR,
        query: { status, limit: String(limit), ...(cursor ? { cursor } : {}) },
      }),
    );
    expect(res.status, res.text).toBe(200);
    perPage.push(queries);
    sizes.push(res.json.items.length);
    for (const a of res.json.items) expect(a.status).toBe(status);
    ids.push(...res.json.items.map((a: { approvalId: string }) => a.approvalId));
    cursor = res.json.nextCursor ?? undefined;
  } while (cursor && perPage.length < 30);
  return { ids, perPage, sizes };
}

describe('fund approvals by status', () => {
  it('one Query per page, every page but the last full, oldest first, whatever else the district holds', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 16; n += 1) ids.push(await propose(n));
    // most are decided: refused, two approved; the pending ones lie among them
    const pendingIds: string[] = [];
    for (const [i, id] of ids.entries()) {
      if (i % 5 === 2) {
        pendingIds.push(id);
        continue;
      }
      const body = i % 7 === 0 ? { approve: true } : { approve: false, reason: '凭证不符' };
      const res = await invoke(decideFundApproval, {
        principal: APPROVER,
        pathParameters: { approvalId: id },
        body,
      });
      expect(res.status, res.text).toBe(200);
    }
    const pending = await pagesOf('pending', 2);
    // oldest first: ids are time-ordered to the second, then random (so within a second, by id)
    expect(pending.ids).toEqual([...pendingIds].sort());
    expect(pending.perPage.every((q) => q === 1)).toBe(true);
    expect(pending.sizes.slice(0, -1).every((s) => s === 2)).toBe(true);

    const approved = await pagesOf('approved', 5);
    expect(approved.ids).toEqual(ids.filter((_, i) => i % 5 !== 2 && i % 7 === 0).sort());
    const refused = await pagesOf('refused', 4);
    expect(refused.ids).toEqual(ids.filter((_, i) => i % 5 !== 2 && i % 7 !== 0).sort());
    expect(refused.perPage.every((q) => q === 1)).toBe(true);
  });

  it('an approval stored before the list keys is listed by status after the backfill; a second run does nothing', async () => {
    const fresh = await propose(1);
    const approvalId = 'FA-20250101T000000Z-0000000001';
    await documentClient().send(
      new PutCommand({
        TableName: requireConfig('TABLE_NAME'),
        Item: {
          ...fundKeys.approval(DISTRICT, approvalId),
          itemType: 'fund_approval',
          approvalId,
          kind: 'replenishment',
          status: 'pending',
          districtCode: DISTRICT,
          amountFen: BIG,
          entryId: 'REP-legacy',
          source: 'appropriation',
          reference: 'LEGACY-1',
          proposedBy: PROPOSER.sub,
          proposedAt: '2025-01-01T00:00:00.000Z',
        },
      }),
    );
    expect((await pagesOf('pending', 10)).ids).toEqual([fresh]);
    expect(await backfillApprovalListKeys()).toMatchObject({ scanned: 1, updated: 1, failures: [] });
    expect((await pagesOf('pending', 10)).ids).toEqual([approvalId, fresh]);
    expect(await backfillApprovalListKeys()).toEqual({
      scanned: 0,
      updated: 0,
      changedMeanwhile: 0,
      failures: [],
    });
  });
});
