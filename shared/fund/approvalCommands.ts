import { parametersInForceFor } from '../adapters/table/policyRepository.js';
import { type DistrictCode, districtCodeSchema } from '../domain/model/common.js';
import { REPLENISHMENT_FOUR_EYES_DEFAULT_FEN } from '../domain/model/policy.js';
import { NoParametersInForceError } from '../domain/policy/parametersInForce.js';
import { AlreadyDecided, AlreadyExists, NotFound, RuleRefused, StaleWrite } from '../errors/appError.js';
import { derivedId } from './advance.js';
import {
  alreadySettled,
  approvalToDecide,
  approvedItems,
  type FundApproval,
  getApproval,
  newApprovalId,
  otherProposalPending,
  storeProposal,
  storeRefusal,
} from './approvals.js';
import { checkLimits, readFund } from './ledger.js';
import {
  assertQuotaAvailable,
  type ReplenishmentInput,
  recordReplenishment,
  recordReversal,
  replayedReplenishment,
  replenishmentEntryId,
  reversalNotCovered,
  saleQuota,
} from './replenish.js';
import { centiM2ToM2, centiM2ToMu4, formatMu4 } from './reserve.js';
import { getEntry, type StoredEntry } from './storedEntry.js';

/**
 * The four-eyes commands of the fund (issue 16): propose a large replenishment or any reversal, and
 * approve or refuse a proposal. Money moves only on approval (shared/fund/replenish.ts, with the
 * approval's items in the entry's own transaction); the storage of approvals is ./approvals.ts.
 */

/**
 * The district's threshold above which a replenishment needs a second administrator: its policy
 * parameter `replenishmentFourEyesThresholdFen` in force today (versioned per district, like the
 * advance's `fourEyesThresholdFen`), or the documented default when the district has no parameters.
 */
export async function replenishmentThresholdFen(district: string, at: string): Promise<number> {
  const code = districtCodeSchema.safeParse(district);
  if (!code.success) return REPLENISHMENT_FOUR_EYES_DEFAULT_FEN;
  try {
    return (await parametersInForceFor(code.data as DistrictCode, at)).replenishmentFourEyesThresholdFen;
  } catch (error) {
    if (error instanceof NoParametersInForceError) return REPLENISHMENT_FOUR_EYES_DEFAULT_FEN;
    throw error;
  }
}

export type ProposalResult =
  /** the same replenishment was approved and recorded before: its entry, as a direct one answers */
  { kind: 'recorded'; entry: StoredEntry } | { kind: 'pending'; approval: FundApproval };

/**
 * A replenishment above the threshold: checked as the direct one would be (the quota, the fund's
 * maximum) so that an impossible one is refused now, not at approval, and stored as pending. The same
 * proposal again answers the pending one (or the entry, once approved); other figures for the same
 * source and reference are 409.
 */
export async function proposeReplenishment(
  district: string,
  input: ReplenishmentInput,
  actor: string,
  at: string,
): Promise<ProposalResult> {
  const sale = saleQuota(input);
  const entryId = replenishmentEntryId(district, input.source, input.reference);
  const existing = await getEntry(district, entryId);
  if (existing) return { kind: 'recorded', entry: replayedReplenishment(existing, input, sale).entry };
  if (sale) await assertQuotaAvailable(district, sale);
  checkLimits(await readFund(district), {
    amountFen: input.amountFen,
    debit: 'fund_cash',
    credit: input.source === 'quota_sale' ? 'quota_sales' : 'appropriations',
    kind: 'replenishment',
  });
  const approval: FundApproval = {
    approvalId: newApprovalId(at),
    kind: 'replenishment',
    status: 'pending',
    districtCode: district,
    amountFen: input.amountFen,
    entryId,
    source: input.source,
    reference: input.reference,
    ...(sale ? { quotaCentiM2: sale.centiM2, quotaMu4: sale.mu4 } : {}),
    proposedBy: actor,
    proposedAt: at,
  };
  const stored = await storeProposal(approval);
  if (stored.kind === 'existing') {
    const same =
      stored.approval.kind === 'replenishment' &&
      stored.approval.amountFen === input.amountFen &&
      stored.approval.quotaCentiM2 === (sale?.centiM2 ?? undefined);
    if (!same) throw otherProposalPending(stored.approval);
  }
  return { kind: 'pending', approval: stored.approval };
}

/**
 * Proposes reversing a replenishment entry (a mistaken quota sale or appropriation). Refused at once
 * when it cannot be: not a replenishment (422), already reversed (409), or the balance could not cover
 * it and the queued advances (422 FUND_INSUFFICIENT, checked again at approval). A pending reversal
 * of the same entry is answered again.
 */
export async function proposeReversal(
  district: string,
  entryId: string,
  actor: string,
  reason: string,
  at: string,
): Promise<FundApproval> {
  const original = await getEntry(district, entryId);
  if (!original) throw new NotFound(`no ledger entry ${entryId} in the fund of district ${district}`);
  if (original.kind !== 'replenishment') {
    throw new RuleRefused(
      {
        zh: '此处只能冲正补充资金（指标交易或财政拨款）的记账；垫付的更正另行办理。',
        en: `only a replenishment (quota sale or appropriation) is reversed here; this entry is a ${original.kind}`,
      },
      [{ path: 'path.entryId', message: `a ${original.kind} entry`, messageZh: '不是补充资金记账' }],
      { kind: original.kind },
    );
  }
  const reversalId = derivedId('REV', entryId);
  const reversed = await getEntry(district, reversalId);
  if (reversed) {
    throw new AlreadyDecided(
      {
        zh: '该笔记账已冲正，不能再次冲正。',
        en: 'this entry was already reversed; an entry is reversed at most once',
      },
      { reversalEntryId: reversalId },
    );
  }
  const fund = await readFund(district);
  if (fund.balanceFen - original.amountFen < fund.queuedFen)
    throw reversalNotCovered(original.amountFen, fund);
  const approval: FundApproval = {
    approvalId: newApprovalId(at),
    kind: 'reversal',
    status: 'pending',
    districtCode: district,
    amountFen: original.amountFen,
    entryId: reversalId,
    reversesEntryId: entryId,
    ...(original.source ? { source: original.source } : {}),
    ...(original.reference ? { reference: original.reference } : {}),
    reason,
    proposedBy: actor,
    proposedAt: at,
  };
  return (await storeProposal(approval)).approval;
}

export interface DecisionResult {
  approval: FundApproval;
  /** approved: the entry it wrote */
  entry?: StoredEntry;
  /** money came in: the caller runs the queue of approved advances */
  freesQueue: boolean;
}

/**
 * A second fund administrator approves or refuses a pending proposal. Exactly once: the approval is
 * written in the entry's own transaction on condition that it is still pending, so a repeat, a retry
 * or two approvers at once answer what is stored and never write twice. Refusing needs a reason.
 */
export async function decideApproval(
  district: string,
  approvalId: string,
  sub: string,
  approve: boolean,
  reason: string,
  at: string,
): Promise<DecisionResult> {
  const a = await approvalToDecide(district, approvalId, sub);
  if (a.status !== 'pending') return settledResult(district, alreadySettled(a, approve));
  if (!approve) {
    if (await storeRefusal(a, sub, reason, at)) {
      return {
        approval: { ...a, status: 'refused', decidedBy: sub, decidedAt: at, refusalReason: reason },
        freesQueue: false,
      };
    }
    return reread(district, approvalId, approve);
  }
  const write = { approvalId: a.approvalId, approvedBy: sub, items: approvedItems(a, sub, at) };
  const decided = { ...a, status: 'approved' as const, decidedBy: sub, decidedAt: at };
  try {
    if (a.kind === 'replenishment') {
      const input = approvalInput(a);
      const { entry, replayed } = await recordReplenishment(district, input, a.proposedBy, at, write);
      if (replayed) {
        // the entry exists: written by another approver of this approval (answer that), or, if the
        // approval is still pending, by a direct replenishment that slipped in between the proposal's
        // check and its marker (this approval wrote nothing and stays pending, to be refused)
        const now = await getApproval(district, approvalId);
        if (now && now.status !== 'pending') return settledResult(district, alreadySettled(now, approve));
        throw recordedWithoutApproval(a, entry);
      }
      return { approval: decided, entry, freesQueue: true };
    }
    const reversal = await recordReversal(
      district,
      a.reversesEntryId ?? '',
      a.proposedBy,
      a.reason ?? '',
      at,
      write,
    );
    // already written: by another approver of this approval (its REV- id is the only way to write it)
    if (reversal.replayed) return reread(district, approvalId, approve);
    return { approval: decided, entry: reversal.entry, freesQueue: false };
  } catch (error) {
    if (error instanceof StaleWrite) return reread(district, approvalId, approve);
    // a refused write (not enough money after the reversal, over the fund's maximum) may only mean that
    // another approver of this same approval wrote it first: then the stored decision is the answer
    const now = await getApproval(district, approvalId);
    if (now && now.status !== 'pending') return settledResult(district, alreadySettled(now, approve));
    throw error;
  }
}

function recordedWithoutApproval(a: FundApproval, entry: StoredEntry): AlreadyExists {
  return new AlreadyExists(
    {
      zh: '该笔补充资金已直接登记，本审批事项未记账，请拒绝。',
      en: 'this replenishment was recorded directly meanwhile; the approval wrote nothing and should be refused',
    },
    { approvalId: a.approvalId, entryId: entry.entryId },
  );
}

function approvalInput(a: FundApproval): ReplenishmentInput {
  return {
    source: a.source ?? 'appropriation',
    amountFen: a.amountFen,
    reference: a.reference ?? '',
    ...quotaAsStated(a),
  };
}

/**
 * The proposal's quota as saleQuota reads it back to the same sale: its m² when that gives the mu
 * stored with it, else the mu it was stated in (a sale stated in mu counts as its rounded area).
 */
function quotaAsStated(a: FundApproval): Pick<ReplenishmentInput, 'quotaCentiM2' | 'quotaMu4'> {
  if (a.quotaCentiM2 === undefined) return {};
  if (a.quotaMu4 === undefined || Number(centiM2ToMu4(BigInt(a.quotaCentiM2))) === a.quotaMu4) {
    return { quotaCentiM2: a.quotaCentiM2 };
  }
  return { quotaMu4: a.quotaMu4 };
}

async function reread(district: string, approvalId: string, approve: boolean): Promise<DecisionResult> {
  const now = await getApproval(district, approvalId);
  if (!now || now.status === 'pending') throw new StaleWrite('the approval is changing; try again');
  return settledResult(district, alreadySettled(now, approve));
}

async function settledResult(district: string, a: FundApproval): Promise<DecisionResult> {
  const entry = a.status === 'approved' ? await getEntry(district, a.entryId) : undefined;
  // an approved replenishment's queue run may have died with its first call: run it again
  return {
    approval: a,
    ...(entry ? { entry } : {}),
    freesQueue: a.status === 'approved' && a.kind === 'replenishment',
  };
}

/** The approval as the API shows it: the stored fields, the quota in m² and mu, its id by its kind. */
export function approvalView(a: FundApproval): Record<string, unknown> {
  return {
    ...a,
    ...(a.kind === 'replenishment' ? { replenishmentId: a.approvalId } : { reversalId: a.approvalId }),
    ...(a.quotaCentiM2 !== undefined ? { quotaM2: centiM2ToM2(a.quotaCentiM2) } : {}),
    ...(a.quotaMu4 !== undefined ? { quotaMu: formatMu4(a.quotaMu4) } : {}),
  };
}
