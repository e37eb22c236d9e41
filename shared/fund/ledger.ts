import {
  cancellationCodes,
  getItem,
  isTransientConflict,
  type TransactItem,
  tableName,
  transact,
} from '../adapters/table/dynamo.js';
import {
  cashEffectFen,
  type LedgerAccount,
  type LedgerEntry,
  ledgerEntrySchema,
} from '../domain/model/ledger.js';
import { Busy } from '../errors/appError.js';
import { Contention } from './contention.js';
import { fundKeys } from './keys.js';
import { ledgerQuarterAdd, ledgerQuarterOf } from './ledgerQuarter.js';
import { assertWithinLimits, MAX_FUND_FEN, storedFigure } from './limits.js';
import type { StoredEntry } from './storedEntry.js';

export { CorruptFundFigure, storedFigure } from './limits.js';

import { inFundTurn, inTurn } from './turns.js';

/**
 * The fund's balance item: the running totals of the ledger and the shortfall queue. `seq` is the number
 * of entries written; every entry write bumps it under the condition that it still has the value read,
 * so entries are totally ordered, gapless (1, 2, 3, …), and each carries the balance after it.
 */
export interface FundState {
  districtCode: string;
  seq: number;
  balanceFen: number;
  /** net advanced: advances minus their reversals */
  advancedFen: number;
  /** net replenished: quota sales and appropriations minus their reversals */
  replenishedFen: number;
  /** gross amount of all reversal entries */
  reversedFen: number;
  /** approved advances waiting for money (FIFO queue) */
  queuedCount: number;
  queuedFen: number;
  /** bumped by every enqueue, so a queue run can tell that the queue changed under it */
  queueVersion: number;
}

const COUNTERS = [
  'seq',
  'balanceFen',
  'advancedFen',
  'replenishedFen',
  'reversedFen',
  'queuedCount',
  'queuedFen',
  'queueVersion',
] as const;
type Counter = (typeof COUNTERS)[number];

export async function readFund(district: string): Promise<FundState> {
  const item = (await getItem(fundKeys.balance(district))) ?? {};
  const where = `FUND#${district}/BALANCE`;
  const fig = (field: Counter) => storedFigure(item, field, where);
  return {
    districtCode: district,
    seq: fig('seq'),
    balanceFen: fig('balanceFen'),
    advancedFen: fig('advancedFen'),
    replenishedFen: fig('replenishedFen'),
    reversedFen: fig('reversedFen'),
    queuedCount: fig('queuedCount'),
    queuedFen: fig('queuedFen'),
    queueVersion: fig('queueVersion'),
  };
}

const REPLENISHING: readonly LedgerAccount[] = ['quota_sales', 'appropriations'];

/** How one entry moves the balance item's counters (everything but seq and the queue). */
export function entryDeltas(entry: Pick<LedgerEntry, 'amountFen' | 'debit' | 'credit' | 'kind'>) {
  const a = entry.amountFen;
  const debited = (is: (x: LedgerAccount) => boolean) =>
    (is(entry.debit) ? a : 0) - (is(entry.credit) ? a : 0);
  return {
    balanceFen: cashEffectFen(entry),
    advancedFen: debited((x) => x === 'advances'),
    // replenishing accounts are credited when money comes in
    replenishedFen: -debited((x) => REPLENISHING.includes(x)) || 0,
    reversedFen: entry.kind === 'reversal' ? a : 0,
  };
}

export interface LedgerWrite {
  district: string;
  entry: LedgerEntry;
  quotaMu4?: number;
  quotaCentiM2?: number;
  /** items whose conditions come first (the case write); their failure is reported as 'conflict' */
  before?: TransactItem[];
  /** items after the ledger items (quota update, resume record); their failure is reported as 'conflict' */
  after?: TransactItem[];
  /** paying a queued advance takes it off the queue counters in the same write */
  leavesQueue?: boolean;
  /** a direct payment must not overtake advances already waiting in the queue */
  requireEmptyQueue?: boolean;
  /** a payment from the queue holds only while nobody joined the queue since the run looked at it */
  expectQueueVersion?: number;
  /** an approved reversal: the balance after it must still cover the queued (approved) advances */
  keepForQueue?: boolean;
  /** the balance item as the caller just read it, used for the first attempt (saves a read) */
  fund?: FundState;
}

export type LedgerWriteResult =
  | { kind: 'written'; entry: StoredEntry; fund: FundState }
  | { kind: 'insufficient'; fund: FundState }
  | { kind: 'queue_not_empty'; fund: FundState }
  | { kind: 'queue_changed'; fund: FundState }
  /** the entry id exists already: this movement has happened before */
  | { kind: 'duplicate' }
  | { kind: 'conflict'; part: 'before' | 'after'; index: number };

/** A condition that an attribute still has the value read (a missing attribute reads as 0). */
function pinned(
  attribute: string,
  value: number,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  names[`#${attribute}`] = attribute;
  values[':zero'] = 0;
  if (value === 0) return `(attribute_not_exists(#${attribute}) OR #${attribute} = :zero)`;
  values[`:pin_${attribute}`] = value;
  return `#${attribute} = :pin_${attribute}`;
}

function balanceUpdate(w: LedgerWrite, read: FundState, deltas: ReturnType<typeof entryDeltas>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':zero': 0 };
  const sets: string[] = [];
  const change: Partial<Record<Counter, number>> = { seq: 1, ...deltas };
  if (w.leavesQueue) {
    change.queuedCount = -1;
    change.queuedFen = -w.entry.amountFen;
  }
  for (const [k, d] of Object.entries(change) as [Counter, number][]) {
    names[`#${k}`] = k;
    values[`:d_${k}`] = d;
    sets.push(`#${k} = if_not_exists(#${k}, :zero) + :d_${k}`);
  }
  names['#districtCode'] = 'districtCode';
  names['#itemType'] = 'itemType';
  values[':district'] = w.district;
  values[':itemType'] = 'fund_balance';
  sets.push('#districtCode = :district', '#itemType = :itemType');
  // the first entry counted in the quarter sums (ledgerQuarter.ts) and when it was written (not its `at`,
  // which an approval may date earlier): set once, by the first write since the sums exist
  names['#sumsFromSeq'] = 'sumsFromSeq';
  names['#sumsFromAt'] = 'sumsFromAt';
  values[':sumsFromSeq'] = read.seq + 1;
  values[':sumsFromAt'] = new Date().toISOString();
  sets.push(
    '#sumsFromSeq = if_not_exists(#sumsFromSeq, :sumsFromSeq)',
    '#sumsFromAt = if_not_exists(#sumsFromAt, :sumsFromAt)',
  );
  // seq pins the whole item to the state read; balanceFen >= need states the invariant itself, so even
  // a wrong read could never take the balance below zero
  const conditions = [pinned('seq', read.seq, names, values)];
  const need = Math.max(0, -deltas.balanceFen);
  if (need > 0) {
    values[':need'] = need;
    conditions.push('#balanceFen >= :need');
  }
  // the fund's figures stay within MAX_FUND_FEN (checked before the write too; stated here as well so a
  // stale read could never store a figure beyond it)
  for (const [k, d] of Object.entries(change) as [Counter, number][]) {
    if (d <= 0 || k === 'seq') continue;
    values[`:cap_${k}`] = MAX_FUND_FEN - d;
    conditions.push(`(attribute_not_exists(#${k}) OR #${k} <= :cap_${k})`);
  }
  if (w.requireEmptyQueue) {
    names['#queuedCount'] = 'queuedCount';
    conditions.push('(attribute_not_exists(#queuedCount) OR #queuedCount <= :zero)');
  }
  if (w.expectQueueVersion !== undefined) {
    conditions.push(pinned('queueVersion', w.expectQueueVersion, names, values));
  }
  return {
    Update: {
      TableName: tableName(),
      Key: fundKeys.balance(w.district),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Appends one entry: case write (if any) + id guard + entry + balance item (+ after items) in ONE
 * transaction. Retries by itself when only the balance item moved (another entry was written) or a
 * concurrent transaction got in the way; reports everything else to the caller, who knows what it means.
 */
export async function appendEntry(w: LedgerWrite): Promise<LedgerWriteResult> {
  // optimistic first (no extra round trip when nobody else is writing); a writer that lost the balance
  // item to another joins the district's line (turns.ts) and retries there
  if (!inTurn(w.district)) {
    const first = await appendAttempts(w, true);
    if (first !== LOST) return first;
  }
  const again = { ...w };
  delete again.fund;
  return inFundTurn(w.district, async () => (await appendAttempts(again, false)) as LedgerWriteResult);
}

/** The id guard of an entry (also what bench/scale writes in bulk). */
export function ledgerGuardItem(district: string, entry: Pick<LedgerEntry, 'entryId' | 'at'>) {
  return {
    ...fundKeys.guard(entry.entryId),
    itemType: 'ledger_guard',
    districtCode: district,
    entrySK: fundKeys.entry(district, entry.at, entry.entryId).SK,
  };
}

/** The stored entry item (also what bench/scale writes in bulk). */
export function ledgerEntryItem(district: string, stored: StoredEntry) {
  return {
    ...fundKeys.entry(district, stored.at, stored.entryId),
    itemType: 'ledger_entry',
    districtCode: district,
    ...stored,
  };
}

/**
 * The whole balance item for a state (the writes above only ever update it; bench/scale writes it in
 * bulk after its entries, with the attributes balanceUpdate sets).
 */
export function fundBalanceItem(state: FundState) {
  return {
    ...fundKeys.balance(state.districtCode),
    itemType: 'fund_balance',
    ...Object.fromEntries(COUNTERS.map((k) => [k, state[k]])),
    districtCode: state.districtCode,
  };
}

const LOST = Symbol('lost the balance item to another writer');

async function appendAttempts(w: LedgerWrite, once: boolean): Promise<LedgerWriteResult | typeof LOST> {
  const entry = ledgerEntrySchema.parse(w.entry);
  const deltas = entryDeltas(entry);
  const before = w.before ?? [];
  const after = w.after ?? [];
  const contention = new Contention();
  for (let attempt = 0; ; attempt++) {
    const read = attempt === 0 && w.fund ? w.fund : await readFund(w.district);
    assertWithinLimits(read, deltas);
    if (w.requireEmptyQueue && read.queuedCount > 0) return { kind: 'queue_not_empty', fund: read };
    if (w.expectQueueVersion !== undefined && read.queueVersion !== w.expectQueueVersion) {
      return { kind: 'queue_changed', fund: read };
    }
    if (read.balanceFen + deltas.balanceFen < 0) return { kind: 'insufficient', fund: read };
    // the read is pinned by seq, so what the queue is owed cannot change before the write commits
    if (w.keepForQueue && read.balanceFen + deltas.balanceFen < read.queuedFen) {
      return { kind: 'insufficient', fund: read };
    }
    const stored: StoredEntry = {
      ...entry,
      seq: read.seq + 1,
      balanceAfterFen: read.balanceFen + deltas.balanceFen,
      ...(w.quotaMu4 !== undefined ? { quotaMu4: w.quotaMu4 } : {}),
      ...(w.quotaCentiM2 !== undefined ? { quotaCentiM2: w.quotaCentiM2 } : {}),
    };
    const guardIndex = before.length;
    const balanceIndex = guardIndex + 2;
    const items: TransactItem[] = [
      ...before,
      {
        Put: {
          TableName: tableName(),
          Item: ledgerGuardItem(w.district, entry),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: ledgerEntryItem(w.district, stored),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      balanceUpdate(w, read, deltas),
      ...after,
      // the quarter's sums, last so that the indexes above stay as they are; unconditional (the guard
      // and the entry's own condition decide whether any of it is written)
      ledgerQuarterAdd(w.district, ledgerQuarterOf(stored.at), [stored]),
    ];
    try {
      await transact(items);
      const fund: FundState = {
        ...read,
        seq: stored.seq,
        balanceFen: stored.balanceAfterFen,
        advancedFen: read.advancedFen + deltas.advancedFen,
        replenishedFen: read.replenishedFen + deltas.replenishedFen,
        reversedFen: read.reversedFen + deltas.reversedFen,
        ...(w.leavesQueue
          ? { queuedCount: read.queuedCount - 1, queuedFen: read.queuedFen - entry.amountFen }
          : {}),
      };
      return { kind: 'written', entry: stored, fund };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const failed = (i: number) => codes[i] === 'ConditionalCheckFailed';
      const beforeFailed = before.findIndex((_, i) => failed(i));
      if (beforeFailed >= 0) return { kind: 'conflict', part: 'before', index: beforeFailed };
      if (failed(guardIndex) || failed(guardIndex + 1)) return { kind: 'duplicate' };
      const afterFailed = after.findIndex((_, i) => failed(balanceIndex + 1 + i));
      if (afterFailed >= 0) return { kind: 'conflict', part: 'after', index: afterFailed };
      if (failed(balanceIndex) || isTransientConflict(codes)) {
        if (once) return LOST;
        // another entry came first: read again and retry, until the request's deadline
        if (await contention.next()) continue;
        throw fundBusy(contention.attempts);
      }
      throw error;
    }
  }
}

/** 409 BUSY: only when the request's whole time budget went to losing the balance item to others. */
export function fundBusy(attempts: number): Busy {
  return new Busy(
    {
      zh: '专项基金正忙于处理其他资金变动，请稍后再试。',
      en: 'the fund is busy with other movements; try again',
    },
    { attempts },
  );
}

/** The limit check of appendEntry, for a proposal that writes later (refused now rather than at approval). */
export function checkLimits(
  read: FundState,
  entry: Pick<LedgerEntry, 'amountFen' | 'debit' | 'credit' | 'kind'>,
): void {
  assertWithinLimits(read, entryDeltas(entry));
}

/**
 * The balance item update that puts an approved advance in the shortfall queue. It holds only while the
 * reason to queue is still true when the case joins: the money does not cover it, or others are
 * waiting. That condition states the reason itself rather than pinning `seq` to the value read: an
 * unrelated entry written meanwhile (another advance, a replenishment too small to change the answer)
 * no longer sends the decision round again, which under 40 parallel decisions in one district used to
 * exhaust its attempts (409 BUSY); a replenishment that does cover it makes the condition fail, and the
 * decision reads again and pays. It bumps queueVersion so that a queue run that looked at the queue
 * before this case joined cannot pay a later case ahead of it. `read` is the state the decision saw
 * (kept for callers and for the audit's fundSeq).
 */
export function enqueueUpdate(district: string, _read: FundState, amountFen: number): TransactItem {
  const names: Record<string, string> = {
    '#qc': 'queuedCount',
    '#qf': 'queuedFen',
    '#qv': 'queueVersion',
    '#d': 'districtCode',
    '#t': 'itemType',
    '#seq': 'seq',
    '#bal': 'balanceFen',
  };
  const values: Record<string, unknown> = {
    ':zero': 0,
    ':one': 1,
    ':amount': amountFen,
    ':district': district,
    ':itemType': 'fund_balance',
    ':capQueued': MAX_FUND_FEN - amountFen,
  };
  const condition = [
    '(attribute_not_exists(#bal) OR #bal < :amount OR #qc > :zero)',
    '(attribute_not_exists(#qf) OR #qf <= :capQueued)',
  ].join(' AND ');
  return {
    Update: {
      TableName: tableName(),
      Key: fundKeys.balance(district),
      UpdateExpression:
        'SET #qc = if_not_exists(#qc, :zero) + :one, #qf = if_not_exists(#qf, :zero) + :amount, #qv = if_not_exists(#qv, :zero) + :one, #seq = if_not_exists(#seq, :zero), #d = :district, #t = :itemType',
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
