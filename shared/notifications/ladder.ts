import type { HumanStep } from '../workflow/contract.js';

/**
 * The escalation ladder (督办, DOMAIN.md wave 2): who is told each time a human step's deadline passes.
 * A missed deadline tells the step's own party and the level above it; every further missed deadline
 * (the step waits `reEscalationDays` again after each) goes one level higher, and the top rung repeats
 * until someone decides. Village → town → district → the city's auditors (per district); the household's
 * own steps go to the village, which helps the household, and stay there; the fund's go to the auditors.
 */
export type Audience =
  | 'household'
  | 'village'
  | 'town'
  | 'district'
  | 'fund'
  | 'auditor'
  | 'land'
  | 'registrar';

/** Step → audiences by escalation level (index 0 is the first escalation); the last rung repeats. */
export const ESCALATION_LADDER: Record<HumanStep, readonly (readonly Audience[])[]> = {
  village_review: [['village', 'town'], ['district'], ['auditor']],
  town_review: [['town', 'district'], ['auditor']],
  district_approval: [['district', 'auditor'], ['auditor']],
  resubmission: [['household', 'village'], ['village']],
  resettlement_choice: [['household', 'village'], ['village']],
  fund_review: [['fund', 'auditor'], ['auditor']],
  awaiting_funds: [['fund', 'auditor'], ['auditor']],
  // the land leg (wave 2): the village sees to the vacating and the handover, the district's land
  // officers to the disposition, the registrars to the cancellation; above them the district, then audit
  vacated: [['village', 'town'], ['district'], ['auditor']],
  handed_over: [['village', 'town'], ['district'], ['auditor']],
  disposed: [['land', 'district'], ['auditor']],
  certificate_cancelled: [['registrar', 'district'], ['auditor']],
  // the collective's payment and the household's receipt: the village answers for both; then the town
  // (which also hears every dispute), the district, the auditors
  collective_payment: [['village', 'town'], ['district'], ['auditor']],
};

/** Who must act on each step: the first audience of its first rung. */
export const RESPONSIBLE = Object.fromEntries(
  Object.entries(ESCALATION_LADDER).map(([step, rungs]) => [step, rungs[0]?.[0]]),
) as Record<HumanStep, Audience>;

/** Who the `level`-th escalation (1, 2, …) of a step tells. */
export function escalationAudiences(step: HumanStep, level: number): readonly Audience[] {
  const rungs = ESCALATION_LADDER[step];
  return rungs[Math.min(Math.max(level, 1), rungs.length) - 1] ?? [];
}

/** The audiences as staff name them, for the timeline and the notices (Chinese first). */
export const AUDIENCE_TEXT: Record<Audience, { zh: string; en: string }> = {
  household: { zh: '申请农户', en: 'the household' },
  village: { zh: '村审核员', en: 'the village reviewers' },
  town: { zh: '镇审核员', en: 'the town reviewers' },
  district: { zh: '区审批员', en: 'the district approvers' },
  fund: { zh: '基金管理员', en: 'the fund administrators' },
  auditor: { zh: '审计员', en: 'the auditors' },
  land: { zh: '自然资源部门经办人', en: 'the land officers' },
  registrar: { zh: '不动产登记员', en: 'the registrars' },
};
