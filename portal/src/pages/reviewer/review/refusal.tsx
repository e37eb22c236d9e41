import { useTranslation } from 'react-i18next';
import type { ReceivedProblem } from '../../../api/client';
import { Alert } from '../../../components/ui';

/**
 * A decision the API refused because its words make the exit conditional on giving up another right
 * (422 RULE_REFUSED with `violations`, 二(二)3, 4(3)): which rights, in the reader's language, and what
 * to do. Every review step shows it the same way: the village's reasons, the town's and district's note.
 */
export function ConditionalRefusal({
  problem,
  step = 'village_review',
}: {
  problem: ReceivedProblem;
  /** the village is told to have its bylaw checked by the town; the town and the district fix the note */
  step?: 'village_review' | 'town_review' | 'district_approval';
}) {
  const { t, i18n } = useTranslation();
  return (
    <Alert kind="err" title={t('review.refusedTitle')} live>
      <p>{t('review.refusedText')}</p>
      <ul>
        {problem.violations?.map((v) => (
          <li key={v.right}>
            <strong>{t(`right.${v.right}`)}</strong>：{i18n.language === 'en' ? v.messageEn : v.messageZh}
          </li>
        ))}
      </ul>
      <p>{step === 'village_review' ? t('review.refusedWhat') : t('chain.refusedWhat')}</p>
    </Alert>
  );
}
