import * as z from 'zod';
import { districtCodeSchema } from '../domain/model/common.js';
import { daySchema, fenSchema } from './common.js';

/**
 * Issue 19 (API.md "Go-live"): a district's parameter versions, proposed by one district approver and
 * approved by another. `parameters` is the whole version without its identity (the fields of
 * `GET /policy/parameters`); what each field means, its unit and its range: docs/policy-parameters.md.
 */
export const proposeParametersBodySchema = z.strictObject({
  district: districtCodeSchema,
  /** a Zibo date after today */
  effectiveFrom: daySchema,
  /** checked field by field with names, units and ranges (shared/domain/policy/proposedParameters.ts) */
  parameters: z.unknown(),
  reason: z.string().trim().min(1).max(1_000),
});
export type ProposeParametersBody = z.infer<typeof proposeParametersBodySchema>;

export const versionStandingSchema = z.enum(['proposed', 'scheduled', 'in_force', 'superseded']);

/** 201 of the proposal, 200 of the approval. */
export const parameterProposalViewSchema = z.object({
  versionId: z.string(),
  districtCode: districtCodeSchema,
  effectiveFrom: daySchema,
  status: z.enum(['proposed', 'scheduled']),
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
});
export type ParameterProposalView = z.infer<typeof parameterProposalViewSchema>;

export const parameterHistoryItemSchema = z.object({
  versionId: z.string(),
  districtCode: districtCodeSchema,
  effectiveFrom: daySchema,
  status: versionStandingSchema,
  /** seeded with the system, neither proposed nor approved by a person */
  seeded: z.boolean(),
  reason: z.string().optional(),
  proposedBy: z.string().optional(),
  proposedAt: z.string().optional(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()),
  /** the sample household's cash offer under this version (shared/domain/policy/sampleHousehold.ts) */
  sampleCashOfferFen: fenSchema,
});
export type ParameterHistoryItem = z.infer<typeof parameterHistoryItemSchema>;

export const parameterHistorySchema = z.object({
  districtCode: districtCodeSchema,
  /** the Zibo day the standings are as of */
  asOf: daySchema,
  items: z.array(parameterHistoryItemSchema),
});
export type ParameterHistory = z.infer<typeof parameterHistorySchema>;
