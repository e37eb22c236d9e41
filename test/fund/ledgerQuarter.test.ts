import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLedger } from '../../scripts/auditLedger.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { quarterPeriod } from '../../shared/domain/period.js';
import { fundKeys } from '../../shared/fund/keys.js';
import {
  type LedgerQuarterSums,
  ledgerQuarterKey,
  readSumsStart,
  sumEntries,
} from '../../shared/fund/ledgerQuarter.js';
import { quarterEntries } from '../../shared/reports/fundFigures.js';
import { quarterLedger, quarterLedgerEntries } from '../../shared/reports/source.js';
import { invoke, loadRoutes, useApiEnvironment } from '../support/api.js';
import { installDoubles } from '../support/seed.js';
import { DISTRICT, freshTable, fundAdmin, seedFundReview } from './harness.js';

/**
 * Issue 17: the quarterly report reads the fund's movements of a quarter from one item per district and
 * quarter (shared/fund/ledgerQuarter.ts), added to in the transaction that appends each entry, instead
 * of every entry of the quarter. Against DynamoDB Local, through the real ledger writes: each entry counts
 * once, in the Zibo quarter of its own instant, and the sums equal the entries summed one by one; a ledger
 * with entries from before the sums reads those quarters from the entries.
 */
const env = useApiEnvironment();
const { decideAdvance } = await loadRoutes('decideAdvance');

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  installDoubles();
});

async function money(amountFen: number, at: string, reference = `R-${at}-${amountFen}`) {
  await replenish(DISTRICT, { source: 'appropriation', amountFen, reference }, 'fund-admin-seed', at);
}

/** The quarter's entries summed one by one (what the report read before the sums). */
async function fromEntries(year: number, quarter: number): Promise<LedgerQuarterSums> {
  const entries = await quarterLedgerEntries(DISTRICT, year, quarter);
  return sumEntries(quarterEntries(entries, quarterPeriod(year, quarter)));
}

async function send(command: UpdateCommand | DeleteCommand) {
  await documentClient().send(command);
}

describe("the ledger's quarter sums", () => {
  it('count each entry once, in the Zibo quarter of its instant, as the entries summed do', async () => {
    // 23:59:59 on 31 March in Zibo, then midnight of 1 April: two quarters one second apart
    await money(100_000, '2026-03-31T15:59:59.000Z');
    await money(250_000, '2026-03-31T16:00:00.000Z');
    // the same replenishment again is a duplicate: no second entry, nothing added twice
    await money(250_000, '2026-03-31T16:00:00.000Z');
    // an advance (now: this quarter), paid from the fund
    const caseId = 'C-LQ-1';
    await seedFundReview({ caseId, amountFen: 120_000 });
    const res = await invoke(decideAdvance, {
      principal: fundAdmin('a'),
      pathParameters: { caseId },
      body: { decision: 'approve', note: '资料齐全' },
    });
    expect(res.status, res.text).toBe(200);

    const q1 = await quarterLedger(DISTRICT, 2026, 1);
    expect(q1.count.replenished).toBe(1);
    expect(q1.fen.replenished).toBe(100_000);
    expect(q1.fen.source_appropriation).toBe(100_000);
    expect(q1.netCashFen).toBe(100_000);
    const q2 = await quarterLedger(DISTRICT, 2026, 2);
    expect(q2.count.replenished).toBe(1);
    expect(q2.fen.replenished).toBe(250_000);
    const now = new Date(Date.now() + 8 * 3_600_000);
    const [year, quarter] = [now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) + 1];
    const current = await quarterLedger(DISTRICT, year, quarter);
    expect(current.count.advanced).toBe(1);
    expect(current.fen.advanced).toBe(120_000);
    expect(current.netCashFen).toBe(-120_000);
    for (const [y, q] of [
      [2026, 1],
      [2026, 2],
      [year, quarter],
    ] as const) {
      expect(await quarterLedger(DISTRICT, y, q), `${y}-Q${q}`).toEqual(await fromEntries(y, q));
    }
    expect((await readSumsStart(DISTRICT)).sumsFromSeq).toBe(1);
  });

  it('are what the report reads: an entry taken away afterwards does not change them', async () => {
    await money(300_000, '2026-05-10T02:00:00.000Z');
    await money(40_000, '2026-05-11T02:00:00.000Z');
    const [first] = await quarterLedgerEntries(DISTRICT, 2026, 2);
    if (!first) throw new Error('no entry');
    await send(
      new DeleteCommand({
        TableName: requireConfig('TABLE_NAME'),
        Key: fundKeys.entry(DISTRICT, first.at, first.entryId),
      }),
    );
    // one entry left to sum, but the report's figures are the sums of both (no Query of the entries)
    expect((await fromEntries(2026, 2)).count.replenished).toBe(1);
    expect((await quarterLedger(DISTRICT, 2026, 2)).fen.replenished).toBe(340_000);
  });

  it('a ledger with entries from before the sums: their quarter is read from its entries, a later one from its sums', async () => {
    await money(500_000, '2026-01-10T02:00:00.000Z');
    // as a table written before the sums existed: no quarter item, no record of where counting began
    await send(
      new DeleteCommand({
        TableName: requireConfig('TABLE_NAME'),
        Key: ledgerQuarterKey(DISTRICT, '2026-Q1'),
      }),
    );
    await send(
      new UpdateCommand({
        TableName: requireConfig('TABLE_NAME'),
        Key: fundKeys.balance(DISTRICT),
        UpdateExpression: 'REMOVE sumsFromSeq, sumsFromAt',
      }),
    );
    const counting = Date.now();
    await money(70_000, '2026-02-10T02:00:00.000Z');
    // a quarter long after counting began (the entry dated ahead, as only a test does)
    await money(9_000, '2099-05-10T02:00:00.000Z');
    const start = await readSumsStart(DISTRICT);
    expect(start.sumsFromSeq).toBe(2);
    // when the first counted entry was written, not the date it carries
    expect(Date.parse(start.sumsFromAt ?? '')).toBeGreaterThanOrEqual(counting - 1_000);
    // the first quarter holds an uncounted entry: read from its entries, both of them
    const q1 = await quarterLedger(DISTRICT, 2026, 1);
    expect(q1.count.replenished).toBe(2);
    expect(q1.fen.replenished).toBe(570_000);
    // the later quarter is read from its sums: an entry taken away afterwards does not change them
    const [later] = await quarterLedgerEntries(DISTRICT, 2099, 2);
    if (!later) throw new Error('no entry');
    await send(
      new DeleteCommand({
        TableName: requireConfig('TABLE_NAME'),
        Key: fundKeys.entry(DISTRICT, later.at, later.entryId),
      }),
    );
    expect((await quarterLedger(DISTRICT, 2099, 2)).fen.replenished).toBe(9_000);
  });

  it('are checked by the ledger audit against the entries: a changed sum is found, naming its quarter and field', async () => {
    await money(100_000, '2026-02-01T02:00:00.000Z');
    await money(20_000, '2026-08-01T02:00:00.000Z');
    const clean = await auditLedger(DISTRICT);
    expect(clean.matches).toBe(true);
    expect(clean.quarters.map((q) => [q.quarter, q.matches])).toEqual([
      ['2026-Q1', true],
      ['2026-Q3', true],
    ]);
    await send(
      new UpdateCommand({
        TableName: requireConfig('TABLE_NAME'),
        Key: ledgerQuarterKey(DISTRICT, '2026-Q3'),
        UpdateExpression: 'ADD f_replenished :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const changed = await auditLedger(DISTRICT);
    expect(changed.matches).toBe(false);
    expect(changed.quarters.find((q) => q.quarter === '2026-Q3')?.differences).toEqual([
      { field: 'f_replenished', stored: 20_001, recomputed: 20_000 },
    ]);
  });
});
