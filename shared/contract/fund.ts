import * as z from 'zod';
import { hasAtMostDecimals } from '../domain/decimal.js';
import { districtCodeSchema } from '../domain/model/common.js';
import { ledgerAccountSchema, ledgerEntryKindSchema } from '../domain/model/ledger.js';
import { caseStatusSchema } from '../domain/model/status.js';
import { advanceViewSchema } from './cases.js';
import { fenSchema, timeSchema } from './common.js';

/**
 * The special fund (宅基地退出补偿专项基金) on the wire: its figures, the city-wide overview, the ledger
 * and its movements, and the district's quota. Money is integer fen; quota area is m² as a JSON number
 * with at most 2 decimals (as API.md writes areas: `areaM2`, `acceptedAreaM2`), with the same figure in
 * integer 0.01 m² (`…CentiM2`) for exact arithmetic, and mu as a decimal string (exact to 4 places).
 */

/** An area in m²: a JSON number with at most 2 decimals. */
export const m2Schema = z.number().refine((v) => hasAtMostDecimals(v, 2), 'at most 2 decimals');
/** The same area exactly: integer 0.01 m². */
export const centiM2Schema = z.number().int();

/** The money figures `GET /fund` and `GET /fund/overview` share (API.md's `GET /fund`). */
export const fundFiguresSchema = z.object({
  balanceFen: fenSchema,
  advancedFen: fenSchema,
  replenishedFen: fenSchema,
  queuedFen: fenSchema,
  queueLength: z.number().int(),
});
export type FundFigures = z.infer<typeof fundFiguresSchema>;

/** `GET /fund` → 200: the district's fund, its quota and the reconciliation of issue 6 (extensions). */
export const fundViewSchema = fundFiguresSchema.extend({
  districtCode: districtCodeSchema,
  reversedFen: fenSchema,
  entryCount: z.number().int(),
  /** 节余建设用地指标 of the district's reserve, in mu ("1.2345") */
  quota: z.object({
    accruedMu: z.string(),
    soldMu: z.string(),
    availableMu: z.string(),
    reservedParcels: z.number().int(),
  }),
  reconciled: z.object({
    entriesSumFen: fenSchema,
    matches: z.boolean(),
    /** only when it does not match: what differs */
    differences: z
      .array(z.object({ field: z.string(), stored: z.number(), recomputed: z.number() }))
      .optional(),
    chainIntact: z.boolean().optional(),
  }),
});
export type FundView = z.infer<typeof fundViewSchema>;

/** One district of `GET /fund/overview`. */
export const districtFundSchema = fundFiguresSchema.extend({
  districtCode: districtCodeSchema,
  /** zh-CN name, for a chart's axis */
  districtName: z.string(),
});
export type DistrictFund = z.infer<typeof districtFundSchema>;

/** `GET /fund/overview` → 200 (extension): all eight districts in code order. */
export const fundOverviewSchema = z.object({ items: z.array(districtFundSchema), asOf: timeSchema });
export type FundOverview = z.infer<typeof fundOverviewSchema>;

/** One ledger entry: `amountFen` moves from `credit` to `debit`; only `fund_cash` is the fund's money. */
export const ledgerEntryViewSchema = z.object({
  entryId: z.string(),
  at: timeSchema,
  kind: ledgerEntryKindSchema,
  amountFen: fenSchema,
  /** extension: the double entry's accounts */
  debit: ledgerAccountSchema,
  credit: ledgerAccountSchema,
  actor: z.string(),
  caseId: z.string().optional(),
  agreementId: z.string().optional(),
  reference: z.string().optional(),
  source: z.enum(['quota_sale', 'appropriation']).optional(),
  reversesEntryId: z.string().optional(),
  /** extension (issue 16): the second fund administrator who approved it, and the approval's id */
  approvedBy: z.string().optional(),
  approvalId: z.string().optional(),
  /** extension: the entry's place in the chain (1, 2, 3, …) and the balance after it */
  seq: z.number().int(),
  balanceAfterFen: fenSchema,
  /** quota sales (and their reversals): the quota sold, in 1/10 000 mu */
  quotaMu4: z.number().int().optional(),
  /** quota sales (and their reversals) since API.md Wave 2: the quota sold in m², and exactly */
  quotaM2: m2Schema.optional(),
  quotaCentiM2: centiM2Schema.optional(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryViewSchema>;

/** `GET /fund/ledger?cursor=` → 200, newest first. `nextCursor` is null on the last page. */
export const ledgerPageSchema = z.object({
  items: z.array(ledgerEntryViewSchema),
  nextCursor: z.string().nullable().optional(),
});
export type LedgerPage = z.infer<typeof ledgerPageSchema>;

/** `POST /fund/replenishments` → 201: the entry, and the queued advances it paid (FIFO). */
export const replenishmentSchema = ledgerEntryViewSchema.extend({
  /** quota sales: the quota sold, in mu ("1.2345") */
  quotaMu: z.string().optional(),
  paidAdvances: z.array(z.object({ caseId: z.string(), entryId: z.string(), amountFen: fenSchema })),
});
export type Replenishment = z.infer<typeof replenishmentSchema>;

/**
 * A four-eyes approval of the fund (issue 16): a replenishment above the district's threshold or a
 * reversal, proposed by one fund administrator and approved or refused by another. `entryId` is the
 * ledger entry the approval writes; `replenishmentId` / `reversalId` repeat `approvalId` by its kind.
 */
export const fundApprovalViewSchema = z.object({
  approvalId: z.string(),
  kind: z.enum(['replenishment', 'reversal']),
  status: z.enum(['pending', 'approved', 'refused']),
  districtCode: districtCodeSchema,
  amountFen: fenSchema,
  entryId: z.string(),
  replenishmentId: z.string().optional(),
  reversalId: z.string().optional(),
  source: z.enum(['quota_sale', 'appropriation']).optional(),
  reference: z.string().optional(),
  quotaM2: m2Schema.optional(),
  quotaCentiM2: centiM2Schema.optional(),
  quotaMu: z.string().optional(),
  reversesEntryId: z.string().optional(),
  reason: z.string().optional(),
  proposedBy: z.string(),
  proposedAt: timeSchema,
  decidedBy: z.string().optional(),
  decidedAt: timeSchema.optional(),
  refusalReason: z.string().optional(),
});
export type FundApprovalView = z.infer<typeof fundApprovalViewSchema>;

/** `GET /fund/approvals?status=&cursor=&limit=` → 200: the district's approvals, oldest first. */
export const fundApprovalListSchema = z.object({
  items: z.array(fundApprovalViewSchema),
  nextCursor: z.string().nullable(),
});
export type FundApprovalList = z.infer<typeof fundApprovalListSchema>;

/**
 * `POST /fund/approvals/{approvalId}/decision` → 200: the approval as decided; an approval also carries
 * the ledger entry it wrote and, for a replenishment, the queued advances it paid.
 */
export const fundApprovalDecisionSchema = fundApprovalViewSchema.extend({
  entry: ledgerEntryViewSchema.optional(),
  paidAdvances: z
    .array(z.object({ caseId: z.string(), entryId: z.string(), amountFen: fenSchema }))
    .optional(),
});
export type FundApprovalDecision = z.infer<typeof fundApprovalDecisionSchema>;

/** `POST /cases/{caseId}/advance` → 200: the advance as the decision left it (a retry answers the same). */
export const advanceDecisionSchema = z.object({
  caseId: z.string(),
  status: caseStatusSchema,
  advance: advanceViewSchema,
});
export type AdvanceDecision = z.infer<typeof advanceDecisionSchema>;

/**
 * `GET /quota?district=` → 200 (API.md Wave 2): the district's surplus construction-land quota
 * (节余建设用地指标). Accepted is the accepted area of every reclamation (`disposed` with `reclaimed`);
 * sold is what quota sales sold, net of their reversals; available = accepted − sold, the most the next
 * `quota_sale` may state. Extensions: the same in 0.01 m² and in mu (each mu figure one rounding of the
 * exact m²), and the district's reserve (收储) counts.
 */
export const quotaViewSchema = z.object({
  districtCode: districtCodeSchema,
  acceptedM2: m2Schema,
  soldM2: m2Schema,
  availableM2: m2Schema,
  acceptedCentiM2: centiM2Schema,
  soldCentiM2: centiM2Schema,
  availableCentiM2: centiM2Schema,
  acceptedMu: z.string(),
  soldMu: z.string(),
  availableMu: z.string(),
  reservedCases: z.number().int(),
  reservedParcels: z.number().int(),
});
export type QuotaView = z.infer<typeof quotaViewSchema>;
