import { useTranslation } from 'react-i18next';
import { TASK_WAITING_ACTION } from '../../../../shared/contract/timelineActions';
import type { CaseStatus, TimelineEntryView } from '../../api/contract';
import { formatDateTime, pickNote } from '../../lib/format';

/** The life cycle as a household reads it: eight milestones instead of nineteen statuses. */
const MILESTONES = ['submit', 'eligibility', 'review', 'notice', 'choice', 'fund', 'done'] as const;
const MILESTONE_OF: Partial<Record<CaseStatus, (typeof MILESTONES)[number]>> = {
  draft: 'submit',
  submitted: 'eligibility',
  eligibility: 'eligibility',
  ineligible: 'eligibility',
  rights_blocked: 'eligibility',
  resubmitted: 'eligibility',
  village_review: 'review',
  returned: 'review',
  rejected: 'review',
  public_notice: 'notice',
  offers: 'choice',
  agreement_signed: 'fund',
  fund_review: 'fund',
  awaiting_funds: 'fund',
  disbursed: 'done',
  reserved: 'done',
  closed: 'done',
};

export function CaseProgress({ status, advanceRejected }: { status: CaseStatus; advanceRejected?: boolean }) {
  const { t } = useTranslation();
  const current = status === 'rejected' && advanceRejected ? 'fund' : MILESTONE_OF[status];
  if (!current) return null;
  const index = MILESTONES.indexOf(current);
  const finished = status === 'closed' || status === 'reserved' || status === 'disbursed';
  return (
    <div>
      <p className="progress-text">
        {t('progress.step', { n: index + 1, total: MILESTONES.length, name: t(`progress.${current}`) })}
      </p>
      <ol className="steps" aria-label={t('progress.label')}>
        {MILESTONES.map((m, i) => {
          const state = i < index || (finished && i === index) ? 'done' : i === index ? 'current' : 'todo';
          return (
            <li key={m} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="visually-hidden">{t(`progress.state.${state}`)} </span>
              <span className="steps__label">{t(`progress.${m}`)}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function Timeline({ entries }: { entries: TimelineEntryView[] }) {
  const { t, i18n } = useTranslation();
  // "waiting for …" rows repeat after every escalation; the household needs each step once (told by
  // the entry's action code, never by its words)
  const shown = entries.filter(
    (e, i) => !(e.action === TASK_WAITING_ACTION && entries[i - 1]?.status === e.status && i > 0),
  );
  return (
    <ol className="timeline">
      {shown.map((e, i) => (
        <li key={`${e.at}-${e.status}-${e.note}`} className={i === shown.length - 1 ? 'is-last' : undefined}>
          <div className="timeline__when">
            <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time> · {t(`status.${e.status}`)}
          </div>
          <div className="timeline__what">{pickNote(e.note, i18n.language)}</div>
          <div className="meta">{t('timeline.by', { actor: actorLabel(e.actor, t) })}</div>
        </li>
      ))}
    </ol>
  );
}

export function actorLabel(actor: string, t: (k: string) => string): string {
  if (actor.startsWith('system:')) return t('timeline.system');
  if (actor.startsWith('applicant-')) return t('timeline.household');
  if (actor.startsWith('reviewer-')) return t('timeline.village');
  if (actor.startsWith('fund-')) return t('timeline.fund');
  return actor;
}
