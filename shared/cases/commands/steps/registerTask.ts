import { logger } from '../../../adapters/observability.js';
import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { waitWriteItems } from '../../../adapters/table/caseWaitWrite.js';
import { cancellationCodes, transact } from '../../../adapters/table/dynamo.js';
import { TASK_WAITING_ACTION } from '../../../contract/timelineActions.js';
import { PENDING_TASK_LABELS } from '../../../domain/lifecycle/statusLabels.js';
import { type Case, escalationsOf, type PendingTaskKind } from '../../../domain/model/case.js';
import { resumeDecided } from '../../../ports/workflow.js';
import {
  HANDED_OVER,
  HUMAN_STEPS,
  type HumanStep,
  type HumanStepOutcome,
  outcomeOfStatus,
  RE_ESCALATION,
  type TaskEvent,
} from '../../../workflow/contract.js';
import { parametersForCase, stepSeconds } from '../../../workflow/deadlines.js';
import { handoverStart, waitOutlivesExecution } from '../../../workflow/executionLifetime.js';
import { clipNote, touchCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { deliver } from '../commit.js';
import { InvalidTaskInputError, UnexpectedCaseStatusError } from './errors.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * A human step (`.waitForTaskToken`, states Await…): stores the execution's task token on the case with
 * the status it belongs to, so the API decision that ends the step can consume it in its own write and
 * resume the execution. The output of the state is the decision's SendTaskSuccess, never this return.
 *
 * If the case has already left the step's status (withdrawn, decided while the previous token was out,
 * paid from the queue before the step began), nobody would ever resume the token: the step resumes it
 * at once with the outcome the case's state stands for, so the execution cannot hang.
 */
/** "等待办理：村集体审核 / waiting for the village review": the step in words, never its code (issue 18). */
function waitingNote(kind: PendingTaskKind): string {
  const label = PENDING_TASK_LABELS[kind];
  return `等待办理：${label.zh} / waiting for ${label.en}`;
}

async function resumeNow(token: string, output: HumanStepOutcome): Promise<void> {
  // a re-run of this step may find its token already resumed by the decision that moved the case
  if (!(await resumeDecided(token, output))) logger.info('the task token was already closed');
}

async function decide(
  stored: StoredCase,
  step: HumanStep,
  token: string,
  afterEscalation: boolean,
  executionStartedAt: string | undefined,
  now: string,
  deadlineSeconds?: number,
): Promise<StepDecision<void>> {
  const c = stored.case;
  const { status, pendingKind } = HUMAN_STEPS[step];
  if (c.status !== status) {
    const outcome = outcomeOfStatus(step, c);
    if (!outcome) throw new UnexpectedCaseStatusError(`registerTask(${step})`, c.status);
    logger.info('the case left the step before it waited; resuming at once', { status: c.status, outcome });
    return { kind: 'done', result: undefined, after: () => resumeNow(token, { outcome }) };
  }
  const current = c.pendingTask;
  const sameStep = current?.kind === pendingKind;
  // a retried invocation: the token and the waiting step are stored already
  if (stored.pendingToken?.token === token && stored.pendingToken.status === status && sameStep) {
    return { kind: 'done', result: undefined };
  }
  // the deadline this wait times out on: the execution's own figure when it passes it, else the
  // case's parameters (an execution started before waits passed it)
  const waitSeconds =
    deadlineSeconds ?? stepSeconds(await parametersForCase(c, now))[afterEscalation ? RE_ESCALATION : step];
  if (executionStartedAt && waitOutlivesExecution(executionStartedAt, now, waitSeconds)) {
    // the case outlives its execution: a new one takes it over at this status and this wait ends at
    // once, without writing the case. The new one starts first, so a failure in between leaves the case
    // with two executions (the old one's retry ends it), never with none; both calls are idempotent
    const start = handoverStart(c.caseId, status, token);
    logger.info('the wait could outlive its execution; handing the case over', { step, start });
    return {
      kind: 'done',
      result: undefined,
      after: async () => {
        await deliver({ events: [], start });
        await resumeNow(token, { outcome: HANDED_OVER });
      },
    };
  }
  let pendingTask: NonNullable<typeof current>;
  if (afterEscalation) {
    // the wait after an escalation registers a new token for the same step: it keeps the escalation and
    // is due when the execution times out on it (RE_ESCALATION), which is when the next level up is told
    pendingTask = {
      kind: pendingKind,
      dueAt: dueAfter(now, waitSeconds),
      escalated: true,
      escalations: Math.max(1, sameStep ? escalationsOf(current) : 0),
    };
  } else if (sameStep && current?.escalated) {
    // the step's first wait again, in an execution that took an escalated step over (a handover, a
    // re-drive): its deadline is the step's own from now, and the ladder goes on where it was
    pendingTask = { ...current, dueAt: dueAfter(now, waitSeconds) };
  } else if (sameStep && current) {
    // the step's first wait again (an execution re-driven at the step's status): as it was
    pendingTask = current;
  } else {
    pendingTask = { kind: pendingKind, dueAt: dueAfter(now, waitSeconds), escalated: false, escalations: 0 };
  }
  const next = touchCase(c, {
    actor: WORKFLOW_ACTOR,
    at: now,
    note: waitingNote(pendingKind),
    patch: { pendingTask },
  });
  return {
    kind: 'write',
    write: {
      next,
      token: { store: { token, status } },
      audit: { action: TASK_WAITING_ACTION, detail: waitingDetail(step, pendingTask) },
      events: [],
    },
    result: { value: undefined },
  };
}

export async function registerTask(event: TaskEvent, now: string): Promise<void> {
  const { step, taskToken } = event;
  if (!step || !taskToken) throw new InvalidTaskInputError('registerTask needs both step and taskToken');
  if (await waitWithoutReading(event, step, taskToken, now)) return;
  await runStep(event.caseId, (stored) =>
    decide(
      stored,
      step,
      taskToken,
      event.escalated === true,
      event.executionStartedAt,
      now,
      event.deadlineSeconds,
    ),
  );
}

/**
 * The first wait of a step, as it nearly always is (the case just moved into the step's status, nothing
 * waits yet): one conditional write, no read. What `decide` would write in its last branch, written only
 * where the stored case is one on which `decide` would take that branch (shared/adapters/table/
 * caseWaitWrite.ts); anything else (a retry, a re-drive, the wait after an escalation, a case that left
 * the step, a wait that could outlive its execution, no deadline in the input) refuses or is not tried,
 * and the step reads the case and decides as before. True when it wrote.
 */
async function waitWithoutReading(
  event: TaskEvent,
  step: HumanStep,
  token: string,
  now: string,
): Promise<boolean> {
  const seconds = event.deadlineSeconds;
  if (seconds === undefined || event.escalated === true) return false;
  if (event.executionStartedAt && waitOutlivesExecution(event.executionStartedAt, now, seconds)) return false;
  const { status, pendingKind } = HUMAN_STEPS[step];
  const pendingTask = {
    kind: pendingKind,
    dueAt: dueAfter(now, seconds),
    escalated: false,
    escalations: 0,
  };
  try {
    await transact(
      waitWriteItems({
        caseId: event.caseId,
        status,
        pendingTask,
        token,
        entry: {
          at: now,
          status,
          actor: WORKFLOW_ACTOR,
          // the same words the read-decide-write stores (touchCase's note), never the step's code
          note: clipNote(waitingNote(pendingKind)),
          action: TASK_WAITING_ACTION,
        },
        audit: {
          actor: WORKFLOW_ACTOR,
          action: TASK_WAITING_ACTION,
          detail: waitingDetail(step, pendingTask),
        },
        now,
        fundPendingSort: status === 'fund_review',
      }),
    );
    return true;
  } catch (error) {
    // refused (or raced): the case is not as this write assumed; read it and decide
    if (cancellationCodes(error)) return false;
    throw error;
  }
}

function dueAfter(now: string, seconds: number): string {
  return new Date(Date.parse(now) + seconds * 1000).toISOString();
}

function waitingDetail(step: HumanStep, pendingTask: NonNullable<Case['pendingTask']>) {
  return {
    step,
    dueAt: pendingTask.dueAt,
    escalated: pendingTask.escalated,
    escalations: pendingTask.escalations,
  };
}
