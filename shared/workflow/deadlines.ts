import { appConfig } from '../adapters/config.js';
import { parametersInForceFor, parametersVersion } from '../adapters/table/policyRepository.js';
import { chinaDate } from '../domain/chinaDate.js';
import type { Case } from '../domain/model/case.js';
import type { PolicyParameters } from '../domain/model/policy.js';
import { HUMAN_STEPS, type HumanStep, RE_ESCALATION } from './contract.js';
import { type DeadlineSeconds, deadlineSeconds } from './deadlineSeconds.js';

/** The shortest re-escalation under WAIT_SECONDS_CAP (fast waits): once a minute, not every second. */
export const CAPPED_RE_ESCALATION_SECONDS = 60;

/**
 * Every human step's deadline and the public notice, in seconds (the TaskResult `seconds`), each at
 * most the configured WAIT_SECONDS_CAP. The state machine waits for exactly these figures, so the
 * `dueAt` stored on a case and the notice end shown to objectors shorten with them and never name a
 * date the execution does not wait for.
 */
export function stepSeconds(params: PolicyParameters): DeadlineSeconds {
  const seconds = deadlineSeconds(params);
  const cap = appConfig().WAIT_SECONDS_CAP;
  if (cap === undefined) return seconds;
  // a positive cap keeps every step deadline a positive integer, as a Step Functions timeout must be.
  // The wait after an escalation loops until someone decides: capped like the rest it would escalate
  // (and write the case twice) every second of a demo; it re-escalates once a minute at most instead
  return Object.fromEntries(
    Object.entries(seconds).map(([key, s]) => [
      key,
      Math.min(s, key === RE_ESCALATION ? Math.max(cap, CAPPED_RE_ESCALATION_SECONDS) : cap),
    ]),
  ) as DeadlineSeconds;
}

/** When a human step that starts waiting at `from` is due; the same figure the state machine times out on. */
export function dueAt(step: HumanStep, params: PolicyParameters, from: string): string {
  return new Date(Date.parse(from) + stepSeconds(params)[step] * 1000).toISOString();
}

/** The policy parameter name that sets a step's deadline (reviewDays, choiceDays, …). */
export function deadlineParameter(step: HumanStep): keyof PolicyParameters['deadlines'] {
  return HUMAN_STEPS[step].deadline;
}

/**
 * The parameters a case is handled with: the version it was assessed or priced with once it has one,
 * before that the version in force on the day in Zibo (effective dates are local days).
 */
export async function parametersForCase(c: Case, now: string): Promise<PolicyParameters> {
  if (!c.parametersVersion) return parametersInForceFor(c.districtCode, chinaDate(now));
  const params = await parametersVersion(c.districtCode, c.parametersVersion);
  // a version a case refers to is never deleted; if it is gone, any deadline would be a guess
  if (!params) throw new Error(`policy parameters ${c.parametersVersion} of case ${c.caseId} are missing`);
  return params;
}

/** The parameters in force today, for a step that (re)prices or (re)assesses the case. */
export function parametersInForceToday(c: Case, now: string): Promise<PolicyParameters> {
  return parametersInForceFor(c.districtCode, chinaDate(now));
}

/**
 * The timeline entry that opened the current (or last) public notice: the last move into
 * `public_notice` from another status (an objection sends the case back to review, and a new approval
 * opens a new notice). -1 when there was none.
 */
export function noticeStartIndex(c: Pick<Case, 'timeline'>): number {
  return c.timeline.findLastIndex(
    (t, i) => t.status === 'public_notice' && c.timeline[i - 1]?.status !== 'public_notice',
  );
}

/**
 * When the current public notice (公示) ends: its start (the last move into `public_notice`) plus the
 * notice length the state machine's Wait is given (StartNotice answers the same `stepSeconds`). Objectors
 * must know the date by which to object; undefined when the case is not in its notice.
 */
export function noticeEndsAt(c: Case, params: PolicyParameters): string | undefined {
  if (c.status !== 'public_notice') return undefined;
  const at = c.timeline[noticeStartIndex(c)]?.at;
  if (!at) return undefined;
  return new Date(Date.parse(at) + stepSeconds(params).public_notice * 1000).toISOString();
}
