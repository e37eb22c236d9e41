import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Errors,
  Fail,
  JsonPath,
  Pass,
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
  type AnnotatedState,
  BACKOFF,
  comment,
  PATHS,
  PLAIN_TASK_TIMEOUT,
  TRANSIENT_LAMBDA_ERRORS,
  type WorkflowTask,
} from './caseStates.js';
import { humanSteps } from './humanStep.js';

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
  const continued = new Succeed(scope, 'ContinuedInNewExecution', {
    comment:
      'a wait could have outlived the execution (a year at most): a new execution resumed the case at its status',
  });

  const human = humanSteps(scope, {
    registerTask: fns.registerTask,
    escalate: (id, text, step) => work(id, fns.escalate, text, JsonPath.DISCARD, undefined, { step }),
    recordFailure,
    continued,
  });

  // --- the states, in life-cycle order ---
  const loadDeadlines = work(
    'LoadDeadlines',
    fns.loadDeadlines,
    'a resumed execution: reads the case policy parameters, every human-step deadline and the notice, in seconds',
    PATHS.deadlines,
  );
  // the assessment reads the parameters anyway and answers the deadlines with its route, so a new case
  // needs no LoadDeadlines (two requests and a transition less): its result is kept at $.deadlines
  const assess = work(
    'Assess',
    fns.assessCase,
    'eligibility rules and the rights check; answers the deadlines of the parameters it assessed with',
    PATHS.deadlines,
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
  const startCoolingOff = work(
    'StartCoolingOff',
    fns.startCoolingOff,
    'the signature starts the cooling-off (冷静期): the household may still rescind',
    PATHS.route,
    'StartCoolingOff',
  );
  const coolingOffPeriod = new Wait(scope, 'CoolingOffPeriod', {
    comment: comment(
      'the cooling-off runs out (what is left of it: a re-drive waits the rest)',
      'CoolingOffPeriod',
    ),
    time: WaitTime.secondsPath(`${PATHS.route}.waitSeconds`),
  });
  const rescindedEnd = new Succeed(scope, 'Rescinded', {
    comment: comment(
      'the household rescinded in the cooling-off: nothing was paid, the land is free',
      'Rescinded',
    ),
  });
  const openFundReview = work(
    'OpenFundReview',
    fns.openFundReview,
    'the cooling-off is over: asks the special fund for the advance (先行垫付)',
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
  const close = work(
    'Close',
    fns.closeCase,
    'closes a case reserved before the land leg',
    PATHS.route,
    'Close',
  );
  // the land leg (wave 2): 腾退 → 处置/复垦验收 → 注销登记, or the contract land's handover
  const vacated = human('vacated', 'the village confirms the land vacated (腾退), with a photo');
  const disposed = human(
    'disposed',
    'the land officer records the disposition (处置; 复垦验收 with the accepted area)',
  );
  const cancelled = human(
    'certificate_cancelled',
    'the registrar cancels the certificate (注销登记): the case closes',
  );
  const handedOver = human(
    'handed_over',
    'the village records who takes the contract land (交回/承接); its tranche falls due',
  );
  // who pays (wave 2): contract land and equity are paid by the collective, never by the special fund
  const collectivePayment = human(
    'collective_payment',
    'the village records the collective payment of the tranche due; the household confirms receipt or disputes it',
  );

  // --- the routes ---
  const start = new Choice(scope, 'NewOrResumed', {
    comment:
      'a new case starts at the assessment, which answers the deadlines; an appeal or a re-drive loads them first',
  })
    .when(Condition.isNotPresent('$.resumeFrom'), assess)
    .otherwise(loadDeadlines);
  const resumeFrom = new Choice(scope, 'ResumeFrom', {
    comment: 'an appeal or a re-drive resumes at its status',
  });
  const resume = (status: CaseStatus, next: State) =>
    resumeFrom.when(Condition.stringEquals('$.resumeFrom', status), next);
  resume('submitted', assess);
  resume('eligibility', assess);
  resume('resubmitted', assess);
  resume('village_review', review.first);
  resume('returned', resubmission.first);
  resume('public_notice', startNotice);
  resume('town_review', townReview.first);
  resume('district_approval', districtApproval.first);
  resume('offers', choice.first);
  resume('agreement_signed', startCoolingOff);
  resume('cooling_off', startCoolingOff);
  resume('fund_review', fundReview.first);
  resume('awaiting_funds', funds.first);
  resume('disbursed', reserve);
  resume('reserved', close);
  resume('vacating', vacated.first);
  resume('disposing', disposed.first);
  resume('cancelling', cancelled.first);
  resume('handing_over', handedOver.first);
  resume('paying', collectivePayment.first);
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
      .when(Condition.stringEquals(`${PATHS.deadlines}.next`, 'village_review'), review.first)
      .when(Condition.stringEquals(`${PATHS.deadlines}.next`, 'end'), assessmentEnded)
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

  choice.when('chosen', startCoolingOff);
  choice.when('withdrawn', withdrawn);
  choice.outcome.otherwise(unroutable);

  // after the signature: the cooling-off, then the fund; a re-driven case goes where it is
  const afterSigning = (id: string, text: string) =>
    new Choice(scope, id, { comment: text })
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'cooling_off'), coolingOffPeriod)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'fund_review'), fundReview.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'collective_payment'), collectivePayment.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'handed_over'), handedOver.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'awaiting_funds'), funds.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'reserve'), reserve)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'close'), close)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'end'), rescindedEnd)
      .otherwise(unroutable);
  startCoolingOff.next(
    afterSigning('CoolingOffRoute', 'the cooling-off runs; a re-driven case goes where it is'),
  );
  coolingOffPeriod.next(openFundReview);
  openFundReview.next(
    afterSigning(
      'FundReviewRoute',
      'cooling-off over → the fund review (homestead) or the collective payment (contract land, equity); early → wait the rest; rescinded → end',
    ),
  );
  fundReview.when('paid', reserve);
  fundReview.when('queued', funds.first);
  fundReview.when('rejected', rejected);
  fundReview.when('withdrawn', withdrawn);
  fundReview.outcome.otherwise(unroutable);

  funds.when('paid', reserve);
  funds.when('tranche_paid', cancelled.first);
  funds.when('final_paid', closed);
  funds.when('rejected', rejected);
  funds.outcome.otherwise(unroutable);

  reserve.next(
    new Choice(scope, 'LandLegRoute', {
      comment: 'a homestead is vacated, disposed and cancelled; contract land is handed over',
    })
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'vacated'), vacated.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'disposed'), disposed.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'certificate_cancelled'), cancelled.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'handed_over'), handedOver.first)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'close'), close)
      .when(Condition.stringEquals(`${PATHS.route}.next`, 'end'), closed)
      .otherwise(unroutable),
  );
  vacated.when('recorded', disposed.first);
  vacated.outcome.otherwise(unroutable);
  // a milestone whose tranche the balance cannot cover waits in the queue, then goes on from there
  disposed.when('recorded', cancelled.first);
  disposed.when('queued', funds.first);
  disposed.outcome.otherwise(unroutable);
  cancelled.when('recorded', closed);
  cancelled.when('queued', funds.first);
  cancelled.outcome.otherwise(unroutable);
  handedOver.when('recorded', closed);
  handedOver.when('queued', funds.first);
  handedOver.when('payment_due', collectivePayment.first);
  handedOver.outcome.otherwise(unroutable);
  collectivePayment.when('confirmed', handedOver.first);
  collectivePayment.when('final_confirmed', closed);
  collectivePayment.outcome.otherwise(unroutable);
  close.next(closed);

  return start;
}
