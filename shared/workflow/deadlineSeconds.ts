import type { PolicyParameters } from '../domain/model/policy.js';
import { HUMAN_STEPS, type HumanStep, type TaskResult } from './contract.js';

export type DeadlineSeconds = NonNullable<TaskResult['seconds']>;

const DAY_SECONDS = 24 * 60 * 60;

export interface DeadlineOptions {
  /**
   * The local runtime's LOCAL_FAST_WAITS (API.md): every deadline and the public notice last at most
   * one second, so a demo or a test walks the whole life cycle in seconds with the same definition.
   */
  fast?: boolean;
}

/**
 * What the state machine reads for its human-step timeouts (`TimeoutSecondsPath`) and the public
 * notice (`SecondsPath`): each step's deadline in whole seconds, from the case's policy parameters,
 * and the re-escalation deadline every wait after an escalation has. The step → parameter mapping is
 * HUMAN_STEPS itself, so a new human step cannot miss its deadline.
 */
export function deadlineSeconds(params: PolicyParameters, opts: DeadlineOptions = {}): DeadlineSeconds {
  const cap = (seconds: number) => (opts.fast ? Math.min(seconds, 1) : seconds);
  const steps = Object.fromEntries(
    (Object.keys(HUMAN_STEPS) as HumanStep[]).map((step) => [
      step,
      // a Step Functions timeout must be a positive integer; the schema keeps days ≥ 1 anyway
      Math.max(1, cap(params.deadlines[HUMAN_STEPS[step].deadline] * DAY_SECONDS)),
    ]),
  ) as Record<HumanStep, number>;
  return {
    ...steps,
    // every wait after an escalation, however many there are (the escalation ladder)
    re_escalation: Math.max(1, cap(params.deadlines.reEscalationDays * DAY_SECONDS)),
    public_notice: cap(params.publicNoticeDays * DAY_SECONDS),
    cooling_off: cap(params.coolingOffDays * DAY_SECONDS),
  };
}
