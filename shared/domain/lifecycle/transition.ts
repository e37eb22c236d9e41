import type { Case } from '../model/case.js';
import type { CaseStatus } from '../model/status.js';
import { statusLabel } from './statusLabels.js';
import { TRANSITIONS } from './transitions.js';

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: CaseStatus,
    readonly to: CaseStatus,
    readonly reasonZh: string,
    readonly reasonEn: string,
  ) {
    super(`illegal transition ${from} → ${to}: ${reasonEn}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError unless the table allows from → to. */
export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (canTransition(from, to)) return;
  if (to === 'withdrawn') {
    if (from === 'failed') {
      throw new IllegalTransitionError(
        from,
        to,
        '案件处于系统异常状态，请联系工作人员处理后再撤回',
        'The case is held for a system error; ask staff to resolve it before withdrawing',
      );
    }
    if (from === 'withdrawn') {
      throw new IllegalTransitionError(from, to, '申请已撤回', 'The application has already been withdrawn');
    }
    throw agreementSignedError(from);
  }
  if (to === 'rescinded') throw rescindError(from);
  const allowed = TRANSITIONS[from];
  throw new IllegalTransitionError(
    from,
    to,
    allowed.length === 0
      ? `案件已处于终结状态（${statusLabel(from, 'zh')}）`
      : `当前状态（${statusLabel(from, 'zh')}）只能转为：${allowed.map((s) => statusLabel(s, 'zh')).join('、')}`,
    allowed.length === 0
      ? `The case has ended (${statusLabel(from, 'en')})`
      : `From ${statusLabel(from, 'en')} the case may only go on to: ${allowed.map((s) => statusLabel(s, 'en')).join(', ')}`,
  );
}

/** Why an agreement cannot be rescinded now: not signed yet, or the cooling-off is over. */
function rescindError(from: CaseStatus): IllegalTransitionError {
  if (TRANSITIONS[from].includes('withdrawn')) {
    return new IllegalTransitionError(
      from,
      'rescinded',
      '尚未签订退出协议，无需解除；如不再申请，可撤回申请',
      'No agreement is signed yet; to stop, withdraw the application instead',
    );
  }
  return new IllegalTransitionError(
    from,
    'rescinded',
    '冷静期已结束（或案件已终结），退出协议已生效，不能解除',
    'The cooling-off is over (or the case has ended): the agreement binds and cannot be rescinded',
  );
}

function agreementSignedError(from: CaseStatus): IllegalTransitionError {
  return new IllegalTransitionError(
    from,
    'withdrawn',
    '协议签订后不能撤回申请',
    'An application cannot be withdrawn once the agreement is signed',
  );
}

/**
 * Withdrawal from a failed case is allowed only when the failure happened before the agreement, since
 * the exit is voluntary until signed; afterwards money may be moving and staff must resolve it.
 * A case rejected at fund review already has a signed agreement, so it cannot be withdrawn either,
 * although the status-only table allows `rejected → withdrawn` (for a village rejection).
 */
export function assertWithdrawable(c: Pick<Case, 'status' | 'statusBeforeFailure' | 'rejectedAt'>): void {
  if (c.status === 'failed' && c.statusBeforeFailure) {
    if (canTransition(c.statusBeforeFailure, 'withdrawn')) return;
    throw agreementSignedError('failed');
  }
  if (c.status === 'rejected' && c.rejectedAt === 'fund_review') throw agreementSignedError(c.status);
  assertTransition(c.status, 'withdrawn');
}

/** A failed case returns only to the status it failed in (an operator's re-drive). */
export function assertResume(c: Pick<Case, 'status' | 'statusBeforeFailure'>, to: CaseStatus): void {
  if (c.status !== 'failed')
    throw new IllegalTransitionError(c.status, to, '案件未处于异常状态', 'The case has not failed');
  if (c.statusBeforeFailure !== to) {
    throw new IllegalTransitionError(
      'failed',
      to,
      `异常案件只能恢复到出错前的状态（${c.statusBeforeFailure ? statusLabel(c.statusBeforeFailure, 'zh') : '未知'}）`,
      `A failed case resumes only in the status it failed in (${c.statusBeforeFailure ? statusLabel(c.statusBeforeFailure, 'en') : 'unknown'})`,
    );
  }
}
