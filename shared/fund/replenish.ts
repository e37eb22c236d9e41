import { createHash } from 'node:crypto';
import { type TransactItem, tableName } from '../adapters/table/dynamo.js';
import type { LedgerEntry } from '../domain/model/ledger.js';
import { AlreadyExists, NotFound, RuleRefused, ValidationFailed } from '../errors/appError.js';
import { events } from '../ports/events.js';
import { derivedId } from './advance.js';
import {
  type ApprovalWrite,
  approvalMoved,
  noPendingProposal,
  pendingProposal,
  reversalNotCovered,
} from './approvalWrites.js';
import { Contention } from './contention.js';
import { fundKeys } from './keys.js';
import { appendEntry, fundBusy } from './ledger.js';
import { getEntry, type StoredEntry } from './storedEntry.js';

export { type ApprovalWrite, reversalNotCovered } from './approvalWrites.js';

import { centiM2ToM2, centiM2ToMu4, formatMu4, mu4ToCentiM2, type QuotaState, readQuota } from './reserve.js';
import { inFundTurn } from './turns.js';

export interface ReplenishmentInput {
  source: 'quota_sale' | 'appropriation';
  amountFen: number;
  /** the trading centre's transaction no. (quota sale) or the budget document (appropriation) */
  reference: string;
  /** quota sale: the quota sold, exact, in 0.01 m2 (API.md Wave 2 `quotaM2`; the figure of record) */
  quotaCentiM2?: number;
  /** quota sale: the quota sold, in 1/10 000 mu (the older `quotaMu`, still accepted) */
  quotaMu4?: number;
}

/** What a quota sale sells: its exact area, and the same in mu as its entry records it. */
export interface SaleQuota {
  centiM2: number;
  mu4: number;
  /** the body field the seller stated it in (named in a refusal) */
  field: 'body.quotaM2' | 'body.quotaMu';
}

/**
 * The quota of a replenishment (pure). A quota sale states `quotaM2` (Wave 2), or the older `quotaMu`:
 * - `quotaM2` alone: the area sold; its mu is round-half-up(m2 ÷ 666.67, 4 decimals);
 * - `quotaMu` alone: it counts as its area, round-half-up(mu × 666.67, 2 decimals) m2;
 * - both: `quotaM2` is the figure of record, and `quotaMu` must be its mu to 4 decimals (400 otherwise).
 * Either must be more than 0 (400). An appropriation sells no quota: either field is 400.
 */
export function saleQuota(input: ReplenishmentInput): SaleQuota | undefined {
  const { quotaCentiM2: centi, quotaMu4: mu4 } = input;
  if (input.source === 'appropriation') {
    const stated = [
      ...(centi === undefined ? [] : ['body.quotaM2']),
      ...(mu4 === undefined ? [] : ['body.quotaMu']),
    ];
    if (stated.length > 0) {
      throw new ValidationFailed(
        { zh: '财政拨款不涉及指标交易', en: 'an appropriation sells no quota' },
        stated.map((path) => ({ path, message: 'only for a quota sale', messageZh: '仅用于指标交易' })),
      );
    }
    return undefined;
  }
  if (centi === undefined && mu4 === undefined) {
    throw new ValidationFailed(
      { zh: '指标交易须填写出让指标面积', en: 'a quota sale states the quota sold' },
      [
        {
          path: 'body.quotaM2',
          message: 'required for a quota sale: the quota sold in m², more than 0, at most 2 decimals',
          messageZh: '指标交易必填：出让指标面积（平方米），大于 0，最多两位小数',
        },
      ],
    );
  }
  const notPositive = [
    ...(centi !== undefined && centi <= 0 ? ['body.quotaM2'] : []),
    ...(mu4 !== undefined && mu4 <= 0 ? ['body.quotaMu'] : []),
  ];
  if (notPositive.length > 0) {
    throw new ValidationFailed(
      { zh: '出让指标须大于 0', en: 'the quota sold must be more than 0' },
      notPositive.map((path) => ({ path, message: 'more than 0', messageZh: '须大于 0' })),
    );
  }
  if (centi !== undefined) {
    const itsMu4 = Number(centiM2ToMu4(BigInt(centi)));
    if (mu4 !== undefined && mu4 !== itsMu4) {
      throw new ValidationFailed(
        { zh: '出让指标的平方米数与亩数不一致', en: 'quotaM2 and quotaMu state different quotas' },
        [
          {
            path: 'body.quotaMu',
            message: `${centiM2ToM2(centi)} m² is ${formatMu4(itsMu4)} mu, not ${formatMu4(mu4)}; send quotaM2 alone`,
            messageZh: `${centiM2ToM2(centi)} 平方米折合 ${formatMu4(itsMu4)} 亩，不是 ${formatMu4(mu4)} 亩；请只填平方米`,
          },
        ],
      );
    }
    return { centiM2: centi, mu4: itsMu4, field: 'body.quotaM2' };
  }
  const m = mu4 as number;
  return { centiM2: Number(mu4ToCentiM2(BigInt(m))), mu4: m, field: 'body.quotaMu' };
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

/**
 * The quota update of a sale (or, with negative figures, of its reversal): both sold counters, m2 and
 * mu, in the entry's transaction, pinned to the figures read, so that two sales at once cannot both
 * pass the limit (the second one's condition fails; it reads again and decides again).
 */
function quotaSoldUpdate(quota: QuotaState, delta: { centiM2: number; mu4: number }): TransactItem {
  const { stored } = quota;
  const values: Record<string, unknown> = {
    ':nextCenti': Math.max(0, quota.soldCentiM2 + delta.centiM2),
    ':nextMu4': Math.max(0, stored.soldMu4 + delta.mu4),
    ':readMu4': stored.soldMu4,
  };
  const conditions = ['attribute_exists(PK)'];
  if (stored.soldCentiM2 === undefined) conditions.push('attribute_not_exists(soldCentiM2)');
  else {
    conditions.push('soldCentiM2 = :readCenti');
    values[':readCenti'] = stored.soldCentiM2;
  }
  conditions.push(
    stored.soldMu4 === 0 ? '(attribute_not_exists(soldMu4) OR soldMu4 = :readMu4)' : 'soldMu4 = :readMu4',
  );
  return {
    Update: {
      TableName: tableName(),
      Key: fundKeys.quota(quota.districtCode),
      UpdateExpression: 'SET soldCentiM2 = :nextCenti, soldMu4 = :nextMu4',
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeValues: values,
    },
  };
}

/** 422 unless the district's unsold accepted quota covers the sale (a proposal's early check). */
export async function assertQuotaAvailable(district: string, sale: SaleQuota): Promise<void> {
  const quota = await readQuota(district);
  if (sale.centiM2 > quota.availableCentiM2) throw quotaExceeded(quota, sale);
}

/** 422: the sale asks for more than the district's unsold accepted quota; the figures in both units. */
function quotaExceeded(quota: QuotaState, sale: SaleQuota): RuleRefused {
  const m2 = centiM2ToM2;
  const available = m2(Math.max(0, quota.availableCentiM2));
  return new RuleRefused(
    {
      zh: `节余建设用地指标不足：已验收 ${m2(quota.accruedCentiM2)} 平方米，已出让 ${m2(quota.soldCentiM2)} 平方米，可出让 ${available} 平方米，本次申请 ${m2(sale.centiM2)} 平方米。`,
      en: `not enough surplus construction-land quota: ${m2(quota.accruedCentiM2)} m² accepted, ${m2(quota.soldCentiM2)} m² sold, ${available} m² available, ${m2(sale.centiM2)} m² asked`,
    },
    [
      {
        path: sale.field,
        message: `at most ${available} m² (${formatMu4(Math.max(0, quota.availableMu4))} mu) is available`,
        messageZh: `最多可出让 ${available} 平方米（${formatMu4(Math.max(0, quota.availableMu4))} 亩）`,
      },
    ],
    {
      availableM2: available,
      acceptedM2: m2(quota.accruedCentiM2),
      soldM2: m2(quota.soldCentiM2),
      askedM2: m2(sale.centiM2),
      availableMu: formatMu4(quota.availableMu4),
      accruedMu: formatMu4(quota.accruedMu4),
      soldMu: formatMu4(quota.soldMu4),
      askedMu: formatMu4(sale.mu4),
    },
  );
}

function sameReplenishment(e: StoredEntry, input: ReplenishmentInput, sale: SaleQuota | undefined): boolean {
  return (
    e.kind === 'replenishment' &&
    e.amountFen === input.amountFen &&
    e.source === input.source &&
    e.reference === input.reference &&
    (e.quotaMu4 ?? undefined) === sale?.mu4 &&
    // entries recorded before the m2 figure existed carry mu only
    (e.quotaCentiM2 === undefined || e.quotaCentiM2 === sale?.centiM2)
  );
}

/**
 * Records money coming into the fund (shared/cases/commands/advance/replenish.ts then pays the queued
 * advances). A quota sale cannot sell more quota than the district has accepted (less what was sold
 * before): checked in exact m2, whichever unit the sale was stated in.
 */
export async function recordReplenishment(
  district: string,
  input: ReplenishmentInput,
  actor: string,
  at: string,
  approval?: ApprovalWrite,
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
    ...(approval ? { approvedBy: approval.approvedBy, approvalId: approval.approvalId } : {}),
  };
  const sale = saleQuota(input);
  const contention = new Contention();
  for (;;) {
    // a sale: its quota read and its entry in one turn at the fund (turns.ts), so parallel sales do not
    // race on the quota; an appropriation needs no more than appendEntry's own line
    const attempt = async () => {
      let after: TransactItem[] = [];
      if (sale) {
        const quota = await readQuota(district);
        if (sale.centiM2 > quota.availableCentiM2) {
          // the same sale recorded before is answered as it was, not refused for the quota it took
          const existing = await getEntry(district, entry.entryId);
          if (existing)
            return { kind: 'replayed' as const, result: replayedReplenishment(existing, input, sale) };
          throw quotaExceeded(quota, sale);
        }
        after = [quotaSoldUpdate(quota, sale)];
      }
      const own = after.length;
      const written = await appendEntry({
        district,
        entry,
        after: [...after, ...(approval ? approval.items : [noPendingProposal(district, entry.entryId)])],
        ...(sale ? { quotaMu4: sale.mu4, quotaCentiM2: sale.centiM2 } : {}),
      });
      if (written.kind === 'conflict' && written.part === 'after' && written.index >= own) {
        throw approval ? approvalMoved() : pendingProposal(district, entry.entryId);
      }
      return written;
    };
    const res = await (sale ? inFundTurn(district, attempt) : attempt());
    if (res.kind === 'replayed') return res.result;
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
            ...(sale ? { quotaM2: centiM2ToM2(sale.centiM2), quotaMu4: sale.mu4 } : {}),
          },
        },
      ]);
      return { entry: res.entry, replayed: false };
    }
    if (res.kind === 'duplicate') {
      const existing = await getEntry(district, entry.entryId);
      if (existing) return replayedReplenishment(existing, input, sale);
    }
    // the quota was sold meanwhile by someone else: read it again and decide again
    if (!(await contention.next())) throw fundBusy(contention.attempts);
  }
}

/** The same replenishment recorded before: answered as it was; other figures are 409. */
export function replayedReplenishment(
  existing: StoredEntry,
  input: ReplenishmentInput,
  sale: SaleQuota | undefined,
): ReplenishmentResult {
  if (!sameReplenishment(existing, input, sale)) {
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
  approval?: ApprovalWrite,
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
    ...(approval ? { approvedBy: approval.approvedBy, approvalId: approval.approvalId } : {}),
  };
  // a reversed quota sale gives its quota back, in both units (a sale recorded in mu only: its area)
  const sold =
    original.quotaMu4 !== undefined || original.quotaCentiM2 !== undefined
      ? {
          centiM2: original.quotaCentiM2 ?? Number(mu4ToCentiM2(BigInt(original.quotaMu4 ?? 0))),
          mu4: original.quotaMu4 ?? Number(centiM2ToMu4(BigInt(original.quotaCentiM2 ?? 0))),
        }
      : undefined;
  const contention = new Contention();
  for (;;) {
    // a sale's reversal gives quota back: its quota read and its entry in one turn, like the sale
    const attempt = async () => {
      let after: TransactItem[] = [];
      if (sold) {
        const quota = await readQuota(district);
        after = [quotaSoldUpdate(quota, { centiM2: -sold.centiM2, mu4: -sold.mu4 })];
      }
      const own = after.length;
      const written = await appendEntry({
        district,
        entry: reversal,
        after: [...after, ...(approval?.items ?? [])],
        // an approved reversal may not take what the queued (approved) advances are waiting for
        ...(approval ? { keepForQueue: true } : {}),
        ...(sold ? { quotaMu4: sold.mu4, quotaCentiM2: sold.centiM2 } : {}),
      });
      if (approval && written.kind === 'conflict' && written.part === 'after' && written.index >= own) {
        throw approvalMoved();
      }
      return written;
    };
    const res = await (sold ? inFundTurn(district, attempt) : attempt());
    if (res.kind === 'written') {
      return {
        entry: res.entry,
        replayed: false,
        freesQueue: res.entry.balanceAfterFen > 0 && original.kind === 'advance',
      };
    }
    if (res.kind === 'insufficient') throw reversalNotCovered(original.amountFen, res.fund);
    if (res.kind === 'duplicate') {
      const existing = await getEntry(district, reversal.entryId);
      if (existing) return { entry: existing, replayed: true, freesQueue: false };
    }
    if (!(await contention.next())) throw fundBusy(contention.attempts);
  }
}
