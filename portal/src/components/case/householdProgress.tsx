import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../api/contract';
import { landStage } from '../../lib/landStage';
import { dayText } from './money';
import { caseMilestone, MILESTONE_OF, MILESTONES, type Milestone, milestoneLabel } from './progress';

type Case = Pick<CaseView, 'status' | 'advance' | 'reviews' | 'timeline' | 'type'> &
  Partial<Pick<CaseView, 'pendingTask' | 'milestones'>>;

/**
 * Who handles each step, as the household knows them (not the account that did it): the household
 * itself, the automatic check, the village, the town, the district, the fund or the collective.
 */
function officeKey(m: Milestone, type: CaseView['type']): string {
  switch (m) {
    case 'submit':
    case 'choice':
      return 'you';
    case 'eligibility':
      return 'system';
    case 'review':
    case 'notice':
      return 'village';
    case 'town':
      return 'town';
    case 'district':
      return 'district';
    case 'fund':
      return type === 'homestead_exit' ? 'fund' : 'collective';
    case 'land':
      return type === 'homestead_exit' ? 'villageAndLand' : 'village';
    case 'done':
      return 'none';
  }
}

/**
 * The day the case first reached each step, from its timeline: a step is finished on the day the case
 * reached the next one (a return to the village and back does not move the day it was first reached).
 */
function reachedOn(timeline: CaseView['timeline']): Map<number, string> {
  const reached = new Map<number, string>();
  for (const e of timeline) {
    const m = MILESTONE_OF[e.status];
    if (!m) continue;
    const index = MILESTONES.indexOf(m);
    for (let i = 0; i <= index; i += 1) if (!reached.has(i)) reached.set(i, e.at);
  }
  return reached;
}

/**
 * 办理进度 as the service apps show it: a labelled vertical list, every step named (on a phone too),
 * each finished step with its day and each step with the office that handles it; the current step says
 * whose it is and by when.
 */
export function HouseholdProgress({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const current = caseMilestone(c);
  if (!current) return null;
  const index = MILESTONES.indexOf(current);
  const finished = c.status === 'closed' || c.status === 'reserved' || c.status === 'disbursed';
  const reached = reachedOn(c.timeline);
  const label = (m: Milestone) => t(`progress.${milestoneLabel(m, c.type)}`);
  const land = landStage(c);
  return (
    <section className="card" data-section="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t('household.progressTitle')}</h2>
      <p className="progress-text">
        {t('progress.step', { n: index + 1, total: MILESTONES.length, name: label(current) })}
      </p>
      {land && (
        <p className="meta" data-land-stage={land}>
          {t('progress.landNow', { stage: t(`progress.landStage.${land}`) })}
        </p>
      )}
      <ol className="vsteps" aria-label={t('progress.label')}>
        {MILESTONES.map((m, i) => {
          const state = i < index || (finished && i === index) ? 'done' : i === index ? 'current' : 'todo';
          const office = officeKey(m, c.type);
          const on = state === 'done' ? (reached.get(i + 1) ?? reached.get(i)) : undefined;
          const due = state === 'current' && c.pendingTask ? dayText(c.pendingTask.dueAt, lang) : '';
          return (
            <li key={m} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="visually-hidden">{t(`progress.state.${state}`)} </span>
              <span className="vsteps__name">{label(m)}</span>
              <span className="vsteps__meta">
                {state === 'current' && <span className="vsteps__now">{t('household.now')}</span>}
                {on && <time dateTime={on}>{dayText(on, lang)}</time>}
                {office !== 'none' && <span>{t(`household.office.${office}`)}</span>}
                {due && <span>{t('household.dueBy', { date: due })}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
