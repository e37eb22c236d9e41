import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { collectivePaymentId } from '../../shared/cases/commands/collective/payments.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import type { CaseType } from '../../shared/domain/model/application.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { Tranche } from '../../shared/domain/model/tranche.js';
import { trancheEntryId } from '../../shared/fund/advance.js';
import { saveCase } from './caseStore.js';
import { seedCase } from './seed.js';

/** 2025-07-01 01:30 in Zibo: a payment made late in the UTC evening, so a receipt in UTC would show 30 June. */
export const PAID_AT = '2025-06-30T17:30:00.000Z';
export const CONFIRMED_AT = '2025-07-02T02:00:00.000Z';

export interface PaidCaseOptions {
  household?: 'own' | 'other';
  type?: CaseType;
  /** how many tranches, from the first, are paid */
  paid?: number;
  /** collective tranches: the household confirmed the paid ones */
  confirmed?: boolean;
}

/**
 * A signed case whose first `paid` tranches are paid, as the fund's disbursement (entry id) or the
 * village's record (payment id, bank reference, recorder) leaves them, and the next one payable: the
 * receipt routes read nothing else. Seeded directly (test/support/caseStore.ts) so that a test of the
 * documents need not drive the land leg; test/workflow/* drive the real payments.
 */
export async function seedPaidCase(opts: PaidCaseOptions = {}): Promise<Case> {
  const type = opts.type ?? 'contract_land_exit';
  const paid = opts.paid ?? 1;
  const seeded = await seedCase({
    household: opts.household ?? 'own',
    type,
    status: type === 'homestead_exit' ? 'disposing' : 'paying',
  });
  const stored = await getCase(seeded.caseId);
  const ag = stored?.case.agreement;
  if (!stored || !ag) throw new Error(`seeded case ${seeded.caseId} has no agreement`);
  const plan = paymentSchedule(type, ag.payableFen);
  const schedule = plan.map((t): Tranche => {
    if (t.tranche > paid) return t.tranche === paid + 1 ? { ...t, status: 'payable' } : t;
    if (t.payer === 'fund') {
      return {
        ...t,
        status: 'paid',
        paidAt: PAID_AT,
        entryId: trancheEntryId(ag.agreementId, t.tranche, plan.length),
      };
    }
    return {
      ...t,
      status: opts.confirmed ? 'confirmed' : 'paid',
      paidAt: PAID_AT,
      paymentId: collectivePaymentId(ag.agreementId, t.tranche),
      bankReference: `YH-20250701-${t.tranche}`,
      recordedBy: 'reviewer-own',
      ...(opts.confirmed ? { confirmedAt: CONFIRMED_AT } : {}),
    };
  });
  const next = touchCase(stored.case, {
    actor: 'seed',
    at: new Date().toISOString(),
    note: 'tranches paid',
    patch: { paymentSchedule: schedule },
  });
  await saveCase(stored, next, { audit: { actor: 'seed', action: 'schedule.seeded' } });
  return next;
}
