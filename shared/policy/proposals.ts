import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { keys } from '../adapters/keys.js';
import { auditPut } from '../adapters/table/audit.js';
import { getItem, queryAll, type TransactItem, tableName } from '../adapters/table/dynamo.js';
import { districtCodeSchema, idSchema, isoDateSchema } from '../domain/model/common.js';
import type { PolicyParameters } from '../domain/model/policy.js';
import type { ProposedParameters } from '../domain/policy/proposedParameters.js';

/**
 * Proposed policy parameter versions (政策参数调整) and their approval by a second district approver
 * (issue 19, API.md "Go-live"). A proposal lives in its own partition `POLICYPROPOSAL#{d}` (the versions'
 * partition `POLICY#{d}` holds only versions, which every pricing reads); its approval writes the version
 * itself, once, in the same transaction that marks the proposal scheduled, with a guard item
 * `EFFECTIVE#{date}` so that no two approved versions can start on the same day.
 */
export const proposalStatusSchema = z.enum(['proposed', 'scheduled']);
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;

export const parameterProposalSchema = z.object({
  versionId: idSchema,
  districtCode: districtCodeSchema,
  effectiveFrom: isoDateSchema,
  status: proposalStatusSchema,
  /** the whole version as proposed (checked by shared/domain/policy/proposedParameters.ts) */
  parameters: z.record(z.string(), z.unknown()),
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
});
export type ParameterProposal = z.infer<typeof parameterProposalSchema>;

export const proposalKeys = {
  proposal: (district: string, versionId: string) => ({
    PK: `POLICYPROPOSAL#${district}`,
    SK: `PROPOSAL#${versionId}`,
  }),
  effective: (district: string, effectiveFrom: string) => ({
    PK: `POLICYPROPOSAL#${district}`,
    SK: `EFFECTIVE#${effectiveFrom}`,
  }),
};

/** `370302-2027-01-01-3fa9c1`: the district and the day it would take effect, readable in a list. */
export function newVersionId(district: string, effectiveFrom: string): string {
  return `${district}-${effectiveFrom}-${randomBytes(3).toString('hex')}`;
}

/** The district a version id names (its first six digits), to find the proposal from the path alone. */
export function districtOfVersion(versionId: string): string | undefined {
  const d = /^(\d{6})-/.exec(versionId)?.[1];
  return d && districtCodeSchema.safeParse(d).success ? d : undefined;
}

function parse(item: Record<string, unknown>): ParameterProposal {
  return parameterProposalSchema.parse(
    Object.fromEntries(Object.entries(item).filter(([k]) => k in parameterProposalSchema.shape)),
  );
}

export async function getProposal(versionId: string): Promise<ParameterProposal | undefined> {
  const district = districtOfVersion(versionId);
  if (!district || !idSchema.safeParse(versionId).success) return undefined;
  const item = await getItem(proposalKeys.proposal(district, versionId));
  return item ? parse(item) : undefined;
}

export async function listProposals(district: string): Promise<ParameterProposal[]> {
  return (await queryAll(`POLICYPROPOSAL#${district}`, 'PROPOSAL#')).map(parse);
}

function audit(p: ParameterProposal, actor: string, action: string, at: string): TransactItem {
  return auditPut(
    tableName(),
    {
      actor,
      action,
      entity: `policy#${p.districtCode}`,
      reason: p.reason,
      detail: { versionId: p.versionId, effectiveFrom: p.effectiveFrom, proposedBy: p.proposedBy },
    },
    at,
  );
}

/** The proposal and its audit entry, all or nothing. */
export function proposalItems(p: ParameterProposal): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...proposalKeys.proposal(p.districtCode, p.versionId), itemType: 'policy_proposal', ...p },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    audit(p, p.proposedBy, 'policy.parameters.proposed', p.proposedAt),
  ];
}

/**
 * The approval: proposal → scheduled (condition: still proposed), the day's guard (condition: no other
 * approved version starts that day), the version itself (condition: never written before; a version
 * is never overwritten, cases refer to it) with who proposed and approved it beside its data, and the
 * audit entry.
 */
export function approvalItems(
  p: ParameterProposal,
  version: PolicyParameters,
  approver: string,
  at: string,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: proposalKeys.proposal(p.districtCode, p.versionId),
        UpdateExpression: 'SET #s = :scheduled, approvedBy = :by, approvedAt = :at',
        ConditionExpression: '#s = :proposed',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':scheduled': 'scheduled',
          ':proposed': 'proposed',
          ':by': approver,
          ':at': at,
        },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...proposalKeys.effective(p.districtCode, p.effectiveFrom),
          itemType: 'policy_effective_day',
          versionId: p.versionId,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.policy(p.districtCode, p.effectiveFrom, p.versionId),
          itemType: 'policy',
          data: version,
          proposedBy: p.proposedBy,
          proposedAt: p.proposedAt,
          approvedBy: approver,
          approvedAt: at,
          reason: p.reason,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    audit({ ...p, status: 'scheduled' }, approver, 'policy.parameters.approved', at),
  ];
}

export type { ProposedParameters };
