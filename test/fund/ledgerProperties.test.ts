import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import {
  caseAuditTrail,
  caseItem as fundCaseItem,
  getCase,
} from '../../shared/adapters/table/caseRepository.js';
import { decideAdvance } from '../../shared/cases/commands/advance/decide.js';
import { replenish, reverseEntry } from '../../shared/cases/commands/advance/replenish.js';
import { PROBLEM_STATUS } from '../../shared/contract/problem.js';
import { DISTRICT_CODES, type DistrictCode } from '../../shared/domain/model/common.js';
import { cashEffectFen } from '../../shared/domain/model/ledger.js';
import { AppError } from '../../shared/errors/appError.js';
import { approverIds } from '../../shared/fund/advance.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import { reconcileIncremental } from '../../shared/fund/reconcileIncremental.js';
import { readQuota } from '../../shared/fund/reserve.js';
import { useApiEnvironment } from '../support/api.js';
import { installDoubles } from '../support/seed.js';
import { freshTable, fundReviewCase, storeToken, tokenOf } from './harness.js';

/**
 * Property: whatever the interleaving of approvals (also by the same administrator twice), rejections,
 * replenishments (also of a reference already recorded), reversals and the workflow reaching its
 * awaiting_funds step, with some of them running at the same time, the fund ends with
 * - balance item = Σ entries ≥ 0 at every entry (reconcile), checked here independently as well;
 * - at most one advance per agreement, and exactly one for every case that was disbursed with money;
 * - four eyes held for every paid advance, and no rejected advance paid;
 * - the queue counters equal the cases waiting;
 * - FIFO: a queued advance is never paid while one approved before it was already waiting.
 * Runs against DynamoDB Local; the workflow and event ports are recording doubles (seed.ts), as Step
 * Functions and EventBridge have no local implementation in this test.
 */
const env = useApiEnvironment();

/** a low threshold so that random amounts need one or two administrators */
const THRESHOLD = 3_000;
const ADMINS = ['adm-0', 'adm-1', 'adm-2'];

type Action =
  | { t: 'approve'; c: number; admin: number }
  | { t: 'approveTwice'; c: number; admin: number }
  | { t: 'reject'; c: number; admin: number }
  | { t: 'replenish'; amount: number; ref: number; source: 'appropriation' | 'quota_sale' }
  | { t: 'reverse'; pick: number }
  | { t: 'register'; c: number };

const caseIndex = fc.nat({ max: 3 });
const admin = fc.nat({ max: ADMINS.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('approve' as const), c: caseIndex, admin }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('approveTwice' as const), c: caseIndex, admin }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reject' as const), c: caseIndex, admin }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('replenish' as const),
      amount: fc.integer({ min: 1, max: 8_000 }),
      ref: fc.nat({ max: 4 }),
      source: fc.constantFrom('appropriation' as const, 'quota_sale' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('register' as const), c: caseIndex }) },
);

const scenario = fc.record({
  amounts: fc.array(
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 6_000 }) },
    ),
    {
      minLength: 2,
      maxLength: 4,
    },
  ),
  /** each group runs at the same time; groups run one after the other */
  groups: fc.array(fc.array(action, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
});

/** Refusals a client can meet (409 conflict, 422 rule refused); anything else fails the property. */
async function tolerate(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError && [409, 422].includes(PROBLEM_STATUS[error.code])) return;
    throw error;
  }
}

let run = 0;
let tableDistricts: DistrictCode[] = [];

/** what the runs exercised, so that a generator that stopped producing queues would be noticed */
const stats = { queued: 0, paidFromQueue: 0, reversals: 0, advances: 0, rejected: 0, fifoPairs: 0 };
beforeAll(() => {
  installDoubles();
});

describe('the fund ledger under any interleaving', () => {
  it('keeps balance = Σ entries ≥ 0, one advance per agreement, four eyes and FIFO', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ amounts, groups }) => {
        // eight districts share a table, one fund each: a fresh table every eight runs
        if (tableDistricts.length === 0) {
          await freshTable(env.services.dynamo.endpoint);
          tableDistricts = [...DISTRICT_CODES];
        }
        const district = tableDistricts.pop() as DistrictCode;
        const prefix = `P${++run}`;
        // cases waiting in fund_review with their tokens, and plenty of accrued quota (as reserved parcels
        // would give) so that quota sales are possible: one write
        const cases0 = amounts.map((amountFen, i) =>
          fundReviewCase({ caseId: `${prefix}-${i}`, amountFen, district, thresholdFen: THRESHOLD }),
        );
        const TableName = requireConfig('TABLE_NAME');
        await documentClient().send(
          new TransactWriteCommand({
            TransactItems: [
              ...cases0.map((c) => ({
                Put: {
                  TableName,
                  Item: fundCaseItem(c, { token: tokenOf(c.caseId), status: 'fund_review' }),
                },
              })),
              {
                Put: {
                  TableName,
                  Item: { PK: `FUND#${district}`, SK: 'QUOTA', accruedCentiM2: 10_000_000, soldMu4: 0 },
                },
              },
            ],
          }),
        );
        const caseIds = cases0.map((c) => c.caseId);
        const caseOf = (i: number) => caseIds[i % caseIds.length] as string;

        const perform = async (a: Action): Promise<void> => {
          const at = new Date().toISOString();
          switch (a.t) {
            case 'approve':
            case 'reject': {
              const stored = await getCase(caseOf(a.c));
              if (!stored) throw new Error('case vanished');
              const note = a.t === 'reject' ? 'property rejection' : '';
              await tolerate(
                decideAdvance(stored, { adminId: ADMINS[a.admin] as string, decision: a.t, note, at }),
              );
              return;
            }
            case 'approveTwice':
              await Promise.all([
                perform({ t: 'approve', c: a.c, admin: a.admin }),
                perform({ t: 'approve', c: a.c, admin: a.admin }),
              ]);
              return;
            case 'replenish':
              await tolerate(
                replenish(
                  district,
                  {
                    source: a.source,
                    amountFen: a.amount,
                    reference: `${prefix}-R${a.ref}`,
                    ...(a.source === 'quota_sale' ? { quotaCentiM2: 67 } : {}),
                  },
                  'adm-0',
                  at,
                ),
              );
              return;
            case 'reverse': {
              const entries = await ledgerEntries(district);
              const target = entries[a.pick % Math.max(1, entries.length)];
              if (target)
                await tolerate(reverseEntry(district, target.entryId, 'adm-1', 'property reversal', at));
              return;
            }
            case 'register': {
              // the workflow reaches its awaiting_funds step and stores its token (if still waiting)
              const stored = await getCase(caseOf(a.c));
              if (stored?.case.status === 'awaiting_funds' && !stored.pendingToken) {
                await tolerate(
                  storeToken(stored.case.caseId, {
                    token: tokenOf(stored.case.caseId, 'awaiting_funds'),
                    status: 'awaiting_funds',
                  }),
                );
              }
              return;
            }
          }
        };
        for (const group of groups) {
          await Promise.all(group.map(perform));
          // issue 17: GET /fund's incremental reconciliation, from its checkpoint, after every group
          expect((await reconcileIncremental(district)).matches).toBe(true);
        }

        // ---- invariants
        const r = await reconcile(district);
        expect(r.differences).toEqual([]);
        expect(r.chainIntact).toBe(true);
        expect(r.matches).toBe(true);
        const inc = await reconcileIncremental(district);
        expect([inc.entriesSumFen, inc.entryCount, inc.matches]).toEqual([
          r.entriesSumFen,
          r.entryCount,
          true,
        ]);
        const entries = await ledgerEntries(district);
        const fund = r.fund;
        expect(fund.balanceFen).toBe(entries.reduce((s, e) => s + cashEffectFen(e), 0));
        expect(fund.balanceFen).toBeGreaterThanOrEqual(0);
        expect(new Set(entries.map((e) => e.entryId)).size).toBe(entries.length);
        // the quota's sold counters move with the entries that sell quota and give it back, in both units
        const signed = (kind: string, v: number | undefined) => (kind === 'reversal' ? -(v ?? 0) : (v ?? 0));
        const quota = await readQuota(district);
        expect(quota.soldCentiM2).toBe(entries.reduce((s, e) => s + signed(e.kind, e.quotaCentiM2), 0));
        expect(quota.stored.soldMu4).toBe(entries.reduce((s, e) => s + signed(e.kind, e.quotaMu4), 0));

        const cases = await Promise.all(caseIds.map(async (id) => (await getCase(id))?.case));
        let queuedCount = 0;
        let queuedFen = 0;
        const queued: { key: string; caseId: string; queuedSeq: number; paidSeq?: number }[] = [];
        for (const c of cases) {
          if (!c?.advance || !c.agreement) throw new Error('case lost its advance');
          const adv = entries.filter(
            (e) => e.kind === 'advance' && e.agreementId === c.agreement?.agreementId,
          );
          expect(adv.length).toBeLessThanOrEqual(1);
          const paidWithMoney = c.status === 'disbursed' && c.advance.amountFen > 0;
          expect(adv.length).toBe(paidWithMoney ? 1 : 0);
          if (c.status === 'disbursed') {
            expect(c.advance.status).toBe('paid');
            expect(approverIds(c.advance).length).toBeGreaterThanOrEqual(c.advance.requiredApprovals);
            expect(c.advance.requiredApprovals).toBe(c.advance.amountFen > THRESHOLD ? 2 : 1);
            expect(c.advance.approvals.some((x) => x.decision === 'reject')).toBe(false);
          }
          if (c.status === 'awaiting_funds') {
            queuedCount++;
            queuedFen += c.advance.amountFen;
          }
          // only a case that ends awaiting funds or paid can have passed through the queue
          const mayHaveQueued = c.status === 'awaiting_funds' || paidWithMoney;
          const queueWrite = mayHaveQueued
            ? (await caseAuditTrail(c.caseId)).find((t) => t.toStatus === 'awaiting_funds')
            : undefined;
          if (queueWrite) {
            queued.push({
              key: `${c.advance.approvedAt}#${c.caseId}`,
              caseId: c.caseId,
              queuedSeq: Number(queueWrite.detail?.fundSeq),
              ...(adv[0] ? { paidSeq: adv[0].seq } : {}),
            });
          }
        }
        expect({ queuedCount: fund.queuedCount, queuedFen: fund.queuedFen }).toEqual({
          queuedCount,
          queuedFen,
        });
        stats.queued += queued.length;
        stats.paidFromQueue += queued.filter((q) => q.paidSeq !== undefined).length;
        stats.reversals += entries.filter((e) => e.kind === 'reversal').length;
        stats.advances += entries.filter((e) => e.kind === 'advance').length;
        stats.rejected += cases.filter((c) => c?.status === 'rejected').length;
        for (const y of queued) {
          if (y.paidSeq === undefined) continue;
          for (const x of queued) {
            // x was approved before y and already waiting when y was paid: x must have been paid first
            if (x.key < y.key && x.queuedSeq < y.paidSeq) {
              stats.fifoPairs++;
              expect(x.paidSeq, `${x.caseId} waited ahead of ${y.caseId}`).toBeDefined();
              expect(x.paidSeq as number).toBeLessThan(y.paidSeq);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
    // over 100 runs each kind of movement happens many times (typically ~10 FIFO pairs are checked)
    expect(stats.advances).toBeGreaterThan(0);
    expect(stats.paidFromQueue).toBeGreaterThan(0);
    expect(stats.reversals).toBeGreaterThan(0);
    expect(stats.rejected).toBeGreaterThan(0);
    expect(stats.fifoPairs).toBeGreaterThan(0);
  }, 120_000);
});
