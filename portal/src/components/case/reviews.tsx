import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../api/contract';
import { formatDate, formatDateTime } from '../../lib/format';

/**
 * The review decisions of the chain 村 → 镇 → 区 (DOMAIN.md wave 2) as people read them: the step, the
 * decision, the reason codes in the reader's language, the village's reasons in its own words, the
 * note, and the members' meeting behind a village decision.
 */
export type ReviewStep = ReviewView['step'];
export type ReviewDecision = ReviewView['decision'];
export type ReviewReasonCode = ReviewView['reasonCodes'][number];

/**
 * The reason codes in the order a reviewer meets them. A `Record` over the contract's code type (the
 * list itself, REVIEW_REASON_CODES, lives in a zod module the bundle must not pull in): a code added
 * to the contract fails the type check here until it has its place and its words (i18n `reasonCode`).
 */
const CODE_ORDER: Record<ReviewReasonCode, number> = {
  facts_verified: 0,
  documents_incomplete: 1,
  area_mismatch: 2,
  ownership_disputed: 3,
  not_quorate: 4,
  other: 5,
};
export const REASON_CODES = (Object.keys(CODE_ORDER) as ReviewReasonCode[]).sort(
  (a, b) => CODE_ORDER[a] - CODE_ORDER[b],
);

/** What a decision says, in order: the codes in words, the village's reasons, then the note. */
export function reviewWords(r: ReviewView, t: (k: string) => string): string[] {
  return [...r.reasonCodes.map((code) => t(`reasonCode.${code}`)), ...r.reasons, ...(r.note ? [r.note] : [])];
}

const DECISION_TONE: Record<ReviewDecision, string> = { approve: 'ok', return: 'action', reject: 'stop' };

/** One decision's step and outcome as a badge (in words, never by colour alone). */
export function DecisionBadge({ r }: { r: Pick<ReviewView, 'step' | 'decision'> }) {
  const { t } = useTranslation();
  return (
    <span className={`status status--${DECISION_TONE[r.decision]}`}>
      {t('timeline.review', {
        step: t(`reviewStep.${r.step}`),
        decision: t(`reviewDecision.${r.step}.${r.decision}`),
      })}
    </span>
  );
}

/**
 * The earlier steps' decisions, oldest first, for the next reviewer: the town reads the village's
 * resolution and reasons, the district also the town's codes and note. Staff see who decided.
 */
export function ReviewHistory({ reviews, id = 'reviews' }: { reviews: ReviewView[]; id?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section className="card" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{t('reviews.title')}</h2>
      {reviews.length === 0 ? (
        <p className="meta">{t('reviews.none')}</p>
      ) : (
        <>
          <p className="meta">{t('reviews.lead')}</p>
          <ol className="list review-history">
            {reviews.map((r) => (
              <li key={`${r.at}-${r.step}`} className="review-entry" data-step={r.step}>
                <h3 className="review-entry__head">
                  <DecisionBadge r={r} />
                </h3>
                <p className="meta">
                  <time dateTime={r.at}>{formatDateTime(r.at, lang)}</time> ·{' '}
                  {t('reviews.by', { actor: r.actor })}
                </p>
                <dl className="facts">
                  {r.reasonCodes.length > 0 && (
                    <>
                      <dt>{t('reviews.codes')}</dt>
                      <dd>
                        {r.reasonCodes.map((code) => (
                          <span key={code} className="tag">
                            {t(`reasonCode.${code}`)}
                          </span>
                        ))}
                      </dd>
                    </>
                  )}
                  {r.reasons.length > 0 && (
                    <>
                      <dt>{t('reviews.reasons')}</dt>
                      <dd>
                        <ul className="plain-list">
                          {r.reasons.map((reason) => (
                            <li key={reason}>{reason}</li>
                          ))}
                        </ul>
                      </dd>
                    </>
                  )}
                  {r.note && (
                    <>
                      <dt>{t('reviews.note')}</dt>
                      <dd className="review-entry__note">{r.note}</dd>
                    </>
                  )}
                  {r.resolution && (
                    <>
                      <dt>{t('reviews.resolution')}</dt>
                      <dd>
                        {t('reviews.resolutionText', {
                          date: formatDate(`${r.resolution.meetingDate}T00:00:00+08:00`, lang),
                          present: r.resolution.membersPresent,
                          votesFor: r.resolution.votesFor,
                          votesAgainst: r.resolution.votesAgainst,
                        })}
                      </dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** A decision's reasons for the household: codes in words, the village's reasons, the note. */
export function ReviewReasons({ r }: { r: ReviewView }) {
  const { t } = useTranslation();
  const words = reviewWords(r, t);
  if (words.length === 0) return null;
  return (
    <ul>
      {words.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}
