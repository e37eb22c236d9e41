import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Errors,
  IntegrationPattern,
  JsonPath,
  type State,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import {
  HANDED_OVER,
  type HumanStep,
  type HumanStepOutcome,
  RE_ESCALATION,
} from '../../shared/workflow/contract.js';
import {
  type AnnotatedState,
  BACKOFF,
  comment,
  HUMAN_STATES,
  PATHS,
  TRANSIENT_LAMBDA_ERRORS,
} from './caseStates.js';

/** What a human step is built from: the task that waits, the escalation task, where failures go. */
export interface HumanStepParts {
  registerTask: IFunction;
  /** a plain task that escalates the step one level up the ladder */
  escalate: (id: string, text: string, step: HumanStep) => State & { next: (s: State) => unknown };
  recordFailure: State;
  /** where a wait handed over to a new execution ends (HANDED_OVER) */
  continued: State;
}

/**
 * A guarded human step: wait with the step's deadline; when it passes, escalate one level up the
 * ladder and wait again with the re-escalation deadline, looping until someone decides. Every wait has
 * a deadline, so no case is ever left waiting unseen.
 */
export function humanSteps(scope: Construct, parts: HumanStepParts) {
  const caseId = JsonPath.stringAt('$.caseId');
  return (step: HumanStep, text: string) => {
    const names = HUMAN_STATES[step];
    const wait = (id: AnnotatedState, afterEscalation: boolean) => {
      const task = new LambdaInvoke(scope, id, {
        comment: comment(
          afterEscalation
            ? `${text}, after an escalation: each further deadline tells the next level up`
            : `${text}; the deadline escalates`,
          id,
        ),
        lambdaFunction: parts.registerTask,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        retryOnServiceExceptions: false,
        // `escalated`: registerTask then stores the due date this wait times out on (not the step's)
        payload: TaskInput.fromObject({
          caseId,
          step,
          taskToken: JsonPath.taskToken,
          // a wait that could outlive the execution hands the case over (shared/workflow/executionLifetime.ts)
          executionStartedAt: JsonPath.stringAt('$$.Execution.StartTime'),
          // the deadline this wait times out on, so registerTask stores it without reading the parameters
          deadlineSeconds: JsonPath.numberAt(
            `${PATHS.deadlines}.seconds.${afterEscalation ? RE_ESCALATION : step}`,
          ),
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
    const escalate = parts.escalate(
      `Escalate${names.state.replace(/^Await/, '')}`,
      `the ${step} deadline passed: one level up the escalation ladder (event and notifications)`,
      step,
    );
    first.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: PATHS.timeout });
    first.addCatch(parts.recordFailure, { errors: [Errors.ALL], resultPath: PATHS.error });
    // the loop: every missed re-escalation deadline escalates again, one level higher
    escalated.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: PATHS.timeout });
    escalated.addCatch(parts.recordFailure, { errors: [Errors.ALL], resultPath: PATHS.error });
    escalate.next(escalated);
    const outcome = new Choice(scope, `${names.state.replace(/^Await/, '')}Outcome`, {
      comment: `routes the ${step} decision ($.human.outcome)`,
    });
    first.next(outcome);
    escalated.next(outcome);
    outcome.when(Condition.stringEquals(`${PATHS.human}.outcome`, HANDED_OVER), parts.continued);
    const when = (value: HumanStepOutcome['outcome'], next: State) => {
      if (!names.outcomes.includes(value)) throw new Error(`${step} has no outcome ${value}`);
      outcome.when(Condition.stringEquals(`${PATHS.human}.outcome`, value), next);
    };
    return { first, outcome, when };
  };
}
