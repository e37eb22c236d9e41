import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { getVillage } from '../../../adapters/table/registryRepository.js';
import { chinaDate } from '../../../domain/chinaDate.js';
import { assessEligibility, isEligible } from '../../../domain/eligibility/assess.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { Household } from '../../../domain/model/household.js';
import type { RightsCheckResult, Surrender } from '../../../domain/model/rights.js';
import type { Village } from '../../../domain/model/village.js';
import { rightsCheck, scopeOf, scopeSurrenders } from '../../../domain/rights/rightsCheck.js';
import { surrendersDemandedBy } from '../../../domain/rights/villageConditions.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { parametersForCase, parametersInForceToday, stepSeconds } from '../../../workflow/deadlines.js';
import {
  claimTargets,
  holdExactly,
  landHolders,
  readHouseholdAndClaims,
  releaseAll,
} from '../../landClaims.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas, previousWrite } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * Assess (state `Assess`): the eligibility rules and the rights check of DOMAIN.md, on a case that was
 * submitted, resubmitted, or reopened by an appeal (the API has set it to `eligibility`). It moves the
 * case to `eligibility` first, then to `ineligible`, `rights_blocked` or `village_review`, with the
 * findings, the rights check and the parameter version on the case. A case already past the
 * assessment (a re-run after a crash, a withdrawal) gets its route without any write.
 *
 * The move to `village_review` takes the land claims of the case (every parcel, or every plot in scope)
 * in the same transaction; the move to `ineligible` / `rights_blocked` gives back what the case held (a
 * resubmission assessed again). H-NO-DUPLICATE / C-NO-DUPLICATE read the claims, and the cases stored
 * before claims by their status (shared/cases/landClaims.ts).
 */
export const NOTES = {
  started: '开始资格审查 / eligibility assessment started',
  ineligible: '不符合退出条件 / not eligible',
  rightsBlocked: '权益保障检查未通过 / blocked by the rights check',
  eligible: '符合条件，转村集体审核 / eligible, on to village review',
} as const;

/**
 * The surrenders the rights check weighs: the case's own scope, plus whatever the village's adopted
 * exit terms (村规民约) would take. With no such terms this is exactly rightsCheck's default, which
 * cannot fail; the terms are how an exit made conditional on another right reaches `rights_blocked`.
 */
export function surrendersFor(
  c: Pick<Case, 'application'>,
  household: Household,
  village: Village,
): Surrender[] {
  return [...scopeSurrenders(scopeOf(c.application, household)), ...surrendersDemandedBy(village, household)];
}

function failedRules(c: Case): string[] {
  return c.findings.filter((f) => !f.passed).map((f) => f.ruleId);
}

/** The event of the assessment's outcome, built from the case as stored after it (so a re-send matches). */
export function outcomeEvent(c: Case): DomainEvent {
  if (c.status === 'rights_blocked') {
    return caseEvent('RightsChecked', c, WORKFLOW_ACTOR, 'eligibility', {
      passed: false,
      rights: (c.rightsCheck?.violations ?? []).map((v) => v.right),
      parametersVersion: c.parametersVersion,
    });
  }
  return caseEvent('EligibilityAssessed', c, WORKFLOW_ACTOR, 'eligibility', {
    passed: c.status === 'village_review',
    failedRules: failedRules(c),
    ...(c.rightsCheck ? { rightsPassed: c.rightsCheck.passed } : {}),
    parametersVersion: c.parametersVersion,
  });
}

/**
 * The start of the assessment as an event. The move to `eligibility` publishes nothing itself: the
 * outcome write publishes both, so a run that dies between the two writes loses neither (the re-run
 * rebuilds this one from the stored case, same id) and a normal run sends each once.
 */
function startedEvent(c: Case, from: Case['status'] | undefined): DomainEvent {
  return caseEvent('AssessmentStarted', c, WORKFLOW_ACTOR, from);
}

const OUTCOME_NOTE = {
  ineligible: NOTES.ineligible,
  rights_blocked: NOTES.rightsBlocked,
  village_review: NOTES.eligible,
} as const;

async function assess(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  // the household and its land claims in one Query of its partition
  const [{ household, claims: held }, village, params] = await Promise.all([
    readHouseholdAndClaims(c.householdId),
    getVillage(c.village),
    parametersInForceToday(c, now),
  ]);
  // the registry is what the rules check against; without it no finding would mean anything
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  if (!village) throw new Error(`village ${c.village} of case ${c.caseId} is not in the registry`);
  const findings = assessEligibility({
    application: c.application,
    household,
    village,
    params,
    asOf: chinaDate(now),
    // read before deciding: a parcel another case holds is a failing finding, not a failed write
    otherOpenCases: await landHolders(c, household, held),
  });
  let rights: RightsCheckResult | undefined;
  let to: 'ineligible' | 'rights_blocked' | 'village_review' = 'ineligible';
  if (isEligible(findings)) {
    rights = rightsCheck({
      household,
      application: c.application,
      surrenders: surrendersFor(c, household, village),
    });
    to = rights.passed ? 'village_review' : 'rights_blocked';
  }
  // the land is taken with the move to review, in the same transaction; a case that another took meanwhile
  // fails the write, and runStep decides again on what is then stored (and finds the holder)
  const claims =
    to === 'village_review' ? holdExactly(c, claimTargets(c.application, household), now) : releaseAll(c);
  const next = moveCase(c, to, {
    actor: WORKFLOW_ACTOR,
    at: now,
    note: OUTCOME_NOTE[to],
    patch: {
      findings,
      rightsCheck: rights,
      parametersVersion: params.version,
      pendingTask: undefined,
      ...(claims ? { landClaims: claims.landClaims } : {}),
    },
  });
  const started = lastWriteWas(c, 'eligibility', 'assessment.started')
    ? [startedEvent(c, c.timeline.at(-2)?.status)]
    : [];
  return {
    kind: 'write',
    write: {
      next,
      audit: {
        action: `assessment.${to}`,
        reason: to === 'ineligible' ? failedRules(next).join(', ') : undefined,
        detail: {
          parametersVersion: params.version,
          failedRules: failedRules(next),
          ...(rights ? { rightsViolations: rights.violations.map((v) => v.right) } : {}),
        },
      },
      events: [...started, outcomeEvent(next)],
      ...(claims && claims.extra.length > 0 ? { extra: claims.extra } : {}),
    },
    result: {
      value: {
        caseId: c.caseId,
        next: to === 'village_review' ? 'village_review' : 'end',
        seconds: stepSeconds(params),
      },
    },
  };
}

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  switch (c.status) {
    case 'submitted':
    case 'resubmitted':
      return {
        kind: 'write',
        write: {
          next: moveCase(c, 'eligibility', { actor: WORKFLOW_ACTOR, at: now, note: NOTES.started }),
          audit: { action: 'assessment.started' },
          events: [],
        },
      };
    case 'eligibility':
      return assess(stored, now);
    case 'village_review':
    case 'ineligible':
    case 'rights_blocked': {
      // already assessed: the same route, and the events of the outcome write again if this step
      // wrote last (the run that wrote may have died before publishing them)
      const ours = lastWriteWas(c, c.status, `assessment.${c.status}`);
      const seconds = stepSeconds(await parametersForCase(c, now));
      const before = previousWrite(c);
      const started = before && lastWriteWas(before, 'eligibility', 'assessment.started');
      return {
        kind: 'done',
        result: { caseId: c.caseId, next: c.status === 'village_review' ? 'village_review' : 'end', seconds },
        republish: ours
          ? [
              ...(before && started ? [startedEvent(before, before.timeline.at(-2)?.status)] : []),
              outcomeEvent(c),
            ]
          : [],
      };
    }
    case 'withdrawn':
      return { kind: 'done', result: { caseId: c.caseId, next: 'end' } };
    default:
      throw new UnexpectedCaseStatusError('assessCase', c.status);
  }
}

export function assessCase(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, (stored) => decide(stored, now));
}
