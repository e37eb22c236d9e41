import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { caseItem, getCase } from '../../shared/adapters/table/caseRepository.js';
import { putHousehold } from '../../shared/adapters/table/registryRepository.js';
import type { Principal } from '../../shared/auth/principal.js';
import { decideAdvance } from '../../shared/cases/commands/advance/decide.js';
import { payQueuedAdvances } from '../../shared/cases/commands/advance/queue.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { recordMilestone } from '../../shared/cases/commands/milestones/recordMilestone.js';
import { moveCase, touchCase } from '../../shared/cases/moveCase.js';
import { PROBLEM_STATUS } from '../../shared/contract/problem.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import { DISTRICT_CODES, type DistrictCode } from '../../shared/domain/model/common.js';
import { householdSchema } from '../../shared/domain/model/household.js';
import { cashEffectFen } from '../../shared/domain/model/ledger.js';
import { AppError } from '../../shared/errors/appError.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import { reconcileIncremental } from '../../shared/fund/reconcileIncremental.js';
import { useApiEnvironment } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { householdRecord, installDoubles } from '../support/seed.js';
import { freshTable, fundReviewCase, tokenOf } from './harness.js';

/**
 * Property (分期支付, issue 13): whatever the interleaving of fund approvals, the land leg's milestones
 * that pay the later tranches (`disposed`, `certificate_cancelled`, also two at once), replenishments,
 * re-runs of the queue as a restarted request would do, and the workflow reaching its waits, with
 * several of them at the same time, the fund ends with
 * - balance item = Σ entries ≥ 0 (reconcile, and independently here), entry ids unique;
 * - per agreement at most one entry per tranche, exactly one for every paid tranche, with the tranche's
 *   amount and the id the tranche names, none for a tranche not paid;
 * - a closed case paid exactly its payable amount; the queue counters equal the tranches waiting.
 * DynamoDB Local; the workflow and event ports are recording doubles (no local Step Functions here).
 * The workflow's steps between the milestones (the reserve, the vacating) move no money: a `land`
 * action stands for them and stores the next step's token.
 */
const env = useApiEnvironment();

const THRESHOLD = 3_000;
const ADMINS = ['adm-0', 'adm-1', 'adm-2'];

type Action =
  | { t: 'approve'; c: number; admin: number }
  | { t: 'land'; c: number }
  | { t: 'milestone'; c: number }
  | { t: 'milestoneTwice'; c: number }
  | { t: 'replenish'; amount: number; ref: number }
  | { t: 'rerunQueue' };

const caseIndex = fc.nat({ max: 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ t: fc.constant('approve' as const), c: caseIndex, admin: fc.nat({ max: 2 }) }),
  },
  { weight: 7, arbitrary: fc.record({ t: fc.constant('land' as const), c: caseIndex }) },
  { weight: 7, arbitrary: fc.record({ t: fc.constant('milestone' as const), c: caseIndex }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('milestoneTwice' as const), c: caseIndex }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('replenish' as const),
      amount: fc.integer({ min: 1, max: 6_000 }),
      ref: fc.nat({ max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('rerunQueue' as const) }) },
);

const scenario = fc.record({
  amounts: fc.array(fc.integer({ min: 1, max: 6_000 }), { minLength: 2, maxLength: 3 }),
  /** what the fund holds before anything happens: from nothing (everything queues) to plenty */
  opening: fc.integer({ min: 0, max: 15_000 }),
  groups: fc.array(fc.array(action, { minLength: 1, maxLength: 3 }), { minLength: 4, maxLength: 12 }),
});

/** Refusals a client can meet (403 duty, 409 conflict, 422 rule refused); anything else fails. */
async function tolerate(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError && [403, 409, 422].includes(PROBLEM_STATUS[error.code])) return;
    throw error;
  }
}

let run = 0;
let tableDistricts: DistrictCode[] = [];
const stats = { tranchesPaid: 0, queuedLater: 0, closed: 0 };
beforeAll(() => {
  installDoubles();
});

describe('the payment schedule under any interleaving', () => {
  it('pays each tranche at most once, every paid tranche exactly once, and keeps balance = Σ entries', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ amounts, opening, groups }) => {
        if (tableDistricts.length === 0) {
          await freshTable(env.services.dynamo.endpoint);
          tableDistricts = [...DISTRICT_CODES];
        }
        const district = tableDistricts.pop() as DistrictCode;
        const prefix = `T${++run}`;
        const now = new Date().toISOString();
        // cases in fund_review with their schedule and token, each of a household of its own (the
        // cancellation marks its parcel exited in the registry)
        const cases0 = amounts.map((amountFen, i) => {
          const householdId = `H-${prefix}-${i}`;
          const base = fundReviewCase({
            caseId: `${prefix}-${i}`,
            amountFen,
            district,
            thresholdFen: THRESHOLD,
          });
          return {
            ...base,
            householdId,
            application: { ...base.application, householdId } as typeof base.application,
            paymentSchedule: paymentSchedule('homestead_exit', amountFen),
          };
        });
        await Promise.all(
          cases0.map((c) =>
            putHousehold(householdSchema.parse(householdRecord(c.householdId, c.village)), 'seed', now),
          ),
        );
        const TableName = requireConfig('TABLE_NAME');
        await documentClient().send(
          new TransactWriteCommand({
            TransactItems: cases0.map((c) => ({
              Put: { TableName, Item: caseItem(c, { token: tokenOf(c.caseId), status: 'fund_review' }) },
            })),
          }),
        );
        if (opening > 0) {
          await replenish(
            district,
            { source: 'appropriation', amountFen: opening, reference: `${prefix}-opening` },
            'adm-0',
            now,
          );
        }
        const caseIds = cases0.map((c) => c.caseId);
        const caseOf = (i: number) => caseIds[i % caseIds.length] as string;
        const landOfficer: Principal = { sub: 'land-officer-p', roles: ['land_officer'], district };
        const registrar: Principal = { sub: 'registrar-p', roles: ['registrar'] };

        const perform = async (a: Action): Promise<void> => {
          const at = new Date().toISOString();
          switch (a.t) {
            case 'approve': {
              const stored = await getCase(caseOf(a.c));
              if (!stored) throw new Error('case vanished');
              const adminId = ADMINS[a.admin] as string;
              await tolerate(decideAdvance(stored, { adminId, decision: 'approve', note: '', at }));
              return;
            }
            case 'land': {
              // the workflow: a disbursed case is reserved and vacated (no money moves) and waits for
              // its disposition; a case waiting at a milestone or in the queue gets its step's token
              const stored = await getCase(caseOf(a.c));
              const c = stored?.case;
              if (!stored || !c) return;
              const waits: Record<string, string> = {
                disposing: 'disposing',
                cancelling: 'cancelling',
                awaiting_funds: 'awaiting_funds',
              };
              if (c.status === 'disbursed') {
                // reserved (→ vacating), then vacated (→ disposing, its step waiting): two writes
                await tolerate(
                  (async () => {
                    const vacating = moveCase(c, 'vacating', { actor: 'wf', at, note: 'reserved' });
                    await saveCase(stored, vacating, { audit: { actor: 'wf', action: 'land.reserved' } });
                    const read = await getCase(c.caseId);
                    if (!read) return;
                    await saveCase(
                      read,
                      moveCase(read.case, 'disposing', { actor: 'wf', at, note: 'vacated' }),
                      {
                        newToken: { token: `${c.caseId}-disposing-${at}`, status: 'disposing' },
                        audit: { actor: 'wf', action: 'land.vacated' },
                      },
                    );
                  })(),
                );
              } else if (waits[c.status] && stored.pendingToken?.status !== c.status) {
                await tolerate(
                  saveCase(stored, touchCase(c, { actor: 'wf', at, note: `waiting (${c.status})` }), {
                    newToken: { token: `${c.caseId}-${c.status}-${at}`, status: c.status },
                    audit: { actor: 'wf', action: 'task.waiting' },
                  }),
                );
              }
              return;
            }
            case 'milestone': {
              const stored = await getCase(caseOf(a.c));
              const c = stored?.case;
              if (!stored || !c || !stored.pendingToken || stored.pendingToken.status !== c.status) return;
              if (c.status === 'disposing') {
                await tolerate(
                  recordMilestone(
                    stored,
                    { kind: 'disposed', disposition: 'direct_use', planApprovalNo: `PA-${c.caseId}` },
                    landOfficer,
                    at,
                  ),
                );
              } else if (c.status === 'cancelling') {
                await tolerate(
                  recordMilestone(
                    stored,
                    { kind: 'certificate_cancelled', cancellationNo: `ZX-${c.caseId}` },
                    registrar,
                    at,
                  ),
                );
              }
              return;
            }
            case 'milestoneTwice':
              await Promise.all([perform({ t: 'milestone', c: a.c }), perform({ t: 'milestone', c: a.c })]);
              return;
            case 'replenish':
              await tolerate(
                replenish(
                  district,
                  { source: 'appropriation', amountFen: a.amount, reference: `${prefix}-R${a.ref}` },
                  'adm-0',
                  at,
                ),
              );
              return;
            case 'rerunQueue':
              // a replenishment's request restarted after its money was in: the queue runs again
              await payQueuedAdvances(district, 'adm-0', at);
              return;
          }
        };
        for (const group of groups) {
          await Promise.all(group.map(perform));
          // issue 17: GET /fund's incremental reconciliation, from its checkpoint, after every group
          // (tranche advances among the new entries each time: their guard check must hold)
          expect((await reconcileIncremental(district)).matches).toBe(true);
        }

        // ---- invariants
        const r = await reconcile(district);
        expect(r.differences).toEqual([]);
        expect(r.chainIntact).toBe(true);
        expect(r.duplicateAdvances).toEqual([]);
        expect(r.matches).toBe(true);
        const inc = await reconcileIncremental(district);
        expect([inc.entriesSumFen, inc.entryCount, inc.matches]).toEqual([
          r.entriesSumFen,
          r.entryCount,
          true,
        ]);
        const entries = await ledgerEntries(district);
        expect(r.fund.balanceFen).toBe(entries.reduce((s, e) => s + cashEffectFen(e), 0));
        expect(new Set(entries.map((e) => e.entryId)).size).toBe(entries.length);

        let queuedCount = 0;
        let queuedFen = 0;
        for (const id of caseIds) {
          const c = (await getCase(id))?.case;
          if (!c?.paymentSchedule || !c.agreement) throw new Error('case lost its schedule');
          const mine = entries.filter(
            (e) => e.kind === 'advance' && e.agreementId === c.agreement?.agreementId,
          );
          for (const t of c.paymentSchedule) {
            // a later tranche that waited in the queue (paid since or not): the queue worked per tranche
            if (t.tranche > 1 && t.queuedAt) stats.queuedLater++;
            const paid = mine.filter((e) => e.tranche === t.tranche);
            // a tranche that rounds to nothing (a payable of a few fen) is settled without an entry
            const withMoney = t.status === 'paid' && t.amountFen > 0;
            expect(paid.length, `${id} tranche ${t.tranche}`).toBe(withMoney ? 1 : 0);
            if (withMoney) {
              expect(paid[0]).toMatchObject({ entryId: t.entryId, amountFen: t.amountFen });
              stats.tranchesPaid++;
            }
            if (t.status === 'queued') {
              queuedCount++;
              queuedFen += t.amountFen;
              expect(c.status).toBe('awaiting_funds');
            }
          }
          expect(mine.length).toBe(
            c.paymentSchedule.filter((t) => t.status === 'paid' && t.amountFen > 0).length,
          );
          if (c.status === 'closed') {
            stats.closed++;
            expect(mine.reduce((s, e) => s + e.amountFen, 0)).toBe(c.agreement.payableFen);
          }
        }
        expect({ queuedCount: r.fund.queuedCount, queuedFen: r.fund.queuedFen }).toEqual({
          queuedCount,
          queuedFen,
        });
      }),
      {
        numRuns: 30,
        examples: [
          // a case taken all the way to closed, every tranche paid as its milestone is recorded
          [
            {
              amounts: [100, 100],
              opening: 1_000,
              groups: [
                [{ t: 'approve', c: 0, admin: 0 }],
                [{ t: 'land', c: 0 }],
                [{ t: 'milestone', c: 0 }],
                [{ t: 'land', c: 0 }],
                [{ t: 'milestone', c: 0 }],
              ],
            },
          ],
          // the disposition's tranche waits in the queue (nothing left after the first) and money pays it
          [
            {
              amounts: [100, 100],
              opening: 50,
              groups: [
                [{ t: 'approve', c: 0, admin: 0 }],
                [{ t: 'land', c: 0 }],
                [{ t: 'milestone', c: 0 }],
                [{ t: 'land', c: 0 }],
                [{ t: 'replenish', amount: 30, ref: 0 }],
              ],
            },
          ],
          // found by this property: 1 fen payable, its 30 % tranche rounds to 0 and is settled without an entry
          [
            {
              amounts: [1, 1],
              opening: 1,
              groups: [
                [{ t: 'land', c: 0 }],
                [
                  { t: 'approve', c: 0, admin: 0 },
                  { t: 'milestone', c: 0 },
                ],
                [{ t: 'land', c: 0 }],
                [{ t: 'milestone', c: 0 }],
              ],
            },
          ],
        ],
      },
    );
    // the generator reaches later tranches, the queue for them, and closed cases
    expect(stats.tranchesPaid).toBeGreaterThan(0);
    expect(stats.queuedLater).toBeGreaterThan(0);
    expect(stats.closed).toBeGreaterThan(0);
  }, 180_000);
});
