import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Errors,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  Pass,
  type RetryProps,
  type State,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import {
  HANDED_OVER,
  type HumanStep,
  type HumanStepOutcome,
  RE_ESCALATION,
  stepOutcomes,
} from '../../shared/workflow/contract.js';

/** The workflow task handlers (functions/workflow/<name>.ts), one Lambda each. */
export const WORKFLOW_TASKS = [
  'loadDeadlines',
  'assessCase',
  'registerTask',
  'escalate',
  'startNotice',
  'closeNotice',
  'openFundReview',
  'reserveParcel',
  'closeCase',
  'recordFailure',
] as const;
export type WorkflowTask = (typeof WORKFLOW_TASKS)[number];

/**
 * Where the execution keeps what it learns (ResultPath), so that no task result overwrites another:
 * - `$.deadlines` loadDeadlines' TaskResult: `seconds.<step>` feeds every TimeoutSecondsPath and the notice
 * - `$.route`     the last routing task's TaskResult: Choice states read `$.route.next`
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

const BACKOFF: Omit<RetryProps, 'errors'> = {
  interval: Duration.seconds(2),
  maxAttempts: 4,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};

/** A plain task that has not answered in this long has timed out (and is retried). */
const PLAIN_TASK_TIMEOUT = Duration.minutes(1);

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
  OpenFundReview: ['agreement_signed'],
  AwaitFundReview: ['fund_review'],
  AwaitFundReviewEscalated: ['fund_review'],
  AwaitFunds: ['awaiting_funds'],
  AwaitFundsEscalated: ['awaiting_funds'],
  Reserve: ['disbursed'],
  Close: ['reserved'],
  Closed: ['closed'],
  Rejected: ['rejected'],
  Withdrawn: ['withdrawn'],
  RecordFailure: ['failed'],
} as const satisfies Record<string, readonly CaseStatus[]>;
type AnnotatedState = keyof typeof STATE_STATUSES;

const STATUS_PREFIX = 'case status: ';

function comment(text: string, state?: AnnotatedState): string {
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
};

/**
 * The whole case life cycle of DOMAIN.md as one Standard state machine (JSONPath, plain ASL: Task,
 * Choice, Wait, Pass, Succeed, Fail — the local runtime runs the same definition). See
 * docs/state-machine.md for the diagram generated from the synthesized template.
 *
 * Guarded human steps: a human step is a `.waitForTaskToken` invocation of registerTask, which stores
 * the token on the case with the status it belongs to; the API's decision is a conditional write that
 * consumes the token, then SendTaskSuccess({outcome}). A deadline (TimeoutSecondsPath from the case's
 * policy parameters) raises States.Timeout, which escalates one level up the ladder (event + notices)
 * and then waits again on the same step with the re-escalation deadline, which escalates again: never
 * dropped, never waiting without a deadline. A withdrawal resumes the waiting step with `withdrawn`,
 * which ends the execution cleanly.
 */
export function buildCaseDefinition(scope: Construct, fns: Record<WorkflowTask, IFunction>): State {
  const caseId = JsonPath.stringAt('$.caseId');

  const caseFailed = new Fail(scope, 'CaseFailed', {
    comment: 'the failure is recorded on the case (status failed, with the cause) and emitted as an event',
    error: 'CaseFailed',
    cause: 'a workflow step failed; see the case (status failed) and its audit trail',
  });
  const recordFailure = new LambdaInvoke(scope, 'RecordFailure', {
    comment: comment('records the caught error on the case and emits CaseFailed', 'RecordFailure'),
    lambdaFunction: fns.recordFailure,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: TaskInput.fromObject({ caseId, error: JsonPath.objectAt(PATHS.error) }),
    resultPath: PATHS.failure,
    taskTimeout: Timeout.duration(PLAIN_TASK_TIMEOUT),
  });
  recordFailure.addRetry({ ...BACKOFF, errors: [...TRANSIENT_LAMBDA_ERRORS, Errors.TIMEOUT] });
  // even when the failure cannot be recorded the execution fails visibly (the failed-executions alarm)
  recordFailure.addCatch(caseFailed, { errors: [Errors.ALL], resultPath: '$.recordFailureError' });
  recordFailure.next(caseFailed);

  /** A Lambda task that runs and returns: transient errors retried with backoff, anything else recorded. */
  const work = (
    id: string,
    fn: IFunction,
    text: string,
    resultPath: string,
    state?: AnnotatedState,
    extra: Record<string, unknown> = {},
  ) => {
    const task = new LambdaInvoke(scope, id, {
      comment: comment(text, state),
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({ caseId, ...extra }),
      resultPath,
      taskTimeout: Timeout.duration(PLAIN_TASK_TIMEOUT),
    });
    task.addRetry({ ...BACKOFF, errors: [...TRANSIENT_LAMBDA_ERRORS, Errors.TIMEOUT] });
    task.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: PATHS.error });
    return task;
  };

  // an answer no Choice knows is a bug somewhere: it is recorded like any failure, never guessed at
  const unroutable = new Pass(scope, 'Unroutable', {
    comment: 'a task or a decision answered with a route this state machine does not know',
    result: {
      value: {
        Error: 'Unroutable',
        Cause:
          'a workflow task or a human decision answered with an outcome the state machine does not route',
      },
    },
    resultPath: PATHS.error,
  });
  unroutable.next(recordFailure);

  const withdrawn = new Succeed(scope, 'Withdrawn', {
    comment: comment('the household withdrew (退出自愿): the execution ends cleanly', 'Withdrawn'),
  });
  const rejected = new Succeed(scope, 'Rejected', {
    comment: comment('rejected; an appeal starts a new execution at the rejecting step', 'Rejected'),
  });
  const assessmentEnded = new Succeed(scope, 'AssessmentEnded', {
    comment: comment('not eligible or rights blocked; an appeal re-runs the assessment', 'AssessmentEnded'),
  });
  const noticeEnded = new Succeed(scope, 'NoticeEnded', {
    comment: 'the case left the public notice otherwise (withdrawn before or during the notice)',
  });
  const closed = new Succeed(scope, 'Closed', { comment: comment('the case is closed', 'Closed') });
  const handedOver = new Succeed(scope, 'HandedOver', {
    comment:
      'a wait could have outlived the execution (a year at most): a new execution resumed the case at its status',
  });

  /**
   * A guarded human step: wait with the step's deadline; when it passes, escalate one level up the
   * ladder and wait again with the re-escalation deadline, looping until someone decides. Every wait has
   * a deadline, so no case is ever left waiting unseen.
   */
  const human = (step: HumanStep, text: string) => {
    const names = HUMAN_STATES[step];
    const wait = (id: AnnotatedState, afterEscalation: boolean) => {
      const task = new LambdaInvoke(scope, id, {
        comment: comment(
          afterEscalation
            ? `${text}, after an escalation: each further deadline tells the next level up`
            : `${text}; the deadline escalates`,
          id,
        ),
        lambdaFunction: fns.registerTask,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        retryOnServiceExceptions: false,
        // `escalated`: registerTask then stores the due date this wait times out on (not the step's)
        payload: TaskInput.fromObject({
          caseId,
          step,
          taskToken: JsonPath.taskToken,
          // a wait that could outlive the execution hands the case over (shared/workflow/executionLifetime.ts)
          executionStartedAt: JsonPath.stringAt('$$.Execution.StartTime'),
          ...(afterEscalation ? { escalated: true } : {}),
        }),
        resultPath: PATHS.human,
        taskTimeout: Timeout.at(`${PATHS.deadlines}.seconds.${afterEscalation ? RE_ESCALATION : step}`),
      });
      // States.Timeout is not retried here: on a human step it means the deadline passed
      task.addRetry({ ...BACKOFF, errors: TRANSIENT_LAMBDA_ERRORS });
      return task;
    };
    const first = wait(names.state, false);
    const escalated = wait(names.escalated, true);
    const escalate = work(
      `Escalate${names.state.replace(/^Await/, '')}`,
      fns.escalate,
      `the ${step} deadline passed: one level up the escalation ladder (event and notifications)`,
      JsonPath.DISCARD,
      undefined,
      { step },
    );
    first.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: PATHS.timeout });
    first.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: PATHS.error });
    // the loop: every missed re-escalation deadline escalates again, one level higher
    escalated.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: PATHS.timeout });
    escalated.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: PATHS.error });
    escalate.next(escalated);
    const outcome = new Choice(scope, `${names.state.replace(/^Await/, '')}Outcome`, {
      comment: `routes the ${step} decision ($.human.outcome)`,
    });
    first.next(outcome);
    escalated.next(outcome);
    outcome.when(Condition.stringEquals(`${PATHS.human}.outcome`, HANDED_OVER), handedOver);
    const when = (value: HumanStepOutcome['outcome'], next: State) => {
      if (!names.outcomes.includes(value)) throw new Error(`${step} has no outcome ${value}`);
      outcome.when(Condition.stringEquals(`${PATHS.human}.outcome`, value), next);
    };
    return { first, outcome, when };
  };

  // --- the states, in life-cycle order ---
  const loadDeadlines = work(
    'LoadDeadlines',
    fns.loadDeadlines,
    'reads the case policy parameters: every human-step deadline and the notice, in seconds',
    PATHS.deadlines,
  );
  const assess = work(
    'Assess',
    fns.assessCase,
    'eligibility rules and the rights check',
    PATHS.route,
    'Assess',
  );
  const review = human('village_review', 'village collective review (村集体审核)');
  const resubmission = human('resubmission', 'the household corrects and resubmits');
  const startNotice = work(
    'StartNotice',
    fns.startNotice,
    'opens the public notice (公示)',
    PATHS.notice,
    'StartNotice',
  );
  const noticePeriod = new Wait(scope, 'NoticePeriod', {
    comment: comment('the public notice runs its days from the policy parameters', 'NoticePeriod'),
    time: WaitTime.secondsPath(`${PATHS.deadlines}.seconds.public_notice`),
  });
  const closeNotice = work(
    'CloseNotice',
    fns.closeNotice,
    'ends the notice: an unresolved objection sends the case back to the village, else the town audits',
    PATHS.route,
  );
  const townReview = human('town_review', 'the town audits the case (乡镇人民政府审核)');
  const districtApproval = human(
    'district_approval',
    'the district approves the case (区县审批); its approval prices the offers',
  );
  const choice = human('resettlement_choice', 'the household chooses a resettlement option and signs');
  const openFundReview = work(
    'OpenFundReview',
    fns.openFundReview,
    'asks the special fund for the advance (先行垫付)',
    PATHS.route,
    'OpenFundReview',
  );
  const fundReview = human(
    'fund_review',
    'fund administrators decide the advance (four eyes above the threshold)',
  );
  const funds = human('awaiting_funds', 'the approved advance waits in the FIFO fund queue for money');
  const reserve = work(
    'Reserve',
    fns.reserveParcel,
    'the paid parcel enters the district reserve (收储)',
    PATHS.route,
    'Reserve',
  );
  const close = work('Close', fns.closeCase, 'closes the case', PATHS.route, 'Close');

  // --- the routes ---
  const resumeFrom = new Choice(scope, 'ResumeFrom', {
    comment: 'a new case starts at the assessment; an appeal or a re-drive resumes at its status',
  });
  const resume = (status: CaseStatus, next: State) =>
    resumeFrom.when(Condition.stringEquals('$.resumeFrom', status), next);
  resumeFrom.when(Condition.isNotPresent('$.resumeFrom'), assess);
  resume('submitted', assess);
  resume('eligibility', assess);
  resume('resubmitted', assess);
  resume('village_review', review.first);
  resume('returned', resubmission.first);
  resume('public_notice', startNotice);
  resume('town_review', townReview.first);
  resume('district_approval', districtApproval.first);
  resume('offers', choice.first);
  resume('agreement_signed', openFundReview);
  resume('fund_review', fundReview.first);
  resume('awaiting_funds', funds.first);
  resume('disbursed', reserve);
  resume('reserved', close);
  resumeFrom.otherwise(
    new Fail(scope, 'InvalidResumePoint', {
      comment: 'the execution input names no status the workflow resumes from; the case is left untouched',
      error: 'InvalidResumePoint',
      cause: 'resumeFrom must be a status of an open case',
    }),
  );
  loadDeadlines.next(resumeFrom);

  assess.next(
    new Choice(scope, 'AssessRoute', { comment: 'eligible and rights kept → village review; else ended' })
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'village_review'), review.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'end'), assessmentEnded)
      .otherwise(unroutable),
  );

  review.when('approved', startNotice);
  review.when('returned', resubmission.first);
  review.when('rejected', rejected);
  review.when('withdrawn', withdrawn);
  review.outcome.otherwise(unroutable);

  resubmission.when('resubmitted', assess);
  resubmission.when('withdrawn', withdrawn);
  resubmission.outcome.otherwise(unroutable);

  startNotice.next(
    new Choice(scope, 'NoticeStartRoute', {
      comment: 'the notice runs; a re-driven case already past it, or withdrawn, goes where it is',
    })
      .when(Condition.stringEquals(`${PATHS.notice}.next`, 'public_notice'), noticePeriod)
      .when(Condition.stringEquals(`${PATHS.notice}.next`, 'village_review'), review.first)
      .when(Condition.stringEquals(`${PATHS.notice}.next`, 'town_review'), townReview.first)
      .when(Condition.stringEquals(`${PATHS.notice}.next`, 'district_approval'), districtApproval.first)
      .when(Condition.stringEquals(`${PATHS.notice}.next`, 'resettlement_choice'), choice.first)
      .when(Condition.stringEquals(`${PATHS.notice}.next`, 'end'), noticeEnded)
      .otherwise(unroutable),
  );
  noticePeriod.next(closeNotice);
  closeNotice.next(
    new Choice(scope, 'NoticeRoute', { comment: 'objection → the village again; none → the town' })
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'village_review'), review.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'town_review'), townReview.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'resettlement_choice'), choice.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'end'), noticeEnded)
      .otherwise(unroutable),
  );

  townReview.when('approved', districtApproval.first);
  townReview.when('returned', resubmission.first);
  townReview.when('rejected', rejected);
  townReview.when('withdrawn', withdrawn);
  townReview.outcome.otherwise(unroutable);

  districtApproval.when('approved', choice.first);
  districtApproval.when('returned', resubmission.first);
  districtApproval.when('rejected', rejected);
  districtApproval.when('withdrawn', withdrawn);
  districtApproval.outcome.otherwise(unroutable);

  choice.when('chosen', openFundReview);
  choice.when('withdrawn', withdrawn);
  choice.outcome.otherwise(unroutable);

  openFundReview.next(fundReview.first);
  fundReview.when('paid', reserve);
  fundReview.when('queued', funds.first);
  fundReview.when('rejected', rejected);
  fundReview.when('withdrawn', withdrawn);
  fundReview.outcome.otherwise(unroutable);

  funds.when('paid', reserve);
  funds.when('rejected', rejected);
  funds.outcome.otherwise(unroutable);

  reserve.next(close);
  close.next(closed);

  return loadDeadlines;
}
