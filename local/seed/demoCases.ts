import { newId } from '../../shared/adapters/ids.js';
import { getCase, type StoredCase } from '../../shared/adapters/table/caseRepository.js';
import { parametersInForceFor } from '../../shared/adapters/table/policyRepository.js';
import { getVillage } from '../../shared/adapters/table/registryRepository.js';
import type { Principal } from '../../shared/auth/principal.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { type CaseChange, type CaseDecision, isUnchanged } from '../../shared/cases/commands/caseChange.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { createChange } from '../../shared/cases/commands/create.js';
import { type ReviewInput, reviewChange, reviewInputSchema } from '../../shared/cases/commands/review.js';
import { assessCase } from '../../shared/cases/commands/steps/assessCase.js';
import { closeNotice } from '../../shared/cases/commands/steps/closeNotice.js';
import { startNotice } from '../../shared/cases/commands/steps/startNotice.js';
import { submitDecision } from '../../shared/cases/commands/submit.js';
import { chinaDate } from '../../shared/domain/chinaDate.js';
import { REVIEW_STEPS, type ReviewStep } from '../../shared/domain/model/case.js';
import type { Village } from '../../shared/domain/model/village.js';
import { stepSeconds } from '../../shared/workflow/deadlines.js';
import type { LocalUser, UserStore } from '../auth/users.js';
import { demoApplication } from './demoApplications.js';
import { DEMO_HOUSEHOLDS, type Scenario } from './demoData.js';

/**
 * The cases `npm start` puts in place on its first start, one waiting at each review step of the chain
 * 村 → 镇 → 区, so that whoever tries the portal finds work in the village reviewer's, the town reviewer's
 * and the district approver's queue at once.
 *
 * Each history is written by the product's own commands, as the parties would have made it: the
 * household files and submits (createChange, submitDecision), the assessment step checks the rules and
 * takes the land (assessCase), the demo village reviewer approves with the members' meeting resolution
 * (reviewChange), the public notice is announced and closed (startNotice, closeNotice), the demo town
 * reviewer approves. So the findings, the rights check, the land claims, the timeline, the audit trail
 * and the events (inbox notices) are the real ones, not a picture of them.
 *
 * No execution carries a seeded case: each is left in its status without a task token, and the
 * runtime's re-drive on start (local/runtime/redrive.ts, run right after the seed) starts one that
 * resumes at the status and registers the waiting step with its deadline, as after any restart.
 */

/** The household of each waiting case (local/seed/demoData.ts; no demo driver or test files for them). */
export const WAITING_CASES: readonly { step: ReviewStep; scenario: Scenario }[] = [
  { step: 'village_review', scenario: 'waiting_village' },
  { step: 'town_review', scenario: 'waiting_town' },
  { step: 'district_approval', scenario: 'waiting_district' },
];

export interface DemoCase {
  caseId: string;
  step: ReviewStep;
  /** the demo user who can decide the step (the first of the role and scope the step needs) */
  actor: LocalUser;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The pauses between the parties' moves. The history is dated back from the seed's clock so that the
 * timeline reads as it would have happened (filed days ago, the notice its full length); the waiting
 * step's deadline counts from the re-drive, which is when the step is registered.
 */
const PAUSE = { submit: 20 * MINUTE, villageDecision: 2 * DAY, townDecision: DAY, sinceLastMove: DAY };

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

/** The claims the local issuer would sign for the user, as the API reads them (principalFromClaims). */
function principalOf(u: LocalUser): Principal {
  return {
    sub: u.userId,
    roles: [...u.groups],
    ...(u.householdId ? { householdId: u.householdId } : {}),
    ...(u.village ? { village: u.village } : {}),
    ...(u.town ? { town: u.town } : {}),
    ...(u.district ? { district: u.district } : {}),
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

/**
 * A review decision as the API takes it (reviewChange: the reviewer's scope, separation of duties, the
 * meeting resolution, the guard against conditional exits) on a case that no execution carries yet.
 * reviewChange asks for the waiting step's token, so it is shown the case as if its step waited; the
 * change is committed on the case as stored, with no token to consume and nothing to resume.
 */
async function review(caseId: string, reviewer: LocalUser, input: ReviewInput, at: string): Promise<void> {
  const stored = await read(caseId);
  const waiting = { ...stored, pendingToken: { token: 'no-execution', status: stored.case.status } };
  const change = await reviewChange(waiting, input, principalOf(reviewer), at);
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
  const reached = REVIEW_STEPS.indexOf(step);
  const params = await parametersInForceFor(village.districtCode, chinaDate(now));
  // what the state machine's notice Wait would take (shortened under LOCAL_FAST_WAITS, as the runtime's are)
  const notice = stepSeconds(params).public_notice * 1000;
  let at =
    Date.parse(now) -
    PAUSE.submit -
    (reached >= 1 ? PAUSE.villageDecision + notice : 0) -
    (reached >= 2 ? PAUSE.townDecision : 0) -
    PAUSE.sinceLastMove;
  const iso = () => new Date(at).toISOString();

  const applicant = (await user(`applicant-${d.record.householdId}`)).userId;
  const application = demoApplication(d, iso());
  const { caseId } = await commitCaseChange(
    createChange(newId('C', iso()), application, village, applicant, iso()),
  );
  at += PAUSE.submit;
  await commitCaseChange(withoutWorkflow(submitDecision(await read(caseId), applicant, iso())));
  const assessed = await assessCase({ caseId }, iso());
  if (assessed.next !== 'village_review') {
    throw new Error(`demo case ${caseId} of ${scenario} was not found eligible (${assessed.next})`);
  }
  if (reached >= 1) {
    at += PAUSE.villageDecision;
    const resolution = { meetingDate: chinaDate(iso()), membersPresent: 32, votesFor: 29, votesAgainst: 1 };
    const approve = reviewInputSchema.parse({ decision: 'approve', resolution });
    await review(caseId, await user(deciderOf('village_review', village)), approve, iso());
    await startNotice({ caseId }, iso());
    at += notice;
    await closeNotice({ caseId }, iso());
  }
  if (reached >= 2) {
    at += PAUSE.townDecision;
    const approve = reviewInputSchema.parse({ decision: 'approve', reasonCodes: ['facts_verified'] });
    await review(caseId, await user(deciderOf('town_review', village)), approve, iso());
  }
  const status = (await read(caseId)).case.status;
  if (status !== step) throw new Error(`demo case ${caseId} of ${scenario} is ${status}, not ${step}`);
  return { caseId, step, actor: await user(deciderOf(step, village)) };
}

/** Writes the three waiting cases (once, with the rest of the demo data); returns them in the chain's order. */
export async function putDemoCases(users: Pick<UserStore, 'get'>, now: string): Promise<DemoCase[]> {
  const out: DemoCase[] = [];
  for (const w of WAITING_CASES) out.push(await putDemoCase(w, users, now));
  return out;
}
