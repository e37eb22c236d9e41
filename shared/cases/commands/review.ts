import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { Principal, Role } from '../../auth/principal.js';
import { type ReviewInput, reviewInputSchema } from '../../contract/reviewInput.js';
import { type Case, REVIEW_STEPS, type ReviewReasonCode, type ReviewStep } from '../../domain/model/case.js';
import { MAX_RETURNS_PER_CASE } from '../../domain/model/limits.js';
import { resolutionProblems } from '../../domain/review/meetingResolution.js';
import { conditionalSurrenderGuard } from '../../domain/rights/conditionalGuard.js';
import { Forbidden, IllegalTransition, RuleRefused, ValidationFailed } from '../../errors/appError.js';
import { STEP_OUTCOMES } from '../../workflow/contract.js';
import { releaseAll } from '../landClaims.js';
import { caseEvent, moveCase } from '../moveCase.js';
import { actsAs } from './actsAs.js';
import type { CaseChange } from './caseChange.js';
import { assertMayDecide } from './duties.js';
import { equityVillage, reserveRedemption } from './equity/redemption.js';
import { settleObjections } from './object.js';
import { offersEvent, priceOffers } from './pricing.js';
import { waitingToken } from './waiting.js';

/**
 * POST /cases/{caseId}/review: the decision of the review step now pending, 村 → 镇 → 区 (DOMAIN.md wave 2).
 * The body's schema is in shared/contract/reviewInput.ts, where the portal's forms check it too.
 */
export { type ReviewInput, reviewInputSchema };

/** Who decides each step, and the words for it (zh first). */
const STEPS: Record<ReviewStep, { role: Role; zh: string; en: string }> = {
  village_review: { role: 'village_reviewer', zh: '村集体审核', en: 'the village review' },
  town_review: { role: 'town_reviewer', zh: '镇审核', en: 'the town audit' },
  district_approval: { role: 'district_approver', zh: '区审批', en: 'the district approval' },
};

/** The reason codes in words, for the timeline people read (codes are for machines). */
export const REASON_LABELS: Record<ReviewReasonCode, { zh: string; en: string }> = {
  facts_verified: { zh: '经核实情况属实', en: 'facts verified' },
  documents_incomplete: { zh: '材料不齐全', en: 'documents incomplete' },
  area_mismatch: { zh: '面积与登记不符', en: 'area does not match the registry' },
  ownership_disputed: { zh: '权属有争议', en: 'ownership disputed' },
  not_quorate: { zh: '会议未达法定人数', en: 'the meeting was not quorate' },
  other: { zh: '其他', en: 'other' },
};

const OUTCOME = { approve: 'approved', reject: 'rejected', return: 'returned' } as const;
const NOTE: Record<ReviewStep, Record<ReviewInput['decision'], string>> = {
  village_review: {
    approve: '村集体审核通过，进入公示 / approved by the village, public notice begins',
    reject: '村集体审核不予通过 / rejected by the village',
    return: '退回补正 / returned for correction',
  },
  town_review: {
    approve: '镇审核通过，报区审批 / approved by the town, on to the district',
    reject: '镇审核不予通过 / rejected by the town',
    return: '镇审核退回补正 / returned by the town for correction',
  },
  district_approval: {
    approve: '区审批通过，生成补偿方案 / approved by the district: offers computed',
    reject: '区审批不予通过 / rejected by the district',
    return: '区审批退回补正 / returned by the district for correction',
  },
};

/** The review step the case waits at, or 409 naming its status. */
function pendingStep(stored: StoredCase): ReviewStep {
  const step = REVIEW_STEPS.find((s) => s === stored.case.status);
  if (!step) {
    throw new IllegalTransition(
      {
        zh: `案件当前状态为“${stored.case.status}”，没有待审核的环节。`,
        en: `the case is ${stored.case.status}; no review step is pending`,
      },
      { caseStatus: stored.case.status },
    );
  }
  return step;
}

/** 403 unless the reviewer holds the role of this step over this case (a town reviewer of that town …). */
function assertStepReviewer(stored: StoredCase, principal: Principal, step: ReviewStep): void {
  const { role, zh, en } = STEPS[step];
  if (actsAs('reviewCase', stored, principal, role)) return;
  throw new Forbidden(
    { zh: `本案件正待${zh}，您无权办理该环节。`, en: `the case awaits ${en}, which is not yours to decide` },
    { pendingStep: step },
  );
}

/**
 * What the step's decision must carry besides the schema: the meeting resolution at the village only;
 * for an equity exit the village's approval also says where the shares go (and no other step does).
 */
function assertStepInput(step: ReviewStep, input: ReviewInput, c: Case): void {
  // the meeting may say where the shares go with any decision; an approval must
  const sharesTaken = c.type === 'equity_exit' && step === 'village_review';
  if (sharesTaken && input.decision === 'approve' && !input.sharesGoTo) {
    throw new ValidationFailed(
      {
        zh: '股权退出的村集体审核须写明股份去向（纳入集体股或量化到本组织成员）',
        en: 'the village approval of an equity exit must say where the shares go',
      },
      [
        {
          path: 'body.sharesGoTo',
          message: 'collective_share or members',
          messageZh: '请选择：纳入集体股，或量化到本组织成员',
        },
      ],
    );
  }
  if (!sharesTaken && input.sharesGoTo) {
    throw new ValidationFailed(
      {
        zh: '只有股权退出的村集体审核才填写股份去向',
        en: 'only the village step of an equity exit takes sharesGoTo',
      },
      [{ path: 'body.sharesGoTo', message: 'not at this step', messageZh: '此环节不填写' }],
    );
  }
  if (step === 'village_review' && !input.resolution) {
    throw new ValidationFailed(
      { zh: '村集体审核须附成员会议决议', en: 'the village decision needs the members’ meeting resolution' },
      [{ path: 'body.resolution', message: 'required at the village step', messageZh: '村集体审核必填' }],
    );
  }
  if (step !== 'village_review' && input.resolution) {
    throw new ValidationFailed(
      { zh: '只有村集体审核附成员会议决议', en: 'only the village step takes a meeting resolution' },
      [{ path: 'body.resolution', message: 'only at the village step', messageZh: '仅村集体审核填写' }],
    );
  }
}

/** How often the case has been returned for correction, by any step. */
export function returnsOf(c: Pick<Case, 'reviews'>): number {
  return c.reviews.filter((r) => r.decision === 'return').length;
}

/**
 * 退回补正 at most MAX_RETURNS_PER_CASE times (docs/limits.md): a return sends the case round the whole
 * chain again, and each round is stored with the case. Beyond it the step approves or rejects (422).
 */
function assertMayReturn(c: Case, input: ReviewInput): void {
  if (input.decision !== 'return') return;
  const returns = returnsOf(c);
  if (returns < MAX_RETURNS_PER_CASE) return;
  throw new RuleRefused(
    {
      zh: `本案件已退回补正 ${returns} 次，达到上限（${MAX_RETURNS_PER_CASE} 次），不能再退回；请作出通过或不予通过的决定。`,
      en: `the case has been returned for correction ${returns} times, the most a case may be (${MAX_RETURNS_PER_CASE}); approve or reject it`,
    },
    [
      {
        path: 'body.decision',
        message: `at most ${MAX_RETURNS_PER_CASE} returns per case: approve or reject`,
        messageZh: `每个案件最多退回补正 ${MAX_RETURNS_PER_CASE} 次：请选择通过或不予通过`,
      },
    ],
    { returns, maxReturns: MAX_RETURNS_PER_CASE },
  );
}

export async function reviewChange(
  stored: StoredCase,
  input: ReviewInput,
  principal: Principal,
  now: string,
): Promise<CaseChange> {
  const c = stored.case;
  const step = pendingStep(stored);
  assertStepReviewer(stored, principal, step);
  // 不相容岗位分离: not on the reviewer's own household's case, not after another duty on it
  assertMayDecide(c, principal, step);
  const token = waitingToken(stored, step, STEPS[step]);
  assertStepInput(step, input, c);
  assertMayReturn(c, input);
  const words = [...input.reasons, ...(input.note ? [input.note] : [])];
  const guard = conditionalSurrenderGuard(c.type, words);
  if (!guard.allowed) {
    throw new RuleRefused(
      {
        zh: '不得以放弃其他权利作为退出条件',
        en: 'an exit may not be made conditional on giving up another right',
      },
      guard.violations.map((v) => ({
        path: input.note ? 'body.note' : 'body.reasons',
        message: v.messageEn,
        messageZh: v.messageZh,
      })),
      { violations: guard.violations },
    );
  }
  for (const p of input.resolution ? resolutionProblems(input.decision, input.resolution) : []) {
    if (p.kind !== 'no_majority') continue;
    throw new RuleRefused(
      {
        zh: '同意退出须经到会成员过半数通过',
        en: 'approval needs a majority of the members present at the meeting',
      },
      [
        {
          path: 'body.resolution.votesFor',
          message: `${p.votesFor} of ${p.present} is not a majority`,
          messageZh: `到会 ${p.present} 人，赞成 ${p.votesFor} 票，未过半数`,
        },
      ],
    );
  }
  const actor = principal.sub;
  const outcome = OUTCOME[input.decision];
  const review = {
    ...(step === 'village_review' ? {} : { step }),
    decision: input.decision,
    reasonCodes: input.reasonCodes,
    ...(input.note ? { note: input.note } : {}),
    reasons: input.reasons,
    ...(input.resolution ? { resolution: input.resolution } : {}),
    reviewer: actor,
    at: now,
  };
  // a rejection gives the land back (nothing is signed at review); an appeal has to take it again
  const claims = input.decision === 'reject' ? releaseAll(c) : undefined;
  // the district's approval opens the offers: priced now, with the parameters in force today
  const approving = step === 'district_approval' && outcome === 'approved';
  // an equity exit is priced with the collective's share value and takes its shares from this year's
  // redemption quota (防范大规模赎回) in the same transaction
  const village = approving && c.type === 'equity_exit' ? await equityVillage(c) : undefined;
  const priced = approving ? await priceOffers(c, now, village) : undefined;
  const redemption = village && priced ? await reserveRedemption(c, village, priced.params, now) : undefined;
  const equity =
    redemption?.equity ??
    (input.sharesGoTo && outcome === 'approved'
      ? { ...(c.equity ?? {}), sharesGoTo: input.sharesGoTo }
      : undefined);
  const codes = input.reasonCodes.map((code) => REASON_LABELS[code].zh);
  const next = moveCase(c, STEP_OUTCOMES[step][outcome], {
    actor,
    at: now,
    // the reviewer's words are stored once, in the review; the timeline says what was decided and why in codes
    note: [NOTE[step][input.decision], ...codes].join('；'),
    patch: {
      reviews: [...c.reviews, review],
      pendingTask: undefined,
      // objections heard by the village's review are settled by it
      ...(step === 'village_review' ? settleObjections(c) : {}),
      ...(input.decision === 'reject' ? { rejectedAt: step } : {}),
      ...(claims ? { landClaims: claims.landClaims } : {}),
      ...(priced ? { offers: priced.offers, offeredAt: now, parametersVersion: priced.params.version } : {}),
      ...(equity ? { equity } : {}),
    },
  });
  const extra = [...(claims?.extra ?? []), ...(redemption ? [redemption.item] : [])];
  return {
    read: stored,
    next,
    token: 'consume',
    audit: {
      actor,
      action: step === 'village_review' ? `review.${input.decision}` : `${step}.${input.decision}`,
      reason: [...input.reasonCodes, ...words].join('; '),
      detail: {
        step,
        ...(input.resolution ? { resolution: input.resolution } : {}),
        ...(input.sharesGoTo ? { sharesGoTo: input.sharesGoTo } : {}),
        ...(redemption ? { redemptionYear: redemption.equity.redemptionYear } : {}),
        ...(priced
          ? {
              parametersVersion: priced.params.version,
              offers: priced.offers.map((o) => [o.option, o.amountFen]),
            }
          : {}),
      },
    },
    ...(extra.length > 0 ? { extra } : {}),
    ...(redemption ? { explainRefusal: redemption.explainRefusal } : {}),
    events: [
      caseEvent('ReviewDecided', next, actor, c.status, {
        step,
        decision: input.decision,
        reasonCodes: input.reasonCodes,
        reasons: words,
      }),
      // an announcement of the offers, not a move: ReviewDecided already tells district_approval → offers
      ...(priced ? [offersEvent(next, actor, 'offers')] : []),
    ],
    resume: { token: token.token, output: { outcome } },
  };
}
