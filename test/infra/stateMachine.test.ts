import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../infra/paths.js';
import {
  type AslDefinition,
  type AslState,
  reachable,
  stateMachineDefinition,
  type TemplateJson,
  transitions,
} from '../../infra/workflow/asl.js';
import {
  HUMAN_STATES,
  PATHS,
  statusesInComment,
  TRANSIENT_LAMBDA_ERRORS,
} from '../../infra/workflow/caseStates.js';
import { withDiagram } from '../../infra/workflow/mermaid.js';
import { loadTemplate } from '../../local/runtime/templateCache.js';
import { TRANSITIONS, WITHDRAWABLE_STATUSES } from '../../shared/domain/lifecycle/transitions.js';
import { CASE_STATUSES, type CaseStatus } from '../../shared/domain/model/status.js';
import { HANDED_OVER, HUMAN_STEPS, type HumanStep, RE_ESCALATION } from '../../shared/workflow/contract.js';
import { resourcesOfType } from './synth.js';

/**
 * The case state machine as synthesized: valid ASL that encodes the whole life cycle of DOMAIN.md. The
 * template comes through the local runtime's cache, which test/local/templateCache.test.ts holds equal
 * to a fresh synthesis.
 */
let s: { json: TemplateJson };
let def: AslDefinition;
beforeAll(async () => {
  const json = await loadTemplate();
  s = { json };
  def = stateMachineDefinition(json);
});

const states = () => Object.entries(def.States);
const state = (name: string): AslState => {
  const found = def.States[name];
  if (!found) throw new Error(`no state ${name}`);
  return found;
};
const isLambdaTask = (st: AslState) => st.Type === 'Task';
const isHumanTask = (st: AslState) =>
  (st.Resource ?? '').endsWith(':states:::lambda:invoke.waitForTaskToken');
/** The states whose Comment declares the status. */
const statesOf = (status: CaseStatus) =>
  states()
    .filter(([, st]) => statusesInComment(st.Comment).includes(status))
    .map(([n]) => n);

describe('the definition', () => {
  it('is valid Amazon States Language (asl-validator)', () => {
    const { isValid, errorsText } = aslValidator(def, { checkPaths: true, checkArn: true });
    expect(errorsText('\n'), 'asl-validator errors').toBe('');
    expect(isValid).toBe(true);
  });

  it('uses only the plain states the local runtime runs (no Map, no Parallel)', () => {
    const types = new Set(states().map(([, st]) => st.Type));
    expect([...types].every((t) => ['Task', 'Choice', 'Wait', 'Pass', 'Succeed', 'Fail'].includes(t))).toBe(
      true,
    );
    for (const [name, st] of states().filter(([, st]) => st.Type === 'Task')) {
      expect(st.Resource, name).toMatch(
        /^arn:aws:(lambda:[^:]+:\d{12}:function:.+|states:::lambda:invoke\.waitForTaskToken)$/,
      );
    }
  });

  it('every state can be reached from the start', () => {
    expect([...reachable(def)].sort()).toEqual(Object.keys(def.States).sort());
  });

  it('is a Standard state machine with X-Ray and full logs that exclude execution data (task tokens)', () => {
    const [, sm] = resourcesOfType(s.json, 'AWS::StepFunctions::StateMachine')[0] ?? [];
    expect(sm?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });
});

describe('every Lambda task', () => {
  it('retries transient Lambda errors with exponential backoff and full jitter', () => {
    const tasks = states().filter(([, st]) => isLambdaTask(st));
    expect(tasks.length).toBeGreaterThanOrEqual(20);
    for (const [name, st] of tasks) {
      const retry = st.Retry?.[0];
      expect(retry, name).toMatchObject({ BackoffRate: 2, MaxAttempts: 4, JitterStrategy: 'FULL' });
      expect(retry?.ErrorEquals, name).toEqual(expect.arrayContaining(TRANSIENT_LAMBDA_ERRORS));
      // on a human step States.Timeout is the deadline, which escalates instead
      if (isHumanTask(st)) expect(retry?.ErrorEquals, name).not.toContain('States.Timeout');
      else expect(retry?.ErrorEquals, name).toContain('States.Timeout');
    }
  });

  it('catches every error into RecordFailure, which records it on the case (failed) before the execution fails', () => {
    for (const [name, st] of states().filter(([, st]) => isLambdaTask(st))) {
      const last = st.Catch?.at(-1);
      expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      if (name === 'RecordFailure') expect(last?.Next).toBe('CaseFailed');
      else expect(last, name).toMatchObject({ Next: 'RecordFailure', ResultPath: PATHS.error });
    }
    expect(state('RecordFailure').Parameters).toMatchObject({
      'error.$': PATHS.error,
      'caseId.$': '$.caseId',
    });
    expect(state('RecordFailure').Next).toBe('CaseFailed');
    expect(state('CaseFailed').Type).toBe('Fail');
    expect(statusesInComment(state('RecordFailure').Comment)).toEqual(['failed']);
  });

  it('keeps its result under its own path: deadlines, route, notice and human outcomes never overwrite one another', () => {
    for (const [name, st] of states().filter(([, st]) => isLambdaTask(st))) {
      expect(st.ResultPath, name).not.toBe('$');
      expect(st.ResultPath, name).not.toBeUndefined();
    }
    expect(state('LoadDeadlines').ResultPath).toBe(PATHS.deadlines);
    // a new case's deadlines are the assessment's answer; a resumed execution loads them first
    expect(def.StartAt).toBe('NewOrResumed');
    const start = state('NewOrResumed');
    expect(start.Choices?.find((c) => c.IsPresent === false)?.Next).toBe('Assess');
    expect(start.Default).toBe('LoadDeadlines');
    expect(state('Assess').ResultPath).toBe(PATHS.deadlines);
    expect(state('AssessRoute').Choices?.every((c) => c.Variable === `${PATHS.deadlines}.next`)).toBe(true);
  });
});

describe('human steps', () => {
  const steps = Object.keys(HUMAN_STEPS) as HumanStep[];

  it.each(steps)('%s waits for a task token with the deadline of its step, stored with the case', (step) => {
    const names = HUMAN_STATES[step];
    const st = state(names.state);
    expect(isHumanTask(st)).toBe(true);
    expect(st.TimeoutSecondsPath).toBe(`${PATHS.deadlines}.seconds.${step}`);
    expect(st.Parameters?.Payload).toEqual({
      'caseId.$': '$.caseId',
      step,
      'taskToken.$': '$$.Task.Token',
      // registerTask hands the case over to a new execution when a wait could outlive this one
      'executionStartedAt.$': '$$.Execution.StartTime',
      // the deadline it times out on, which registerTask stores as the due date (no parameter read)
      'deadlineSeconds.$': st.TimeoutSecondsPath,
    });
    expect(st.ResultPath).toBe(PATHS.human);
    expect(statusesInComment(st.Comment)).toEqual([HUMAN_STEPS[step].status]);
  });

  it.each(steps)(
    '%s escalates when its deadline passes, then waits again with the re-escalation deadline, and again',
    (step) => {
      const names = HUMAN_STATES[step];
      const timeout = state(names.state).Catch?.[0];
      expect(timeout?.ErrorEquals).toEqual(['States.Timeout']);
      const escalate = state(timeout?.Next ?? '');
      expect(escalate.Type).toBe('Task');
      expect(escalate.Resource).toMatch(/function:Workflowescalate/);
      expect(escalate.Parameters).toEqual({ 'caseId.$': '$.caseId', step });
      expect(escalate.Next).toBe(names.escalated);
      const again = state(names.escalated);
      expect(isHumanTask(again)).toBe(true);
      expect(again.TimeoutSecondsPath).toBe(`${PATHS.deadlines}.seconds.${RE_ESCALATION}`);
      // the same step, told that its deadline is the re-escalation's (registerTask stores that due date)
      const payload = state(names.state).Parameters?.Payload as Record<string, unknown>;
      expect(again.Parameters?.Payload).toEqual({
        ...payload,
        escalated: true,
        'deadlineSeconds.$': again.TimeoutSecondsPath,
      });
      expect(again.ResultPath).toBe(PATHS.human);
      expect(statusesInComment(again.Comment)).toEqual([HUMAN_STEPS[step].status]);
      // its own deadline escalates again, one level higher: the loop ends only with a decision
      expect(again.Catch?.[0]).toEqual({
        ErrorEquals: ['States.Timeout'],
        ResultPath: PATHS.timeout,
        Next: timeout?.Next,
      });
      // both waits route the same decision
      expect(again.Next).toBe(state(names.state).Next);
    },
  );

  it('no state waits for a task token without a deadline, and every missed deadline escalates', () => {
    const waits = states().filter(([, st]) => isHumanTask(st));
    expect(waits.length).toBe(2 * steps.length);
    for (const [name, st] of waits) {
      const deadline =
        st.TimeoutSecondsPath ?? st.TimeoutSeconds ?? st.HeartbeatSeconds ?? st.HeartbeatSecondsPath;
      expect(deadline, `${name} has no deadline`).toBeDefined();
      const escalate = st.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next;
      expect(state(escalate ?? '').Resource, name).toMatch(/function:Workflowescalate/);
    }
    // every escalation leads to a wait that can escalate again: the loop never leaves a case unwatched
    const escalations = states().filter(([, st]) => /function:Workflowescalate/.test(st.Resource ?? ''));
    expect(escalations).toHaveLength(steps.length);
    for (const [name, st] of escalations) {
      const wait = state(st.Next ?? '');
      expect(isHumanTask(wait), name).toBe(true);
      expect(wait.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next, name).toBe(name);
    }
  });

  it.each(steps)(
    '%s routes every outcome it may receive, and anything else is recorded as a failure',
    (step) => {
      const names = HUMAN_STATES[step];
      const choice = state(state(names.state).Next ?? '');
      expect(choice.Type).toBe('Choice');
      const routed = (choice.Choices ?? []).map((c) => {
        expect(c.Variable).toBe(`${PATHS.human}.outcome`);
        return c.StringEquals;
      });
      expect(routed.sort()).toEqual([...names.outcomes, HANDED_OVER].sort());
      // a handover ends this execution; the case goes on in the new one
      const handover = choice.Choices?.find((c) => c.StringEquals === HANDED_OVER);
      expect(state(handover?.Next ?? '').Type).toBe('Succeed');
      expect(choice.Default).toBe('Unroutable');
      expect(state('Unroutable').Next).toBe('RecordFailure');
    },
  );

  it('withdrawal ends the execution cleanly from every step at which the household may still withdraw', () => {
    for (const step of steps) {
      const status = HUMAN_STEPS[step].status as CaseStatus;
      const choice = state(state(HUMAN_STATES[step].state).Next ?? '');
      const withdrawn = choice.Choices?.find((c) => c.StringEquals === 'withdrawn');
      if (WITHDRAWABLE_STATUSES.includes(status)) {
        expect(withdrawn?.Next, step).toBe('Withdrawn');
      }
    }
    expect(state('Withdrawn').Type).toBe('Succeed');
  });

  it('the public notice waits the days of the policy parameters and then goes on, or back to review', () => {
    const wait = state('NoticePeriod');
    expect(wait.Type).toBe('Wait');
    expect(wait.SecondsPath).toBe(`${PATHS.deadlines}.seconds.public_notice`);
    const start = state(state('StartNotice').Next ?? '');
    expect(start.Type).toBe('Choice');
    expect(
      start.Choices?.find((c) => c.Variable === `${PATHS.notice}.next` && c.StringEquals === 'public_notice')
        ?.Next,
    ).toBe('NoticePeriod');
    expect(start.Choices?.find((c) => c.StringEquals === 'end')?.Next).toBe('NoticeEnded');
    expect(wait.Next).toBe('CloseNotice');
    const route = state(state('CloseNotice').Next ?? '');
    const targets = Object.fromEntries((route.Choices ?? []).map((c) => [c.StringEquals, c.Next]));
    expect(targets).toMatchObject({ village_review: 'AwaitReview', resettlement_choice: 'AwaitChoice' });
  });
});

describe('the life cycle of DOMAIN.md', () => {
  it('every status except draft (before any execution) has a reachable state', () => {
    const live = reachable(def);
    const covered = new Set([...live].flatMap((name) => statusesInComment(def.States[name]?.Comment)));
    expect([...covered].sort()).toEqual(CASE_STATUSES.filter((st) => st !== 'draft').sort());
  });

  it('every transition of the life-cycle table that happens inside one execution is a path in the definition', () => {
    // appeals (from a terminal rejection) start a new execution; withdrawal and failure are checked above
    const appealed: CaseStatus[] = ['ineligible', 'rights_blocked', 'rejected'];
    let checked = 0;
    for (const [from, tos] of Object.entries(TRANSITIONS) as [CaseStatus, CaseStatus[]][]) {
      if (from === 'draft' || appealed.includes(from)) continue;
      for (const to of tos.filter((t) => t !== 'withdrawn' && t !== 'failed')) {
        const ok = statesOf(from).some((a) => {
          const after = reachable(def, a);
          return statesOf(to).some((b) => after.has(b));
        });
        expect(ok, `${from} → ${to}`).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(18);
  });

  it('an execution may resume at every open status (appeal, re-drive), at the state that status belongs to', () => {
    const resume = state('ResumeFrom');
    expect(state('LoadDeadlines').Next).toBe('ResumeFrom');
    const resumable = CASE_STATUSES.filter(
      (st) =>
        TRANSITIONS[st].length > 0 && !['draft', 'ineligible', 'rights_blocked', 'rejected'].includes(st),
    );
    for (const status of resumable) {
      const rule = resume.Choices?.find((c) => c.StringEquals === status);
      expect(rule, status).toBeDefined();
      expect(statusesInComment(state(rule?.Next ?? '').Comment), status).toContain(status);
    }
    expect(resume.Choices?.some((c) => c.IsPresent === false)).toBe(false);
    expect(state(resume.Default ?? '').Type).toBe('Fail');
  });

  it('appeals reopen exactly the steps the domain allows (eligibility, village review, fund review)', () => {
    const resume = state('ResumeFrom');
    for (const [from, tos] of [
      ['ineligible', ['eligibility']],
      ['rejected', ['village_review', 'fund_review']],
    ] as const) {
      for (const to of tos) {
        expect(TRANSITIONS[from]).toContain(to);
        expect(resume.Choices?.some((c) => c.StringEquals === to)).toBe(true);
      }
    }
  });

  it('every transition out of every state is drawn from the definition itself (no dangling Next)', () => {
    for (const [name, st] of states()) {
      for (const t of transitions(st)) expect(def.States[t.to], `${name} → ${t.to}`).toBeDefined();
    }
  });
});

describe('the state machine in the docs', () => {
  it.each(['docs/state-machine.md', 'docs/architecture.md'])(
    '%s shows it exactly as synthesized (run `npm run docs:state-machine` after a change)',
    (file) => {
      const doc = readFileSync(projectPath(file), 'utf8');
      expect(withDiagram(doc, def)).toBe(doc);
    },
  );
});
