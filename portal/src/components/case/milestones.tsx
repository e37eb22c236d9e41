import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../api/contract';
import { formatDateTime } from '../../lib/format';

type RecordedMilestone = CaseView['milestones'][number];
type T = (key: string, values?: Record<string, unknown>) => string;

/**
 * A recorded milestone's fields in words (处置方式, the numbers, the area, who took the land), never its
 * codes: the household and the next desk read the same lines.
 */
export function milestoneWords(m: RecordedMilestone, t: T): string[] {
  const words: string[] = [];
  if (m.documentIds?.length) words.push(t('land.words.photos', { count: m.documentIds.length }));
  if (m.disposition)
    words.push(t('land.words.disposition', { what: t(`land.disposition.${m.disposition}`) }));
  if (m.acceptanceNo) words.push(t('land.words.acceptanceNo', { no: m.acceptanceNo }));
  if (m.acceptedAreaM2 !== undefined)
    words.push(t('land.words.acceptedArea', { area: m.acceptedAreaM2.toFixed(2) }));
  if (m.planApprovalNo) words.push(t('land.words.planApprovalNo', { no: m.planApprovalNo }));
  if (m.cancellationNo) words.push(t('land.words.cancellationNo', { no: m.cancellationNo }));
  if (m.taker)
    words.push(
      m.taker.creditCode
        ? t('land.words.takerWithCode', { name: m.taker.name, code: m.taker.creditCode })
        : t('land.words.taker', { name: m.taker.name }),
    );
  return words;
}

/** The audit action of a recorded milestone (shared/cases/commands/milestones/record.ts), with its kind. */
export const MILESTONE_ACTION = /^milestone\.(vacated|disposed|certificate_cancelled|handed_over)$/;

/** Who records each milestone, as the household knows them (whatever the account is called). */
export const RECORDER = {
  vacated: 'village',
  handed_over: 'village',
  disposed: 'landOfficer',
  certificate_cancelled: 'registrar',
} as const;

/** The land leg so far: each milestone recorded, when, by whom, and what was recorded. */
export function MilestoneList({ milestones }: { milestones: readonly RecordedMilestone[] }) {
  const { t, i18n } = useTranslation();
  if (milestones.length === 0) return <p className="meta">{t('land.noMilestones')}</p>;
  return (
    <ol className="timeline">
      {milestones.map((m, i) => (
        <li key={`${m.kind}-${m.at}`} className={i === milestones.length - 1 ? 'is-last' : undefined}>
          <div className="timeline__when">
            <time dateTime={m.at}>{formatDateTime(m.at, i18n.language)}</time>
          </div>
          <div className="timeline__what">
            <strong>{t(`land.kind.${m.kind}`)}</strong>
            {milestoneWords(m, t).map((w) => (
              <span key={w} className="timeline__reason">
                {w}
              </span>
            ))}
          </div>
          <div className="meta">{t('timeline.by', { actor: t(`timeline.${RECORDER[m.kind]}`) })}</div>
        </li>
      ))}
    </ol>
  );
}
