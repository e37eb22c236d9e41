import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient } from '../adapters/clients.js';
import { auditPut } from '../adapters/table/audit.js';
import {
  getItem,
  isConditionFailure,
  type TransactItem,
  tableName,
  transact,
} from '../adapters/table/dynamo.js';
import { idSchema } from '../domain/model/common.js';
import { proposalConflict } from '../domain/review/separationOfDuties.js';
import { AlreadyDecided, AlreadyExists, Forbidden, NotFound, StaleWrite } from '../errors/appError.js';
import { APPROVAL_LIST_INDEX, approvalListKeys } from './approvalIndex.js';
import { fundKeys } from './keys.js';

/**
 * Four eyes on the fund's own movements (issue 16): the stored approval and its life.
 *
 * A replenishment above the district's `replenishmentFourEyesThresholdFen`, and every reversal, is first
 * a *proposal* (`FUND#{d}` / `APPROVAL#{approvalId}`, status `pending`) that writes no money. A second,
 * different fund administrator of the district approves it (only then is the ledger entry written, in
 * the same transaction that moves the approval to `approved`, so exactly once) or refuses it with a
 * reason (`refused`; nothing is written to the ledger). A marker `PENDING#{entryId}` keeps one pending
 * proposal per entry it would write. Proposals, approvals and refusals are each audited in their own
 * transaction (AUDIT#fund#{d}). The money side is shared/fund/replenish.ts; the commands are
 * shared/fund/approvalCommands.ts.
 */
export const approvalStatusSchema = z.enum(['pending', 'approved', 'refused']);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const fundApprovalSchema = z.object({
  approvalId: idSchema,
  kind: z.enum(['replenishment', 'reversal']),
  status: approvalStatusSchema,
  districtCode: z.string(),
  amountFen: z.number().int().positive(),
  /** the ledger entry the approval writes (REP-… or REV-…) */
  entryId: idSchema,
  source: z.enum(['quota_sale', 'appropriation']).optional(),
  reference: z.string().optional(),
  quotaCentiM2: z.number().int().optional(),
  quotaMu4: z.number().int().optional(),
  /** a reversal: the entry it reverses, and why */
  reversesEntryId: idSchema.optional(),
  reason: z.string().optional(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  /** a refusal's reason (required when refusing) */
  refusalReason: z.string().optional(),
});
export type FundApproval = z.infer<typeof fundApprovalSchema>;

/** A new approval id: time-ordered (the list reads oldest first), unguessable in its tail. */
export function newApprovalId(at: string): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `FA-${stamp}-${randomBytes(5).toString('hex')}`;
}

function parseApproval(item: Record<string, unknown>): FundApproval {
  return fundApprovalSchema.parse(
    Object.fromEntries(Object.entries(item).filter(([k]) => k in fundApprovalSchema.shape)),
  );
}

export async function getApproval(district: string, approvalId: string): Promise<FundApproval | undefined> {
  if (!idSchema.safeParse(approvalId).success) return undefined;
  const item = await getItem(fundKeys.approval(district, approvalId));
  return item ? parseApproval(item) : undefined;
}

/** The pending proposal that would write `entryId`, if any. */
export async function pendingFor(district: string, entryId: string): Promise<FundApproval | undefined> {
  const marker = await getItem(fundKeys.pendingFor(district, entryId));
  return typeof marker?.approvalId === 'string' ? getApproval(district, marker.approvalId) : undefined;
}

/**
 * The decided approval's marker, cleared (its approvalId removed, on condition that it names this
 * approval), not deleted: no function may delete under FUND#, the ledger's partition (test/infra/tableGrants.ts).
 */
function clearMarker(a: FundApproval): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: fundKeys.pendingFor(a.districtCode, a.entryId),
      UpdateExpression: 'REMOVE approvalId',
      ConditionExpression: 'approvalId = :id',
      ExpressionAttributeValues: { ':id': a.approvalId },
    },
  };
}

function fundAudit(
  district: string,
  actor: string,
  action: string,
  a: FundApproval,
  at: string,
  reason?: string,
): TransactItem {
  return auditPut(
    tableName(),
    {
      actor,
      action,
      entity: `fund#${district}`,
      ...(reason ? { reason } : {}),
      detail: {
        approvalId: a.approvalId,
        kind: a.kind,
        amountFen: a.amountFen,
        entryId: a.entryId,
        ...(a.reversesEntryId ? { reversesEntryId: a.reversesEntryId } : {}),
        ...(a.reference ? { reference: a.reference } : {}),
        proposedBy: a.proposedBy,
      },
    },
    at,
  );
}

/**
 * Stores a new pending proposal with its marker and its audit entry, all or nothing. When another
 * proposal for the same entry is pending, answers that one (`existing`) instead.
 */
export async function storeProposal(
  a: FundApproval,
): Promise<{ kind: 'stored'; approval: FundApproval } | { kind: 'existing'; approval: FundApproval }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await transact([
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...fundKeys.approval(a.districtCode, a.approvalId),
              ...approvalListKeys(a.districtCode, 'pending', a.approvalId),
              itemType: 'fund_approval',
              ...a,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...fundKeys.pendingFor(a.districtCode, a.entryId),
              itemType: 'fund_pending',
              approvalId: a.approvalId,
            },
            // a marker cleared by an earlier decision (no approvalId) may be taken again
            ConditionExpression: 'attribute_not_exists(approvalId)',
          },
        },
        fundAudit(
          a.districtCode,
          a.proposedBy,
          `fund.${a.kind}.proposed`,
          a,
          a.proposedAt,
          a.reason ?? a.reference,
        ),
      ]);
      return { kind: 'stored', approval: a };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await pendingFor(a.districtCode, a.entryId);
      if (existing) return { kind: 'existing', approval: existing };
      // the other proposal was decided between our write and our read: try once more
    }
  }
  throw new StaleWrite('proposals for this movement keep changing; try again');
}

/**
 * The items that settle a pending approval inside another transaction (the entry's, on approval): the
 * approval pending → approved (condition: still pending), its marker cleared (condition: still
 * pointing at it), the audit entry.
 */
export function approvedItems(a: FundApproval, approver: string, at: string): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: fundKeys.approval(a.districtCode, a.approvalId),
        // the approval moves to its status's list (both keys: an item from before the lists gets them too)
        UpdateExpression:
          'SET #s = :approved, decidedBy = :by, decidedAt = :at, GSI4PK = :list, GSI4SK = :sk',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':list': approvalListKeys(a.districtCode, 'approved', a.approvalId).GSI4PK,
          ':sk': approvalListKeys(a.districtCode, 'approved', a.approvalId).GSI4SK,
          ':approved': 'approved',
          ':pending': 'pending',
          ':by': approver,
          ':at': at,
        },
      },
    },
    clearMarker(a),
    fundAudit(a.districtCode, approver, `fund.${a.kind}.approved`, a, at),
  ];
}

/** Refuses a pending approval: nothing reaches the ledger; the marker is cleared, so it may be proposed anew. */
export async function storeRefusal(
  a: FundApproval,
  refuser: string,
  reason: string,
  at: string,
): Promise<boolean> {
  try {
    await transact([
      {
        Update: {
          TableName: tableName(),
          Key: fundKeys.approval(a.districtCode, a.approvalId),
          UpdateExpression:
            'SET #s = :refused, decidedBy = :by, decidedAt = :at, refusalReason = :reason, GSI4PK = :list, GSI4SK = :sk',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':list': approvalListKeys(a.districtCode, 'refused', a.approvalId).GSI4PK,
            ':sk': approvalListKeys(a.districtCode, 'refused', a.approvalId).GSI4SK,
            ':refused': 'refused',
            ':pending': 'pending',
            ':by': refuser,
            ':at': at,
            ':reason': reason,
          },
        },
      },
      clearMarker(a),
      fundAudit(a.districtCode, refuser, `fund.${a.kind}.refused`, a, at, reason),
    ]);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The gate of four eyes, before anything is decided: the approval exists in the caller's district
 * (404 otherwise, never a hint about another district's), and the caller did not propose it (403 with
 * `conflict: own_proposal`, the same shape as the case duties' refusals).
 */
export async function approvalToDecide(
  district: string,
  approvalId: string,
  sub: string,
): Promise<FundApproval> {
  const a = await getApproval(district, approvalId);
  if (!a) throw new NotFound(`no fund approval ${approvalId} in district ${district}`);
  const conflict = proposalConflict(a.proposedBy, { sub });
  if (conflict) {
    throw new Forbidden(
      { zh: conflict.zh, en: conflict.en },
      { conflict: conflict.kind, duty: `fund_${a.kind}_approval`, approvalId: a.approvalId },
    );
  }
  return a;
}

/** A decision on an approval already decided: the same one answers what is stored, the other is 409. */
export function alreadySettled(a: FundApproval, approve: boolean): FundApproval {
  if ((a.status === 'approved') === approve) return a;
  throw new AlreadyDecided(
    {
      zh: a.status === 'approved' ? '此项已批准，不能再拒绝。' : '此项已被拒绝，可重新提出。',
      en: `this ${a.kind} was already ${a.status}`,
    },
    { approvalId: a.approvalId, approvalStatus: a.status, decidedBy: a.decidedBy },
  );
}

/** A proposal that differs from the pending one for the same entry: 409 naming it. */
export function otherProposalPending(a: FundApproval): AlreadyExists {
  return new AlreadyExists(
    {
      zh: '同一笔资金变动已有另一项待审批的申请（金额或内容不同）。',
      en: 'another proposal for this movement, with other figures, is waiting for approval',
    },
    { approvalId: a.approvalId, amountFen: a.amountFen, approvalStatus: a.status },
  );
}

export interface ApprovalPage {
  items: FundApproval[];
  nextCursor: Record<string, unknown> | undefined;
}

/**
 * The district's approvals, oldest first: all of them from the table's own partition, or those of one
 * status from their list in the FundQueue index (approvalIndex.ts) — one key-condition Query per page
 * either way. The cursor is the last item's table key (`PK`, `SK`); the index position is derived from
 * it. An approval item written before its list keys existed is listed by status once
 * scripts/backfillIndexKeys.ts gave it its keys (docs/data-model.md).
 */
export async function listApprovals(
  district: string,
  opts: { status?: ApprovalStatus; limit: number; start?: Record<string, unknown> },
): Promise<ApprovalPage> {
  const start = opts.start ? { PK: opts.start.PK, SK: opts.start.SK } : undefined;
  const status = opts.status;
  const out = await documentClient().send(
    new QueryCommand(
      status
        ? {
            TableName: tableName(),
            IndexName: APPROVAL_LIST_INDEX,
            KeyConditionExpression: 'GSI4PK = :list',
            ExpressionAttributeValues: {
              ':list': approvalListKeys(district, status, '').GSI4PK,
            },
            Limit: opts.limit,
            ExclusiveStartKey: start && {
              ...start,
              ...approvalListKeys(district, status, String(start.SK).slice('APPROVAL#'.length)),
            },
          }
        : {
            TableName: tableName(),
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': `FUND#${district}`, ':prefix': 'APPROVAL#' },
            ConsistentRead: true,
            Limit: opts.limit,
            ExclusiveStartKey: start,
          },
    ),
  );
  const last = out.LastEvaluatedKey;
  return {
    items: (out.Items ?? []).map(parseApproval),
    nextCursor: last ? { PK: last.PK, SK: last.SK } : undefined,
  };
}
