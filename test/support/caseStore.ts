import type { AuditInput } from '../../shared/adapters/table/audit.js';
import type { PendingToken, StoredCase } from '../../shared/adapters/table/caseRepository.js';
import { caseWriteItems } from '../../shared/adapters/table/caseWrite.js';
import { isConditionFailure, type TransactItem, transact } from '../../shared/adapters/table/dynamo.js';
import { stampAction } from '../../shared/cases/commands/commit.js';
import type { Case } from '../../shared/domain/model/case.js';
import { AlreadyExists, StaleWrite } from '../../shared/errors/appError.js';

/**
 * Test seeding: puts a case as it stands, or writes a next version of it, through the product's one case
 * write adapter (same items, same conditions) but without publishing or resuming anything, so that a
 * test can set up a state the workflow would reach by other means. Product code writes a case only
 * through commitCaseChange (shared/cases/commands/commit.ts).
 */
export async function createCase(c: Case, audit: AuditInput, extra: TransactItem[] = []): Promise<void> {
  try {
    const { next } = stampAction({ read: undefined, next: c, token: 'keep', audit, events: [] });
    await transact([...caseWriteItems(undefined, next, 'keep', audit), ...extra]);
  } catch (error) {
    if (isConditionFailure(error)) throw new AlreadyExists(`case ${c.caseId} already exists`);
    throw error;
  }
}

export async function saveCase(
  read: StoredCase,
  next: Case,
  opts: { consumeToken?: boolean; newToken?: PendingToken; audit: AuditInput; extra?: TransactItem[] },
): Promise<void> {
  const token = opts.newToken ? { store: opts.newToken } : opts.consumeToken ? 'consume' : 'keep';
  // the timeline entry carries the write's action, as every product write's does
  const stamped = stampAction({ read, next, token, audit: opts.audit, events: [] }).next;
  try {
    await transact([...caseWriteItems(read, stamped, token, opts.audit), ...(opts.extra ?? [])]);
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleWrite(`case ${next.caseId} was changed by someone else`);
    throw error;
  }
}
