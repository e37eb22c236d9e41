import { createHash } from 'node:crypto';
import { type TransactItem, tableName } from '../adapters/table/dynamo.js';
import type { LedgerEntry } from '../domain/model/ledger.js';
import { AlreadyExists, Busy, NotFound, RuleRefused } from '../errors/appError.js';
import { events } from '../ports/events.js';
import { derivedId } from './advance.js';
import { fundKeys } from './keys.js';
import { appendEntry, getEntry, type StoredEntry } from './ledger.js';
import { formatMu4, readQuota } from './reserve.js';

export interface ReplenishmentInput {
  source: 'quota_sale' | 'appropriation';
  amountFen: number;
  /** the trading centre's transaction no. (quota sale) or the budget document (appropriation) */
  reference: string;
  /** quota sale: the quota sold, in 1/10 000 mu */
  quotaMu4?: number;
}

export interface ReplenishmentResult {
  entry: StoredEntry;
  /** true when this replenishment had been recorded before (same source and reference) */
  replayed: boolean;
}

/**
 * The id of a replenishment is derived from its source and reference: the same quota sale or the same
 * appropriation recorded twice (a double submission, a retried import) is one movement, not two.
 */
export function replenishmentEntryId(district: string, source: string, reference: string): string {
  const digest = createHash('sha256').update(`${district}|${source}|${reference}`).digest('hex');
  return `REP-${digest.slice(0, 32)}`;
}

/** The quota update of a sale (or, with a negative amount, of its reversal), pinned to the sold figure read. */
function quotaSoldUpdate(district: string, soldRead: number, deltaMu4: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: fundKeys.quota(district),
      UpdateExpression: 'SET soldMu4 = :next',
      ConditionExpression:
        soldRead === 0
          ? 'attribute_exists(PK) AND (attribute_not_exists(soldMu4) OR soldMu4 = :read)'
          : 'soldMu4 = :read',
      ExpressionAttributeValues: { ':next': soldRead + deltaMu4, ':read': soldRead },
    },
  };
}

function sameReplenishment(e: StoredEntry, input: ReplenishmentInput): boolean {
  return (
    e.kind === 'replenishment' &&
    e.amountFen === input.amountFen &&
    e.source === input.source &&
    e.reference === input.reference &&
    (e.quotaMu4 ?? undefined) === (input.quotaMu4 ?? undefined)
  );
}

/**
 * Records money coming into the fund (shared/cases/commands/advance/replenish.ts then pays the queued
 * advances). A quota sale cannot sell more quota than the district's reserve has accrued (less what was
 * sold before).
 */
export async function recordReplenishment(
  district: string,
  input: ReplenishmentInput,
  actor: string,
  at: string,
): Promise<ReplenishmentResult> {
  const entry: LedgerEntry = {
    entryId: replenishmentEntryId(district, input.source, input.reference),
    at,
    kind: 'replenishment',
    amountFen: input.amountFen,
    debit: 'fund_cash',
    credit: input.source === 'quota_sale' ? 'quota_sales' : 'appropriations',
    actor,
    reference: input.reference,
    source: input.source,
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    let after: TransactItem[] = [];
    if (input.source === 'quota_sale') {
      const q = input.quotaMu4;
      if (q === undefined || q <= 0) throw new Error('a quota sale needs the quota sold');
      const quota = await readQuota(district);
      if (q > quota.availableMu4) {
        const existing = await getEntry(district, entry.entryId);
        if (existing) return replayed(existing, input);
        throw new RuleRefused(
          `节余指标不足：可交易 ${formatMu4(quota.availableMu4)} 亩，本次 ${formatMu4(q)} 亩 / only ${formatMu4(quota.availableMu4)} mu of quota has accrued and not been sold`,
          [{ path: 'body.quotaMu', message: `at most ${formatMu4(quota.availableMu4)} mu is available` }],
          {
            availableMu: formatMu4(quota.availableMu4),
            accruedMu: formatMu4(quota.accruedMu4),
            soldMu: formatMu4(quota.soldMu4),
          },
        );
      }
      after = [quotaSoldUpdate(district, quota.soldMu4, q)];
    }
    const res = await appendEntry({
      district,
      entry,
      after,
      ...(input.quotaMu4 !== undefined ? { quotaMu4: input.quotaMu4 } : {}),
    });
    if (res.kind === 'written') {
      await events().publish([
        {
          eventId: `FundReplenished:${district}:${entry.entryId}`,
          type: 'FundReplenished',
          at,
          actor,
          districtCode: district,
          detail: {
            entryId: entry.entryId,
            amountFen: entry.amountFen,
            source: input.source,
            reference: input.reference,
          },
        },
      ]);
      return { entry: res.entry, replayed: false };
    }
    if (res.kind === 'duplicate') {
      const existing = await getEntry(district, entry.entryId);
      if (existing) return replayed(existing, input);
    }
    // the quota was sold meanwhile by someone else: read it again and decide again
  }
  throw new Busy({
    zh: '专项基金正忙于处理其他资金变动，请稍后再试。',
    en: 'the fund is busy with other movements; try again',
  });
}

function replayed(existing: StoredEntry, input: ReplenishmentInput): ReplenishmentResult {
  if (!sameReplenishment(existing, input)) {
    throw new AlreadyExists(
      { zh: '该凭证号已按其他金额登记。', en: 'this reference was already recorded with other figures' },
      {
        entryId: existing.entryId,
        amountFen: existing.amountFen,
      },
    );
  }
  return { entry: existing, replayed: true };
}

export interface ReversalResult {
  entry: StoredEntry;
  replayed: boolean;
  /** money came back into the fund (a reversed advance): queued advances may now be paid */
  freesQueue: boolean;
}

/**
 * Corrects an entry by a new entry that moves the same amount back (debit and credit swapped). Nothing
 * is edited or deleted. An entry is reversed at most once (the reversal's id is derived from it), a
 * reversal is never itself reversed, and reversing a replenishment needs the balance to cover it. A
 * reversed advance stays the agreement's one advance: its id stays taken, so it is never paid again.
 */
export async function recordReversal(
  district: string,
  entryId: string,
  actor: string,
  reason: string,
  at: string,
): Promise<ReversalResult> {
  const original = await getEntry(district, entryId);
  if (!original) throw new NotFound(`no ledger entry ${entryId} in fund ${district}`);
  if (original.kind === 'reversal') {
    throw new RuleRefused('a reversal is not reversed; record the correct movement instead');
  }
  const reversal: LedgerEntry = {
    entryId: derivedId('REV', entryId),
    at,
    kind: 'reversal',
    amountFen: original.amountFen,
    debit: original.credit,
    credit: original.debit,
    actor,
    reversesEntryId: original.entryId,
    reference: reason.slice(0, 200),
    ...(original.caseId ? { caseId: original.caseId } : {}),
    ...(original.agreementId ? { agreementId: original.agreementId } : {}),
    ...(original.source ? { source: original.source } : {}),
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    let after: TransactItem[] = [];
    if (original.quotaMu4 !== undefined) {
      const quota = await readQuota(district);
      after = [quotaSoldUpdate(district, quota.soldMu4, -original.quotaMu4)];
    }
    const res = await appendEntry({
      district,
      entry: reversal,
      after,
      ...(original.quotaMu4 !== undefined ? { quotaMu4: original.quotaMu4 } : {}),
    });
    if (res.kind === 'written') {
      return {
        entry: res.entry,
        replayed: false,
        freesQueue: res.entry.balanceAfterFen > 0 && original.kind === 'advance',
      };
    }
    if (res.kind === 'insufficient') {
      throw new RuleRefused('the balance cannot cover reversing this replenishment', [], {
        amountFen: original.amountFen,
        balanceFen: res.fund.balanceFen,
      });
    }
    if (res.kind === 'duplicate') {
      const existing = await getEntry(district, reversal.entryId);
      if (existing) return { entry: existing, replayed: true, freesQueue: false };
    }
  }
  throw new Busy({
    zh: '专项基金正忙于处理其他资金变动，请稍后再试。',
    en: 'the fund is busy with other movements; try again',
  });
}
