import { Duration } from 'aws-cdk-lib';
import type { RetryProps } from 'aws-cdk-lib/aws-stepfunctions';
import { JitterType } from 'aws-cdk-lib/aws-stepfunctions';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { type HumanStep, type HumanStepOutcome, stepOutcomes } from '../../shared/workflow/contract.js';

/**
 * The case state machine's vocabulary, apart from its wiring (./caseDefinition.ts): the task Lambdas,
 * where results live, the retry policy, which case status each state stands for, and the human steps'
 * states. Tests and the diagram read these without building the definition.
 */
/** The workflow task handlers (functions/workflow/<name>.ts), one Lambda each. */
export const WORKFLOW_TASKS = [
  'loadDeadlines',
  'assessCase',
  'registerTask',
  'escalate',
  'startNotice',
  'closeNotice',
  'startCoolingOff',
  'openFundReview',
  'reserveParcel',
  'closeCase',
  'recordFailure',
] as const;
export type WorkflowTask = (typeof WORKFLOW_TASKS)[number];

/**
 * Where the execution keeps what it learns (ResultPath), so that no task result overwrites another:
 * - `$.deadlines` the TaskResult of Assess (a new case) or of loadDeadlines (a resumed execution):
 *                 `seconds.<step>` feeds every TimeoutSecondsPath and the notice; AssessRoute reads its `next`
 * - `$.route`     the last other routing task's TaskResult: Choice states read `$.route.next`
 * - `$.notice`    startNotice's TaskResult: `$.notice.next` says whether the notice runs
 * - `$.human`     the HumanStepOutcome a decision handler sent with SendTaskSuccess: `$.human.outcome`
 * - `$.timeout`   the States.Timeout of a human step's latest escalation
 * - `$.error`     what a Catch caught ({Error, Cause}), handed to recordFailure
 * - `$.failure`   recordFailure's result
 * Plain tasks use payloadResponseOnly, so a result is the handler's return value itself.
 */
export const PATHS = {
  deadlines: '$.deadlines',
  route: '$.route',
  notice: '$.notice',
  human: '$.human',
  timeout: '$.timeout',
  error: '$.error',
  failure: '$.failure',
} as const;

/** Lambda's transient errors (AWS's recommended retry set for Lambda tasks). */
export const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

export const BACKOFF: Omit<RetryProps, 'errors'> = {
  interval: Duration.seconds(2),
  maxAttempts: 4,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};

/** A plain task that has not answered in this long has timed out (and is retried). */
export const PLAIN_TASK_TIMEOUT = Duration.minutes(1);

/**
 * The case status a case has while an execution is in each state, written into the state's Comment
 * so that the synthesized definition itself says where every life-cycle status lives (the tests walk
 * it; docs/state-machine.md shows it). `draft` is before any execution: submitting starts one.
 */
export const STATE_STATUSES = {
  Assess: ['submitted', 'resubmitted', 'eligibility'],
  AssessmentEnded: ['ineligible', 'rights_blocked'],
  AwaitReview: ['village_review'],
  AwaitReviewEscalated: ['village_review'],
  AwaitResubmission: ['returned'],
  AwaitResubmissionEscalated: ['returned'],
  StartNotice: ['public_notice'],
  NoticePeriod: ['public_notice'],
  AwaitTownReview: ['town_review'],
  AwaitTownReviewEscalated: ['town_review'],
  AwaitDistrictApproval: ['district_approval'],
  AwaitDistrictApprovalEscalated: ['district_approval'],
  AwaitChoice: ['offers'],
  AwaitChoiceEscalated: ['offers'],
  StartCoolingOff: ['agreement_signed', 'cooling_off'],
  CoolingOffPeriod: ['cooling_off'],
  OpenFundReview: ['cooling_off'],
  Rescinded: ['rescinded'],
  AwaitFundReview: ['fund_review'],
  AwaitFundReviewEscalated: ['fund_review'],
  AwaitFunds: ['awaiting_funds'],
  AwaitFundsEscalated: ['awaiting_funds'],
  Reserve: ['disbursed'],
  AwaitVacated: ['vacating'],
  AwaitVacatedEscalated: ['vacating'],
  AwaitDisposed: ['disposing'],
  AwaitDisposedEscalated: ['disposing'],
  AwaitCancellation: ['cancelling'],
  AwaitCancellationEscalated: ['cancelling'],
  AwaitHandover: ['handing_over'],
  AwaitHandoverEscalated: ['handing_over'],
  AwaitCollectivePayment: ['paying'],
  AwaitCollectivePaymentEscalated: ['paying'],
  Close: ['reserved'],
  Closed: ['closed'],
  Rejected: ['rejected'],
  Withdrawn: ['withdrawn'],
  RecordFailure: ['failed'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type AnnotatedState = keyof typeof STATE_STATUSES;

const STATUS_PREFIX = 'case status: ';

export function comment(text: string, state?: AnnotatedState): string {
  return state ? `${text} (${STATUS_PREFIX}${STATE_STATUSES[state].join(', ')})` : text;
}

/** The statuses a state's Comment declares; the inverse of `comment`, for tests and the diagram. */
export function statusesInComment(text: string | undefined): CaseStatus[] {
  const match = text ? /\(case status: ([a-z_, ]+)\)$/.exec(text) : null;
  return match?.[1] ? (match[1].split(', ') as CaseStatus[]) : [];
}

/** Which human step each waiting state is, and the outcomes its Choice routes (STEP_OUTCOMES). */
export const HUMAN_STATES: Record<
  HumanStep,
  { state: AnnotatedState; escalated: AnnotatedState; outcomes: readonly HumanStepOutcome['outcome'][] }
> = {
  village_review: {
    state: 'AwaitReview',
    escalated: 'AwaitReviewEscalated',
    outcomes: stepOutcomes('village_review'),
  },
  town_review: {
    state: 'AwaitTownReview',
    escalated: 'AwaitTownReviewEscalated',
    outcomes: stepOutcomes('town_review'),
  },
  district_approval: {
    state: 'AwaitDistrictApproval',
    escalated: 'AwaitDistrictApprovalEscalated',
    outcomes: stepOutcomes('district_approval'),
  },
  resubmission: {
    state: 'AwaitResubmission',
    escalated: 'AwaitResubmissionEscalated',
    outcomes: stepOutcomes('resubmission'),
  },
  resettlement_choice: {
    state: 'AwaitChoice',
    escalated: 'AwaitChoiceEscalated',
    outcomes: stepOutcomes('resettlement_choice'),
  },
  fund_review: {
    state: 'AwaitFundReview',
    escalated: 'AwaitFundReviewEscalated',
    outcomes: stepOutcomes('fund_review'),
  },
  awaiting_funds: {
    state: 'AwaitFunds',
    escalated: 'AwaitFundsEscalated',
    outcomes: stepOutcomes('awaiting_funds'),
  },
  vacated: { state: 'AwaitVacated', escalated: 'AwaitVacatedEscalated', outcomes: stepOutcomes('vacated') },
  disposed: {
    state: 'AwaitDisposed',
    escalated: 'AwaitDisposedEscalated',
    outcomes: stepOutcomes('disposed'),
  },
  certificate_cancelled: {
    state: 'AwaitCancellation',
    escalated: 'AwaitCancellationEscalated',
    outcomes: stepOutcomes('certificate_cancelled'),
  },
  handed_over: {
    state: 'AwaitHandover',
    escalated: 'AwaitHandoverEscalated',
    outcomes: stepOutcomes('handed_over'),
  },
  collective_payment: {
    state: 'AwaitCollectivePayment',
    escalated: 'AwaitCollectivePaymentEscalated',
    outcomes: stepOutcomes('collective_payment'),
  },
};
