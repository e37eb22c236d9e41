import type { AslDefinition, AslState } from '../../infra/workflow/asl.js';
import { RE_ESCALATION } from '../../shared/workflow/contract.js';

/**
 * The synthesized definition with the few adaptations the local interpreter (aws-local-stepfunctions 3)
 * needs. Each one keeps the semantics of the definition on AWS:
 * 1. `IsPresent: false` rules never match in the interpreter; they become `Not: {IsPresent: true}`.
 * 2. `TimeoutSecondsPath` is evaluated by the interpreter against the task's Parameters, not the state
 *    input, so the path is carried into the Parameters (`__timeoutSeconds`) and the local task runner
 *    applies the deadline itself.
 * 3. Node timers overflow past 2^31 ms (24.8 days) and fire at once, and the interpreter defaults a task
 *    without a timeout to 60 s; every task gets an explicit timeout no longer than a timer can hold.
 * 4. With LOCAL_FAST_WAITS=1 every Wait and every human-step deadline is at most one second, and the
 *    handlers are configured to match (`fastWaitsEnvironment`).
 */
export const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
export const TIMEOUT_PARAMETER = '__timeoutSeconds';
export const MAX_TIMER_SECONDS = 2_147_483;
export const WAIT_FOR_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
/** The longest any Wait or human-step deadline lasts under fast waits. */
export const FAST_WAIT_SECONDS = 1;

/**
 * What the handlers are given under fast waits: WAIT_SECONDS_CAP, so the deadlines they hand the state
 * machine and the `dueAt` and notice end they store and show are as short as the waits above. The
 * handlers only read their configuration; whether waits are short is the runtime's decision.
 */
export function fastWaitsEnvironment(opts: { fastWaits: boolean }): Record<string, string> {
  return opts.fastWaits ? { WAIT_SECONDS_CAP: String(FAST_WAIT_SECONDS) } : {};
}

export interface HumanStepState {
  name: string;
  functionArn: string;
  /** fixed deadline in seconds (from TimeoutSeconds), if any */
  timeoutSeconds?: number;
  /** whether the deadline comes from the input (TimeoutSecondsPath) */
  timeoutFromInput: boolean;
  /**
   * the wait after an escalation: fast waits leave its deadline to the handlers' cap (one minute), so
   * a waiting demo case climbs the ladder once a minute, not every second
   */
  reEscalation: boolean;
}

type ChoiceRule = Record<string, unknown>;

function rewriteRule(rule: ChoiceRule): ChoiceRule {
  if (rule.IsPresent === false && typeof rule.Variable === 'string') {
    const { IsPresent: _drop, Variable, ...rest } = rule;
    return { ...rest, Not: { Variable, IsPresent: true } };
  }
  for (const key of ['And', 'Or']) {
    if (Array.isArray(rule[key])) return { ...rule, [key]: (rule[key] as ChoiceRule[]).map(rewriteRule) };
  }
  if (rule.Not && typeof rule.Not === 'object') return { ...rule, Not: rewriteRule(rule.Not as ChoiceRule) };
  return rule;
}

export function localDefinition(
  source: AslDefinition,
  opts: { fastWaits: boolean },
): { definition: AslDefinition; humanSteps: Record<string, HumanStepState> } {
  const definition = structuredClone(source);
  const humanSteps: Record<string, HumanStepState> = {};
  for (const [name, state] of Object.entries(definition.States) as [string, AslState][]) {
    if (state.Type === 'Choice' && state.Choices)
      state.Choices = state.Choices.map((r) => rewriteRule(r) as typeof r);
    if (state.Type === 'Wait' && opts.fastWaits) {
      const fixed = state.Seconds;
      delete state.SecondsPath;
      delete state.Timestamp;
      delete state.TimestampPath;
      state.Seconds = fixed === undefined ? FAST_WAIT_SECONDS : Math.min(fixed, FAST_WAIT_SECONDS);
    }
    if (state.Type !== 'Task') continue;
    if (state.Resource === WAIT_FOR_TOKEN) {
      const params = (state.Parameters ?? {}) as Record<string, unknown>;
      const step: HumanStepState = {
        name,
        functionArn: String(params.FunctionName),
        timeoutFromInput: typeof state.TimeoutSecondsPath === 'string',
        reEscalation: String(state.TimeoutSecondsPath ?? '').endsWith(`.${RE_ESCALATION}`),
        ...(state.TimeoutSeconds !== undefined ? { timeoutSeconds: state.TimeoutSeconds } : {}),
      };
      if (typeof state.TimeoutSecondsPath === 'string') {
        state.Parameters = { ...params, [`${TIMEOUT_PARAMETER}.$`]: state.TimeoutSecondsPath };
        delete state.TimeoutSecondsPath;
      }
      // the runner enforces the step's deadline; the interpreter's own timer only has to outlast it
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
      delete state.HeartbeatSeconds;
      humanSteps[name] = step;
    } else {
      state.TimeoutSeconds = Math.min(state.TimeoutSeconds ?? 60, MAX_TIMER_SECONDS);
    }
  }
  return { definition, humanSteps };
}
