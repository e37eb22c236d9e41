import * as z from 'zod';
import { idSchema, isoDateTimeSchema, nonNegativeFenSchema } from './common.js';

/** Accounts of the special fund's double-entry ledger (宅基地退出补偿专项基金). */
export const ledgerAccountSchema = z.enum([
  /** the fund's money */
  'fund_cash',
  /** compensation advanced to households (先行垫付) */
  'advances',
  /** surplus construction-land quota sold through the public resource trading centre */
  'quota_sales',
  /** budget appropriations */
  'appropriations',
]);
export type LedgerAccount = z.infer<typeof ledgerAccountSchema>;

export const ledgerEntryKindSchema = z.enum(['advance', 'replenishment', 'reversal']);

/**
 * One append-only movement: `amountFen` moves from `credit` to `debit`. The fund balance is the sum
 * of fund_cash debits minus fund_cash credits; corrections are new reversal entries, never edits.
 */
export const ledgerEntrySchema = z.strictObject({
  entryId: idSchema,
  at: isoDateTimeSchema,
  kind: ledgerEntryKindSchema,
  amountFen: nonNegativeFenSchema.positive(),
  debit: ledgerAccountSchema,
  credit: ledgerAccountSchema,
  actor: z.string().min(1),
  caseId: idSchema.optional(),
  agreementId: idSchema.optional(),
  reference: z.string().max(200).optional(),
  source: z.enum(['quota_sale', 'appropriation']).optional(),
  reversesEntryId: idSchema.optional(),
  /** issue 16: a movement proposed by `actor` and approved by this second fund administrator */
  approvedBy: z.string().min(1).optional(),
  /** issue 16: the four-eyes approval (GET /fund/approvals) that wrote this entry */
  approvalId: idSchema.optional(),
  /** an advance: the tranche of the agreement's payment schedule it pays (1-based) */
  tranche: z.number().int().min(1).max(9).optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** Effect of an entry on the fund's cash balance, in fen (positive in, negative out). */
export function cashEffectFen(entry: Pick<LedgerEntry, 'amountFen' | 'debit' | 'credit'>): number {
  if (entry.debit === entry.credit) return 0;
  if (entry.debit === 'fund_cash') return entry.amountFen;
  if (entry.credit === 'fund_cash') return -entry.amountFen;
  return 0;
}
