import * as z from 'zod';
import type { StoredCase } from '../../adapters/table/caseRepository.js';
import { authorizeResource } from '../../auth/authorization.js';
import type { Principal } from '../../auth/principal.js';
import { resolutionSchema, reviewDecisionSchema } from '../../domain/model/case.js';
import { resolutionProblems, votesExceedPresent } from '../../domain/review/meetingResolution.js';
import type { Person } from '../../domain/review/separationOfDuties.js';
import { conditionalSurrenderGuard } from '../../domain/rights/conditionalGuard.js';
import { Forbidden, RuleRefused } from '../../errors/appError.js';
import { STEP_OUTCOMES } from '../../workflow/contract.js';
import { releaseAll } from '../landClaims.js';
import { caseEvent, moveCase } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';
import { assertMayDecide } from './duties.js';
import { waitingToken } from './waiting.js';

/**
 * POST /cases/{caseId}/review: the village collective's decision with the members' meeting resolution.
 * Counts that cannot be (more votes than members present) and a rejection or return without a reason
 * are bad input (400, in the schema, so the portal can apply the same rule); an approval without a
 * majority and a reason that makes the exit conditional on giving up another right (二(二)3, 二(二)4(3))
 * are refused by rule (422).
 */
export const reviewInputSchema = z
  .strictObject({
    decision: reviewDecisionSchema,
    reasons: z.array(z.string().trim().min(1).max(2000)).max(50),
    resolution: resolutionSchema,
  })
  .superRefine((b, ctx) => {
    if (votesExceedPresent(b.resolution)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolution', 'votesFor'],
        message: 'votes for and against exceed the members present',
      });
    }
    if (b.decision !== 'approve' && b.reasons.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['reasons'],
        message: 'a rejection or return must give at least one reason',
      });
    }
  });
export type ReviewInput = z.infer<typeof reviewInputSchema>;

const OUTCOME = { approve: 'approved', reject: 'rejected', return: 'returned' } as const;
const NOTE = {
  approve: '村集体审核通过，进入公示 / approved by the village, public notice begins',
  reject: '村集体审核不予通过 / rejected by the village',
  return: '退回补正 / returned for correction',
} as const;

function assertVillageReviewer(stored: StoredCase, person: Person & Partial<Principal>): void {
  const c = stored.case;
  const asReviewer = {
    sub: person.sub,
    roles: (person.roles ?? []).filter((r) => r === 'village_reviewer'),
    ...(person.village ? { village: person.village } : {}),
  };
  try {
    authorizeResource('reviewCase', asReviewer, { villageCode: c.village });
  } catch {
    throw new Forbidden(
      {
        zh: '本案件正待村集体审核，您无权办理该环节。',
        en: 'the case awaits the village review, which is not yours to decide',
      },
      { pendingStep: 'village_review' },
    );
  }
}

export function reviewChange(
  stored: StoredCase,
  input: ReviewInput,
  person: Person & Partial<Principal>,
  now: string,
): CaseChange {
  const c = stored.case;
  // 不相容岗位分离: not on the reviewer's own household's case, not after another duty on it
  assertMayDecide(c, person, 'village_review');
  const actor = person.sub;
  const token = waitingToken(stored, 'village_review', { zh: '村集体审核', en: 'village review' });
  // the village's review is the village reviewer's: a town reviewer or a district approver of the area
  // may use the route (their own steps come with the review chain) but never decide this step
  assertVillageReviewer(stored, person);
  const guard = conditionalSurrenderGuard(c.type, input.reasons);
  if (!guard.allowed) {
    throw new RuleRefused(
      {
        zh: '不得以放弃其他权利作为退出条件',
        en: 'an exit may not be made conditional on giving up another right',
      },
      guard.violations.map((v) => ({ path: 'body.reasons', message: v.messageEn, messageZh: v.messageZh })),
      { violations: guard.violations },
    );
  }
  for (const p of resolutionProblems(input.decision, input.resolution)) {
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
  const outcome = OUTCOME[input.decision];
  const review = { ...input, reviewer: actor, at: now };
  // a rejection gives the land back (nothing is signed at review); an appeal has to take it again
  const claims = input.decision === 'reject' ? releaseAll(c) : undefined;
  const next = moveCase(c, STEP_OUTCOMES.village_review[outcome], {
    actor,
    at: now,
    note: [NOTE[input.decision], ...input.reasons].join('；'),
    patch: {
      reviews: [...c.reviews, review],
      pendingTask: undefined,
      // objections heard by this review are settled by it
      objections: c.objections.map((o) => ({ ...o, resolved: true })),
      ...(input.decision === 'reject' ? { rejectedAt: 'village_review' as const } : {}),
      ...(claims ? { landClaims: claims.landClaims } : {}),
    },
  });
  return {
    read: stored,
    next,
    token: 'consume',
    audit: {
      actor,
      action: `review.${input.decision}`,
      reason: input.reasons.join('; '),
      detail: { resolution: input.resolution },
    },
    ...(claims && claims.extra.length > 0 ? { extra: claims.extra } : {}),
    events: [
      caseEvent('ReviewDecided', next, actor, c.status, { decision: input.decision, reasons: input.reasons }),
    ],
    resume: { token: token.token, output: { outcome } },
  };
}
