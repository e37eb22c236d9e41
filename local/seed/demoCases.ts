import { getCase, type StoredCase } from '../../shared/adapters/table/caseRepository.js';
import { parametersInForceFor } from '../../shared/adapters/table/policyRepository.js';
import { getVillage } from '../../shared/adapters/table/registryRepository.js';
import { withActorName } from '../../shared/auth/actorName.js';
import type { Principal } from '../../shared/auth/principal.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { type CaseChange, type CaseDecision, isUnchanged } from '../../shared/cases/commands/caseChange.js';
import { chooseChange } from '../../shared/cases/commands/choose.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { type ReviewInput, reviewChange, reviewInputSchema } from '../../shared/cases/commands/review.js';
import { assessCase } from '../../shared/cases/commands/steps/assessCase.js';
import { closeNotice } from '../../shared/cases/commands/steps/closeNotice.js';
import { startCoolingOff } from '../../shared/cases/commands/steps/startCoolingOff.js';
import { startNotice } from '../../shared/cases/commands/steps/startNotice.js';
import { submitDecision } from '../../shared/cases/commands/submit.js';
import { fileCase } from '../../shared/cases/fileCase.js';
import { chinaDate } from '../../shared/domain/chinaDate.js';
import type { PendingTaskKind, ReviewStep } from '../../shared/domain/model/case.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import type { Village } from '../../shared/domain/model/village.js';
import { stepSeconds } from '../../shared/workflow/deadlines.js';
import type { LocalUser, UserStore } from '../auth/users.js';
import { demoApplication } from './demoApplications.js';
import { DEMO_HOUSEHOLDS, type Scenario } from './demoData.js';
import { isEquityScenario } from './demoEquity.js';

/**
 * The cases `npm start` puts in place on its first start, so that whoever tries the portal finds work in
 * every queue at once: a homestead case waiting at each review step of the chain 村 → 镇 → 区, and an
 * equity exit (二(二)5) at each main step of its path: the village review (whose approval says where the
 * shares go), the town's audit, the district's approval, the offers (the district approved: priced at the
 * collective's share value, the shares taken from this year's redemption quota), and signed with its
 * cooling-off over, which the re-drive moves on to the collective's payment.
 *
 * Each history is written by the product's own commands, as the parties would have made it: the
 * household files and submits (createChange, submitDecision), the assessment step checks the rules and
 * takes the land (assessCase), the demo village reviewer approves with the members' meeting resolution
 * (reviewChange), the public notice is announced and closed (startNotice, closeNotice), the demo town
 * reviewer and district approver approve (reviewChange), the household signs (chooseChange) and the
 * cooling-off starts (startCoolingOff). So the findings, the rights check, the land claims, the offers,
 * the redemption quota, the agreement, the timeline, the audit trail and the events (inbox notices) are
 * the real ones, not a picture of them.
 *
 * No execution carries a seeded case: each is left in its status without a task token, and the
 * runtime's re-drive on start (local/runtime/redrive.ts, run right after the seed) starts one that
 * resumes at the status and registers the waiting step with its deadline, as after any restart; the
 * signed case's execution finds the cooling-off over and opens the collective's payment.
 */

/** Where a demo case is left: a review step, the offers, or signed with its cooling-off over. */
export type DemoCaseStep = ReviewStep | 'offers' | 'cooling_off';

/** The steps in the order a case passes them. */
const CHAIN: readonly DemoCaseStep[] = [
  'village_review',
  'town_review',
  'district_approval',
  'offers',
  'cooling_off',
];

/** The household of each waiting case (local/seed/demoData.ts; no demo driver or test files for them). */
export const WAITING_CASES: readonly { step: DemoCaseStep; scenario: Scenario }[] = [
  { step: 'village_review', scenario: 'waiting_village' },
  { step: 'town_review', scenario: 'waiting_town' },
  { step: 'district_approval', scenario: 'waiting_district' },
  { step: 'village_review', scenario: 'waiting_equity_village' },
  { step: 'town_review', scenario: 'waiting_equity_town' },
  { step: 'district_approval', scenario: 'waiting_equity_district' },
  { step: 'offers', scenario: 'waiting_equity_offers' },
  { step: 'cooling_off', scenario: 'waiting_equity_payment' },
];

/** Where the re-drive leaves a case seeded at the step: the status it waits in, and its task. */
export function waitsAfterRedrive(step: DemoCaseStep): { status: CaseStatus; task: PendingTaskKind } {
  switch (step) {
    case 'offers':
      return { status: 'offers', task: 'resettlement_choice' };
    case 'cooling_off':
      // the cooling-off is over: the collective pays (equity: all of it), the village records it
      return { status: 'paying', task: 'collective_payment' };
    default:
      return { status: step, task: step };
  }
}

export interface DemoCase {
  caseId: string;
  step: DemoCaseStep;
  /** the demo user who can act on the case once re-driven (the first of the role and scope it needs) */
  actor: LocalUser;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The pauses between the parties' moves. The history is dated back from the seed's clock so that the
 * timeline reads as it would have happened (filed days ago, the notice and the cooling-off their full
 * length, so the signed case's cooling-off is over by the start); the waiting step's deadline counts from
 * the re-drive, which is when the step is registered.
 */
const PAUSE = {
  submit: 20 * MINUTE,
  villageDecision: 2 * DAY,
  townDecision: DAY,
  districtDecision: DAY,
  choice: 2 * DAY,
  sinceLastMove: DAY,
};

/** Who decides each review step of a case of this village: the demo users of local/runtime/seed.ts. */
export function deciderOf(step: ReviewStep, village: Pick<Village, 'villageCode' | 'districtCode'>): string {
  switch (step) {
    case 'village_review':
      return `reviewer-${village.villageCode}`;
    case 'town_review':
      return `town-reviewer-${townOfVillage(village.villageCode)}`;
    case 'district_approval':
      return `district-approver-${village.districtCode}`;
  }
}

/**
 * Who acts on a case of this household once it is re-driven: the decider of a review step, the
 * household at the offers, the village's clerk who records the collective's payment after the
 * cooling-off (not its reviewer, who decided the village review: one duty per person and case).
 */
export function actorOf(
  step: DemoCaseStep,
  village: Pick<Village, 'villageCode' | 'districtCode'>,
  householdId: string,
): string {
  switch (step) {
    case 'offers':
      return `applicant-${householdId}`;
    case 'cooling_off':
      return `village-clerk-${village.villageCode}`;
    default:
      return deciderOf(step, village);
  }
}

/** The claims the local issuer would sign for the user, as the API reads them (principalFromClaims). */
function principalOf(u: LocalUser): Principal {
  return {
    sub: u.userId,
    roles: [...u.groups],
    ...(u.householdId ? { householdId: u.householdId } : {}),
    ...(u.village ? { village: u.village } : {}),
    ...(u.town ? { town: u.town } : {}),
    ...(u.district ? { district: u.district } : {}),
    ...((u.name ?? u.displayName) ? { name: u.name ?? u.displayName } : {}),
  };
}

async function read(caseId: string): Promise<StoredCase> {
  const stored = await getCase(caseId);
  if (!stored) throw new Error(`demo case ${caseId} is not stored`);
  return stored;
}

/** A decision committed as history: the execution it would start or resume is the re-drive's. */
function withoutWorkflow(decision: CaseDecision): CaseChange {
  if (isUnchanged(decision)) throw new Error(`demo case ${decision.unchanged.case.caseId}: nothing to write`);
  return { ...decision, start: undefined, resume: undefined };
}

/** The case as if the workflow waited at its status: the commands ask for the waiting step's token. */
function waiting(stored: StoredCase): StoredCase {
  return { ...stored, pendingToken: { token: 'no-execution', status: stored.case.status } };
}

/**
 * A review decision as the API takes it (reviewChange: the reviewer's scope, separation of duties, the
 * meeting resolution, the guard against conditional exits; at the district, the offers and the equity
 * redemption quota) on a case that no execution carries yet. reviewChange asks for the waiting step's
 * token, so it is shown the case as if its step waited; the change is committed on the case as stored,
 * with no token to consume and nothing to resume.
 */
async function review(caseId: string, reviewer: LocalUser, input: ReviewInput, at: string): Promise<void> {
  const stored = await read(caseId);
  const principal = principalOf(reviewer);
  const change = await reviewChange(waiting(stored), input, principal, at);
  // the timeline names the reviewer as a request of theirs would (their token's `name`)
  await withActorName(principal, () =>
    commitCaseChange({ ...withoutWorkflow(change), read: stored, token: 'keep' }),
  );
}

/** The household's choice of the cash offer, which signs the agreement (chooseChange), the same way. */
async function sign(caseId: string, applicant: string, at: string): Promise<void> {
  const stored = await read(caseId);
  const change = await chooseChange(waiting(stored), 'cash', applicant, at);
  await commitCaseChange({ ...withoutWorkflow(change), read: stored, token: 'keep' });
}

async function putDemoCase(
  { step, scenario }: (typeof WAITING_CASES)[number],
  users: Pick<UserStore, 'get'>,
  now: string,
): Promise<DemoCase> {
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === scenario);
  if (!d) throw new Error(`no demo household for ${scenario}`);
  const village = await getVillage(d.record.villageCode);
  if (!village) throw new Error(`village ${d.record.villageCode} of ${scenario} is not seeded`);
  const user = async (userId: string) => {
    const u = await users.get(userId);
    if (!u) throw new Error(`no demo user ${userId}`);
    return u;
  };
  const reached = CHAIN.indexOf(step);
  const params = await parametersInForceFor(village.districtCode, chinaDate(now));
  // what the state machine's Waits would take (shortened under LOCAL_FAST_WAITS, as the runtime's are)
  const seconds = stepSeconds(params);
  const notice = seconds.public_notice * 1000;
  const coolingOff = seconds.cooling_off * 1000;
  // the moves after the filing, each after its pause; the history ends a little before `now`
  const moves: { pause: number; move: (caseId: string, at: string) => Promise<void> }[] = [];
  if (reached >= 1) {
    moves.push({
      pause: PAUSE.villageDecision,
      move: async (caseId, at) => {
        const resolution = { meetingDate: chinaDate(at), membersPresent: 32, votesFor: 29, votesAgainst: 1 };
        // the members' meeting of an equity exit also says where the shares go (纳入集体股)
        const sharesGoTo = isEquityScenario(scenario) ? 'collective_share' : undefined;
        const approve = reviewInputSchema.parse({ decision: 'approve', resolution, sharesGoTo });
        await review(caseId, await user(deciderOf('village_review', village)), approve, at);
        await startNotice({ caseId }, at);
      },
    });
    moves.push({ pause: notice, move: (caseId, at) => closeNotice({ caseId }, at).then(() => undefined) });
  }
  for (const [i, chainStep, pause] of [
    [2, 'town_review', PAUSE.townDecision],
    [3, 'district_approval', PAUSE.districtDecision],
  ] as const) {
    if (reached < i) continue;
    moves.push({
      pause,
      move: async (caseId, at) => {
        const approve = reviewInputSchema.parse({ decision: 'approve', reasonCodes: ['facts_verified'] });
        await review(caseId, await user(deciderOf(chainStep, village)), approve, at);
      },
    });
  }
  if (reached >= 4) {
    moves.push({
      pause: PAUSE.choice,
      move: async (caseId, at) => {
        await sign(caseId, `applicant-${d.record.householdId}`, at);
        // the signature starts the cooling-off at once; it ends `coolingOff` later, before `now`
        await startCoolingOff({ caseId }, at);
      },
    });
    moves.push({ pause: coolingOff, move: async () => undefined });
  }
  let at = Date.parse(now) - PAUSE.submit - moves.reduce((sum, m) => sum + m.pause, 0) - PAUSE.sinceLastMove;
  const iso = () => new Date(at).toISOString();

  const applicant = (await user(`applicant-${d.record.householdId}`)).userId;
  const application = demoApplication(d, iso());
  // numbered and named like a filing through the API (issue 18)
  const { caseId } = await fileCase(application, d.record, village, applicant, iso());
  at += PAUSE.submit;
  await commitCaseChange(withoutWorkflow(submitDecision(await read(caseId), applicant, iso())));
  const assessed = await assessCase({ caseId }, iso());
  if (assessed.next !== 'village_review') {
    throw new Error(`demo case ${caseId} of ${scenario} was not found eligible (${assessed.next})`);
  }
  for (const m of moves) {
    at += m.pause;
    await m.move(caseId, iso());
  }
  const status = (await read(caseId)).case.status;
  if (status !== step) throw new Error(`demo case ${caseId} of ${scenario} is ${status}, not ${step}`);
  return { caseId, step, actor: await user(actorOf(step, village, d.record.householdId)) };
}

/** Writes the waiting cases (once, with the rest of the demo data); returns them in WAITING_CASES' order. */
export async function putDemoCases(users: Pick<UserStore, 'get'>, now: string): Promise<DemoCase[]> {
  const out: DemoCase[] = [];
  for (const w of WAITING_CASES) out.push(await putDemoCase(w, users, now));
  return out;
}
