import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../api/contract';
import { formatDateTime, formatFen } from '../../lib/format';

type Terms = Pick<CaseView, 'type' | 'application' | 'qualificationRight' | 'equity' | 'offers'>;

/** Whether the case has wave-2 terms to show: a homestead's qualification right, an equity exit's shares. */
export const hasExitTerms = (c: Pick<CaseView, 'type'>) =>
  c.type === 'homestead_exit' || c.type === 'equity_exit';

/**
 * What this exit is about beyond the land (DOMAIN.md wave 2): for a homestead, whether the qualification
 * right (资格权) is kept or was surrendered for the premium; for an equity exit, the shares, the share
 * value the offer was priced with, where the members' meeting sent the shares, the year whose buy-back
 * quota holds them, and when the registry's holding fell.
 */
export function ExitTerms({ c }: { c: Terms }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const app = c.application;
  if (app.type === 'homestead_exit') {
    const choice = c.qualificationRight ?? app.qualificationRight ?? 'keep';
    const premium = c.offers.map((o) => o.breakdown.qualificationFen ?? 0).find((fen) => fen > 0);
    return (
      <dl className="facts">
        <dt>{t('right.homestead_qualification')}</dt>
        <dd>
          <strong>{t(`terms.qualification.${choice}`)}</strong>
          <span className="meta" style={{ display: 'block' }}>
            {choice === 'keep'
              ? t('terms.qualification.keepText')
              : premium !== undefined
                ? t('terms.qualification.surrenderPremium', { amount: formatFen(premium, lang) })
                : t('terms.qualification.surrenderText')}
          </span>
        </dd>
      </dl>
    );
  }
  if (app.type !== 'equity_exit') return null;
  const shares = c.equity?.shares ?? app.shares;
  const value = c.equity?.shareValueFen;
  return (
    <dl className="facts">
      <dt>{t('check.shares')}</dt>
      <dd>{t('rights.shares', { count: shares })}</dd>
      <dt>{t('terms.shareValue')}</dt>
      <dd>
        {value === undefined
          ? t('terms.shareValueLater')
          : t('terms.shareValueText', {
              value: formatFen(value, lang),
              shares,
              // an integer product of integers: exact to the fen, no float division
              total: formatFen(shares * value, lang),
            })}
      </dd>
      <dt>{t('equity.sharesGoTo')}</dt>
      <dd>{c.equity?.sharesGoTo ? t(`sharesGoTo.${c.equity.sharesGoTo}`) : t('terms.sharesGoToLater')}</dd>
      {c.equity?.redemptionYear !== undefined && (
        <>
          <dt>{t('terms.redemptionYear')}</dt>
          <dd>{t('terms.redemptionYearText', { year: c.equity.redemptionYear })}</dd>
        </>
      )}
      {c.equity?.sharesCancelledAt && (
        <>
          <dt>{t('terms.sharesCancelled')}</dt>
          <dd>{formatDateTime(c.equity.sharesCancelledAt, lang)}</dd>
        </>
      )}
    </dl>
  );
}
