import type { Case } from '../model/case.js';

/**
 * Separation of duties (不相容岗位分离, DOMAIN.md "Review chain"): on one case one person (`sub`) takes at
 * most one duty, and nobody decides any step of a case their own household applied for (回避). One
 * account may hold several roles (a village cadre is also a villager), so the roles alone cannot keep
 * the duties apart; this rule reads who already decided what on the case. Pure: the command layer
 * (shared/cases/commands/duties.ts) turns a conflict into a 403.
 */

/**
 * The decisions a case records today. Later waves add `town_review` (乡镇审核), `district_approval`
 * (区县审批) and one duty per milestone confirmation: a name here, its words in DUTY_NAMES, and one
 * line in `decisionsOf`.
 */
export const DUTIES = [
  'village_review',
  'town_review',
  'district_approval',
  'fund_approval',
  // each milestone confirmation of the land leg (wave 2)
  'vacated',
  'disposed',
  'certificate_cancelled',
  'handed_over',
  // the collective's payment of a tranche (wave 2): bookkeeping, see BOOKKEEPING_DUTIES
  'collective_payment',
] as const;
export type Duty = (typeof DUTIES)[number];

export const DUTY_NAMES: Record<Duty, { zh: string; en: string }> = {
  village_review: { zh: '村集体审核', en: 'the village review' },
  town_review: { zh: '镇审核', en: 'the town audit' },
  district_approval: { zh: '区审批', en: 'the district approval' },
  fund_approval: { zh: '专项基金垫付审批', en: 'the fund approval' },
  vacated: { zh: '腾退确认', en: 'the confirmation of the vacating' },
  disposed: { zh: '处置登记', en: 'the record of the disposition' },
  certificate_cancelled: { zh: '注销登记', en: 'the certificate cancellation' },
  handed_over: { zh: '承包地交回登记', en: 'the record of the handover' },
  collective_payment: { zh: '村集体支付登记', en: "the record of the collective's payment" },
};

/**
 * Duties that record what someone else did rather than decide (the collective's transfer: the bank's
 * reference is the evidence, and the household confirms it). DOMAIN.md's one-duty-per-person list does
 * not name them, so they exclude no decision and none excludes them; the own-household rule (回避) holds.
 */
export const BOOKKEEPING_DUTIES: readonly Duty[] = ['collective_payment'];

/** One recorded decision: which duty it was and whose (`sub`). */
export interface Decision {
  duty: Duty;
  actor: string;
}

/** Who is about to decide: the signed-in `sub`, and the household they belong to if any (staff may). */
export interface Person {
  sub: string;
  householdId?: string;
}

/** What the rule reads of a case: whose application it is and what it records as decided. */
export type CaseDecisions = Pick<Case, 'householdId' | 'reviews' | 'advance'> & {
  milestones?: Case['milestones'];
};

export type DutyConflict =
  | { kind: 'own_household'; zh: string; en: string }
  | { kind: 'own_proposal'; zh: string; en: string }
  | { kind: 'already_decided'; earlierDuty: Duty; zh: string; en: string };

/** Every decision the case records, with its duty and actor: the one place that knows where they are stored. */
export function decisionsOf(c: CaseDecisions): Decision[] {
  return [
    // each review step is its own duty (a review stored before the chain was the village's)
    ...c.reviews.map((r) => ({ duty: r.step ?? 'village_review', actor: r.reviewer })),
    // a rejection is a decision of the fund approval as much as an approval is
    ...(c.advance?.approvals ?? []).map((a) => ({ duty: 'fund_approval' as const, actor: a.adminId })),
    // each recorded milestone is its recorder's duty
    ...(c.milestones ?? []).map((m) => ({ duty: m.kind, actor: m.actor })),
  ];
}

/**
 * Why `person` may not take `duty` on the case, or undefined when they may. Taking the same duty again is
 * no conflict here: a second village review after a return is the same duty, and a fund administrator's
 * second click on the same approval is that step's own "duplicate" (the four-eyes rule already needs two
 * different administrators).
 */
export function dutyConflict(c: CaseDecisions, person: Person, duty: Duty): DutyConflict | undefined {
  const name = DUTY_NAMES[duty];
  if (person.householdId !== undefined && person.householdId === c.householdId) {
    return {
      kind: 'own_household',
      zh: `本案件由您本户申请，您不能办理本案件的${name.zh}（回避，不相容岗位分离）`,
      en: `your own household applied for this case, so you cannot take ${name.en}; nobody decides any step of their own household's case (separation of duties)`,
    };
  }
  if (BOOKKEEPING_DUTIES.includes(duty)) return undefined;
  const earlier = decisionsOf(c).find((d) => d.actor === person.sub && d.duty !== duty);
  if (!earlier) return undefined;
  const was = DUTY_NAMES[earlier.duty];
  return {
    kind: 'already_decided',
    earlierDuty: earlier.duty,
    zh: `您已在本案件中办理过${was.zh}，不能再办理${name.zh}（不相容岗位分离）`,
    en: `you already took ${was.en} of this case, so you cannot take ${name.en}; one person takes one decision per case (separation of duties)`,
  };
}

/**
 * Four eyes on the fund's own movements (issue 16): a replenishment above the district's threshold and
 * every reversal are proposed by one fund administrator and approved or refused by another. The
 * proposer may not decide their own proposal, approve or refuse alike (they may simply leave it); the
 * command layer (shared/fund/approvals.ts) turns this into the same 403 as dutyConflict's.
 */
export function proposalConflict(
  proposedBy: string,
  person: Person,
  /** who else must decide: a fund administrator (the fund), a district approver (policy parameters, issue 19) */
  decider: { zh: string; en: string } = { zh: '基金管理员', en: 'fund administrator' },
): DutyConflict | undefined {
  if (person.sub !== proposedBy) return undefined;
  return {
    kind: 'own_proposal',
    zh: `此项由您本人提出，须由本区另一名${decider.zh}审批（双人复核，不相容岗位分离）`,
    en: `you proposed this yourself; another ${decider.en} of the district must decide it (four eyes, separation of duties)`,
  };
}
