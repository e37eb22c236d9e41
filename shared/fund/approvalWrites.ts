import { type TransactItem, tableName } from '../adapters/table/dynamo.js';
import { AlreadyExists, FundInsufficient, StaleWrite } from '../errors/appError.js';
import { fundKeys } from './keys.js';

/**
 * What a four-eyes approval adds to the money side (shared/fund/replenish.ts): its items in the entry's
 * own transaction, and the refusals that are about approvals rather than money.
 */
/** The approval's own items in the entry's transaction (shared/fund/approvals.ts). */
export interface ApprovalWrite {
  approvalId: string;
  approvedBy: string;
  /** the approval pending → approved, the pending marker removed, the audit entry */
  items: TransactItem[];
}

/** The approval's items failed their conditions: someone decided it meanwhile (re-read, answer that). */
export function approvalMoved(): StaleWrite {
  return new StaleWrite({
    zh: '该审批事项刚被其他管理员处理，请刷新后查看。',
    en: 'another administrator decided this approval meanwhile; read it again',
  });
}

/**
 * A direct replenishment (below the threshold) may not write the entry a proposal above it is waiting
 * for: same source and reference, two different amounts, one of them unapproved.
 */
export function noPendingProposal(district: string, entryId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: fundKeys.pendingFor(district, entryId),
      ConditionExpression: 'attribute_not_exists(approvalId)',
    },
  };
}

export function pendingProposal(district: string, entryId: string): AlreadyExists {
  return new AlreadyExists(
    {
      zh: '该凭证号的补充资金正在等待另一名基金管理员审批。',
      en: 'a replenishment with this reference is waiting for a second fund administrator',
    },
    { districtCode: district, entryId },
  );
}

/**
 * 422 FUND_INSUFFICIENT: reversing this would take the balance below zero or below what the approved
 * advances in the queue are waiting for; the figures in both languages and as members.
 */
export function reversalNotCovered(
  amountFen: number,
  fund: { balanceFen: number; queuedFen: number },
): FundInsufficient {
  const neededFen = amountFen + fund.queuedFen;
  return new FundInsufficient(
    {
      zh: `余额不足以冲正：冲正金额 ${amountFen} 分，已批准待付垫付 ${fund.queuedFen} 分，共需 ${neededFen} 分，现余额 ${fund.balanceFen} 分。`,
      en: `the balance cannot cover this reversal: ${amountFen} fen reversed plus ${fund.queuedFen} fen owed to approved advances in the queue is ${neededFen} fen, and the balance is ${fund.balanceFen} fen`,
    },
    [],
    { amountFen, queuedFen: fund.queuedFen, neededFen, balanceFen: fund.balanceFen },
  );
}
