import { useTranslation } from 'react-i18next';
import { TASK_WAITING_ACTION } from '../../../../shared/contract/timelineActions';
import type { CaseStatus, CaseView, ReviewView, TimelineEntryView } from '../../api/contract';
import { formatDateTime, formatDeadline, pickNote, timelineActor } from '../../lib/format';
import { landStage } from '../../lib/landStage';
import { escalationCount, reviewStepOfAction, TASK_ESCALATED_ACTION } from '../../lib/reviewChain';
import { MILESTONE_ACTION, milestoneWords, RECORDER } from './milestones';
import { reviewWords } from './reviews';

/**
 * The life cycle as a household reads it: nine milestones instead of twenty-one statuses, with the
 * review chain 村 → 镇 → 区 (DOMAIN.md wave 2) between the public notice and the choice.
 */
export const MILESTONES = [
  'submit',
  'eligibility',
  'review',
  'notice',
  'town',
  'district',
  'choice',
  'fund',
  // the land leg (wave 2): where the household's land is after the payment
  'land',
  'done',
] as const;
export type Milestone = (typeof MILESTONES)[number];
export const MILESTONE_OF: Partial<Record<CaseStatus, Milestone>> = {
  draft: 'submit',
  submitted: 'eligibility',
  eligibility: 'eligibility',
  ineligible: 'eligibility',
  rights_blocked: 'eligibility',
  resubmitted: 'eligibility',
  village_review: 'review',
  // a return, wherever it came from, goes back through the village after the resubmission
  returned: 'review',
  rejected: 'review',
  public_notice: 'notice',
  town_review: 'town',
  district_approval: 'district',
  offers: 'choice',
  agreement_signed: 'fund',
  cooling_off: 'fund',
  fund_review: 'fund',
  awaiting_funds: 'fund',
  disbursed: 'done',
  reserved: 'done',
  vacating: 'land',
  disposing: 'land',
  cancelling: 'land',
  handing_over: 'land',
  // the collective pays (wave 2): its first tranche where the fund would advance; a contract-land case
  // already handed over pays its last tranche in the land step (caseMilestone)
  paying: 'fund',
  closed: 'done',
};

/** The step of the progress line a case is at. */
export function caseMilestone(
  c: Pick<CaseView, 'status' | 'advance' | 'reviews'> & Partial<Pick<CaseView, 'milestones'>>,
): Milestone | undefined {
  if (c.status === 'rejected') return rejectedAt(c);
  if (c.status === 'paying' && (c.milestones ?? []).some((m) => m.kind === 'handed_over')) return 'land';
  return MILESTONE_OF[c.status];
}

/** A step's name by type of exit: the collective pays contract land and equity, equity has no land. */
export function milestoneLabel(m: Milestone, type: CaseView['type'] | undefined): string {
  if (m === 'fund' && type !== undefined && type !== 'homestead_exit') return 'collectivePay';
  if (m === 'land' && type === 'contract_land_exit') return 'landContract';
  if (m === 'land' && type === 'equity_exit') return 'landEquity';
  return m;
}

/** Where a rejection stopped the case: the fund, or the review step that decided it. */
function rejectedAt(c: Pick<CaseView, 'advance' | 'reviews'>): Milestone {
  if (c.advance?.status === 'rejected') return 'fund';
  const step = c.reviews.at(-1)?.step;
  return step === 'town_review' ? 'town' : step === 'district_approval' ? 'district' : 'review';
}

export function CaseProgress({
  c,
}: {
  c: Pick<CaseView, 'status' | 'advance' | 'reviews'> &
    Partial<Pick<CaseView, 'type' | 'pendingTask' | 'milestones'>>;
}) {
  const { t, i18n } = useTranslation();
  const { status } = c;
  const current = caseMilestone(c);
  if (!current) return null;
  const index = MILESTONES.indexOf(current);
  const finished = status === 'closed' || status === 'reserved' || status === 'disbursed';
  // contract land is handed back to the village, not vacated and cancelled; the collective pays it
  const label = (m: Milestone) => milestoneLabel(m, c.type);
  const land = landStage(c);
  const due = c.pendingTask ? formatDeadline(c.pendingTask.dueAt, i18n.language) : '';
  return (
    <div>
      <p className="progress-text">
        {t('progress.step', {
          n: index + 1,
          total: MILESTONES.length,
          name: t(`progress.${label(current)}`),
        })}
      </p>
      {land && (
        <p className="meta" data-land-stage={land}>
          {t('progress.landNow', {
            stage:
              due && !['cancelled', 'handedOver'].includes(land)
                ? t(`progress.landStage.${land}Due`, { date: due })
                : t(`progress.landStage.${land}`),
          })}
        </p>
      )}
      <ol className="steps" aria-label={t('progress.label')}>
        {MILESTONES.map((m, i) => {
          const state = i < index || (finished && i === index) ? 'done' : i === index ? 'current' : 'todo';
          return (
            <li key={m} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="visually-hidden">{t(`progress.state.${state}`)} </span>
              <span className="steps__label">{t(`progress.${label(m)}`)}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The steps that wait for the household itself: their chase-ups are reminders to it, not to staff. */
const HOUSEHOLD_TASKS: readonly string[] = ['resubmission', 'resettlement_choice'];

/**
 * "已催办 2 次": the household hears that its case was chased up, not each reminder; who was chased
 * depends on whose step it is (staff, or the household itself).
 */
export function EscalationSummary({ c }: { c: Pick<CaseView, 'status' | 'pendingTask' | 'timeline'> }) {
  const { t } = useTranslation();
  const count = escalationCount(c);
  if (count === 0 || !c.pendingTask) return null;
  // a collective payment is the household's to answer once the village recorded it (its role says so)
  const yours = HOUSEHOLD_TASKS.includes(c.pendingTask.kind) || c.pendingTask.role === 'applicant';
  return (
    <p className="escalations">
      <strong>{t('progress.escalations', { count })}</strong>{' '}
      {yours ? t('progress.escalationsYours') : t('progress.escalationsText')}
    </p>
  );
}

/**
 * The case's history. A review decision reads as its step and decision with the reason codes in the
 * reader's language and the reviewer's own words (from `reviews[]`, matched by its time), not as the
 * server's joined note. For the household, the escalations are left out (summarised by
 * EscalationSummary) and so are the repeated "waiting" rows they bring; staff see the last of each run.
 */
export function Timeline({
  entries,
  reviews = [],
  milestones = [],
  household = false,
}: {
  entries: TimelineEntryView[];
  reviews?: ReviewView[];
  /** the land leg's recorded milestones: their rows read as the milestone and its fields in words */
  milestones?: readonly CaseView['milestones'][number][];
  household?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const kept = household ? entries.filter((e) => e.action !== TASK_ESCALATED_ACTION) : entries;
  // "waiting for …" rows repeat after every escalation; each step is shown once (told by the entry's
  // action code, never by its words)
  const unique = kept.filter(
    (e, i) => !(e.action === TASK_WAITING_ACTION && kept[i - 1]?.status === e.status && i > 0),
  );
  // the escalation ladder chases a step up again and again: staff see the latest of a run (its note
  // names the level and who was told), the audit trail keeps every one
  const shown = unique.filter(
    (e, i) =>
      !(
        e.action === TASK_ESCALATED_ACTION &&
        unique[i + 1]?.action === TASK_ESCALATED_ACTION &&
        unique[i + 1]?.status === e.status
      ),
  );
  return (
    <ol className="timeline">
      {shown.map((e, i) => {
        const step = reviewStepOfAction(e.action);
        const review = step ? reviews.find((r) => r.at === e.at && r.step === step) : undefined;
        // a milestone row by its action code (`milestone.disposed`), with the fields recorded at that moment
        const landKind = MILESTONE_ACTION.exec(e.action ?? '')?.[1] as keyof typeof RECORDER | undefined;
        const milestone = landKind ? milestones.find((m) => m.kind === landKind && m.at === e.at) : undefined;
        return (
          <li
            key={`${e.at}-${e.status}-${e.note}`}
            className={i === shown.length - 1 ? 'is-last' : undefined}
            data-action={e.action}
          >
            <div className="timeline__when">
              <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time> · {t(`status.${e.status}`)}
            </div>
            {review ? (
              <div className="timeline__what">
                <strong>
                  {t('timeline.review', {
                    step: t(`reviewStep.${review.step}`),
                    decision: t(`reviewDecision.${review.step}.${review.decision}`),
                  })}
                </strong>
                {reviewWords(review, t).map((w) => (
                  <span key={w} className="timeline__reason">
                    {w}
                  </span>
                ))}
              </div>
            ) : landKind ? (
              <div className="timeline__what">
                <strong>{t(`timeline.milestone_${landKind}`)}</strong>
                {milestone &&
                  milestoneWords(milestone, t).map((w) => (
                    <span key={w} className="timeline__reason">
                      {w}
                    </span>
                  ))}
              </div>
            ) : (
              <div className="timeline__what">{pickNote(e.note, i18n.language)}</div>
            )}
            <div className="meta">
              {t('timeline.by', {
                actor: review
                  ? t(`timeline.${STEP_BODY[review.step]}`)
                  : landKind
                    ? t(`timeline.${RECORDER[landKind]}`)
                    : timelineActor(e, t),
              })}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** Who decides each review step, as the household knows them (whatever the reviewer's account is). */
const STEP_BODY = { village_review: 'village', town_review: 'town', district_approval: 'district' } as const;

/** The actor as people read it (lib/format.ts timelineActor: office and name, never the raw id). */
export function actorLabel(actor: string, t: (k: string) => string): string {
  return timelineActor({ actor }, t);
}
