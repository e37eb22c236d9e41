import { useTranslation } from 'react-i18next';
import type { CaseType, FindingView, RightName, RightsCheckView } from '../../api/contract';
import { Alert } from '../ui';

/** Why a case may or may not go on: the eligibility findings and the rights check, said positively. */

export function Findings({ findings }: { findings: FindingView[] }) {
  const { t, i18n } = useTranslation();
  if (findings.length === 0) return <p className="meta">{t('findings.none')}</p>;
  const failed = findings.filter((f) => !f.passed);
  return (
    <div>
      {failed.length === 0 ? (
        <Alert kind="ok">{t('findings.allPassed')}</Alert>
      ) : (
        <Alert kind="err">{t('findings.someFailed', { count: failed.length })}</Alert>
      )}
      <ul className="list">
        {[...failed, ...findings.filter((f) => f.passed)].map((f) => (
          <li className="finding" key={f.ruleId}>
            <span className={`finding__icon finding__icon--${f.passed ? 'ok' : 'fail'}`} aria-hidden="true">
              {f.passed ? '✓' : '!'}
            </span>
            <div>
              <span className="visually-hidden">
                {f.passed ? t('findings.passed') : t('findings.failed')}:{' '}
              </span>
              <strong>{t(`rule.${f.ruleId}`, { defaultValue: f.ruleId })}</strong>
              <p>{i18n.language === 'en' ? f.messageEn : f.messageZh}</p>
              <span className="clause">{t('findings.clause', { clause: f.clause })}</span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What an exit of this type never touches, said first and positively (二(二)3, 4(3), 5). */
export function rightsHeadlineKey(type: CaseType): string {
  if (type === 'homestead_exit') return 'rights.headlineHomestead';
  if (type === 'equity_exit') return 'rights.headlineEquity';
  return 'rights.headlineContract';
}

const BASIS: Record<CaseType, string> = {
  homestead_exit: 'rights.basisHomestead',
  contract_land_exit: 'rights.basisContract',
  equity_exit: 'rights.basisEquity',
};

/**
 * The rights check said positively: what the household keeps, in the words of the action plan,
 * before what it gives up. A violation is never softened: it is named with the right it concerns.
 */
export function RightsKept({ type, check }: { type: CaseType; check?: RightsCheckView | undefined }) {
  const { t, i18n } = useTranslation();
  const kept: { right: RightName; detail?: string }[] = [];
  const given: { right: RightName; detail?: string }[] = [];
  if (check) {
    const b = check.before;
    const a = check.after;
    const goneUse = b.homesteadUse.filter((p) => !a.homesteadUse.includes(p));
    const keptUse = a.homesteadUse;
    const goneLand = b.contractLand.filter((p) => !a.contractLand.includes(p));
    const goneShares = b.equityShares - a.equityShares;
    if (goneUse.length > 0) given.push({ right: 'homestead_use', detail: goneUse.join('、') });
    if (goneLand.length > 0) given.push({ right: 'contract_land', detail: goneLand.join('、') });
    // 资格权 surrendered by the household's own choice (with proof of other housing), never by default
    if (b.homesteadQualification && !a.homesteadQualification)
      given.push({ right: 'homestead_qualification' });
    if (goneShares > 0)
      given.push({ right: 'equity_shares', detail: t('rights.shares', { count: goneShares }) });
    if (a.contractLand.length > 0) kept.push({ right: 'contract_land', detail: a.contractLand.join('、') });
    if (a.collectiveIncomeDistribution) kept.push({ right: 'collective_income_distribution' });
    if (a.homesteadQualification) kept.push({ right: 'homestead_qualification' });
    if (keptUse.length > 0) kept.push({ right: 'homestead_use', detail: keptUse.join('、') });
    if (a.equityShares > 0)
      kept.push({ right: 'equity_shares', detail: t('rights.shares', { count: a.equityShares }) });
    if (a.socialInsurance.length > 0)
      kept.push({
        right: 'social_insurance',
        detail: a.socialInsurance.map((s) => t(`insurance.${s}`, { defaultValue: s })).join('、'),
      });
  }
  return (
    <div>
      <div className="rights-kept">
        <strong>{t(rightsHeadlineKey(type))}</strong>
        <p className="clause" style={{ color: 'inherit' }}>
          {t(BASIS[type])}
        </p>
        {kept.length > 0 && (
          <ul>
            {kept.map((k) => (
              <li key={k.right}>
                {t('rights.kept', { right: t(`right.${k.right}`) })}
                {k.detail ? `（${k.detail}）` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
      {given.length > 0 && (
        <p>
          {t('rights.givenUp')}{' '}
          {given.map((g) => `${t(`right.${g.right}`)}${g.detail ? `（${g.detail}）` : ''}`).join('；')}
        </p>
      )}
      {check && check.violations.length > 0 && (
        <Alert kind="err" title={t('rights.violationTitle')}>
          <ul>
            {check.violations.map((v) => (
              <li key={v.right}>
                <strong>{t(`right.${v.right}`)}</strong>：{i18n.language === 'en' ? v.messageEn : v.messageZh}
              </li>
            ))}
          </ul>
          <p>{t('rights.violationHelp')}</p>
        </Alert>
      )}
    </div>
  );
}
