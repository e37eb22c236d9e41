import { useTranslation } from 'react-i18next';
import type { CaseView, HouseholdRecord } from '../../../api/contract';
import { formatDateTime, isAdultOn, maskNationalId } from '../../../lib/format';

/**
 * The facts a village reviewer weighs side by side: what the household claims (its application) and
 * what the registry holds about it.
 */

/** A member's name as the case recorded it; the id where the case has no names (filed before issue 18). */
function nameOf(c: CaseView, memberId: string): string {
  return c.memberNames?.find((m) => m.memberId === memberId)?.name ?? memberId;
}

/** What the household claims, from its application. */
export function Claims({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const app = c.application;
  if (!app) return <p className="meta">{t('review.noApplication')}</p>;
  return (
    <dl className="facts">
      <dt>{t('check.type')}</dt>
      <dd>{t(`caseType.${app.type}`)}</dd>
      {app.type === 'homestead_exit' && (
        <>
          <dt>{t('check.parcels')}</dt>
          <dd>{app.parcelIds.join('、')}</dd>
          <dt>{t('check.qualification')}</dt>
          <dd>{t(`qualification.${c.qualificationRight ?? app.qualificationRight ?? 'keep'}`)}</dd>
        </>
      )}
      {app.type === 'equity_exit' && (
        <>
          <dt>{t('check.shares')}</dt>
          <dd>{t('rights.shares', { count: app.shares })}</dd>
          {c.equity?.sharesGoTo && (
            <>
              <dt>{t('equity.sharesGoTo')}</dt>
              <dd>{t(`sharesGoTo.${c.equity.sharesGoTo}`)}</dd>
            </>
          )}
        </>
      )}
      {app.type === 'contract_land_exit' && (
        <>
          <dt>{t('check.scope')}</dt>
          <dd>{t(`scope.${app.scope}`)}</dd>
          {app.plotIds && (
            <>
              <dt>{t('check.plots')}</dt>
              <dd>{app.plotIds.join('、')}</dd>
            </>
          )}
          <dt>{t('check.term')}</dt>
          <dd>{t(`term.${app.term}`)}</dd>
        </>
      )}
      <dt>{t('check.consent')}</dt>
      <dd>
        {app.consents
          .map((x) => `${nameOf(c, x.memberId)}（${formatDateTime(x.signedAt, i18n.language)}）`)
          .join('；')}
      </dd>
      <dt>{t('check.declaration')}</dt>
      <dd>{app.declarations.voluntary ? t('check.voluntaryYes') : '—'}</dd>
    </dl>
  );
}

/**
 * What the registry says. The full record when the API lets a reviewer read it; otherwise the rights
 * the eligibility assessment recorded from the registry (rightsCheck.before), which every case carries.
 */
export function RegistryFacts({ c, household }: { c: CaseView; household: HouseholdRecord | undefined }) {
  const { t } = useTranslation();
  const app = c.application;
  const claimed =
    app?.type === 'homestead_exit'
      ? app.parcelIds
      : app?.type === 'contract_land_exit'
        ? (app.plotIds ?? [])
        : [];
  if (household) {
    return (
      <dl className="facts">
        <dt>{t('review.members')}</dt>
        <dd>
          {household.members.map((m) => (
            <div key={m.memberId}>
              {m.name}（{m.relation}，{isAdultOn(m.birthDate) ? t('review.adult') : t('review.minor')}）{' '}
              <span className="meta">
                {m.memberId} · {maskNationalId(m.nationalId)}
              </span>
            </div>
          ))}
        </dd>
        <dt>{t('review.homesteads')}</dt>
        <dd>
          {household.homesteads.map((p) => (
            <div key={p.parcelId}>
              <strong>{p.parcelId}</strong> {p.areaM2} m² · {t(`parcelStatus.${p.status}`)}
              {claimed.includes(p.parcelId) && <span className="tag">{t('review.claimed')}</span>}
            </div>
          ))}
        </dd>
        <dt>{t('review.plots')}</dt>
        <dd>
          {household.contractPlots.map((p) => (
            <div key={p.plotId}>
              <strong>{p.plotId}</strong> {t('apply.plotTitle', { id: '', area: p.areaMu }).trim()} ·{' '}
              {t(`plotStatus.${p.status}`)}
            </div>
          ))}
        </dd>
        <dt>{t('right.equity_shares')}</dt>
        <dd>
          {t('rights.shares', { count: household.rights.equityShares })}
          {app?.type === 'equity_exit' && (
            <span className="tag">{t('review.claimedShares', { count: app.shares })}</span>
          )}
        </dd>
        <dt>{t('review.nonFarm')}</dt>
        <dd>
          {t('review.nonFarmText', {
            insurance: household.nonFarm.socialInsuranceMonths,
            residence: household.nonFarm.urbanResidenceMonths,
            licence: household.nonFarm.businessLicenceMonths,
          })}
        </dd>
      </dl>
    );
  }
  const before = c.rightsCheck?.before;
  if (!before) return <p className="meta">{t('review.noRegistry')}</p>;
  return (
    <>
      <dl className="facts">
        <dt>{t('right.homestead_use')}</dt>
        <dd>
          {before.homesteadUse.map((p) => (
            <span key={p} className="tag">
              {p}
              {claimed.includes(p) ? ` · ${t('review.claimed')}` : ''}
            </span>
          ))}
        </dd>
        <dt>{t('right.contract_land')}</dt>
        <dd>{before.contractLand.join('、') || '—'}</dd>
        <dt>{t('right.homestead_qualification')}</dt>
        <dd>{before.homesteadQualification ? t('review.yes') : t('review.no')}</dd>
        <dt>{t('right.collective_income_distribution')}</dt>
        <dd>{before.collectiveIncomeDistribution ? t('review.yes') : t('review.no')}</dd>
        <dt>{t('right.equity_shares')}</dt>
        <dd>{before.equityShares}</dd>
        <dt>{t('right.social_insurance')}</dt>
        <dd>
          {before.socialInsurance.map((s) => t(`insurance.${s}`, { defaultValue: s })).join('、') || '—'}
        </dd>
      </dl>
      <p className="meta">{t('review.registryFromAssessment')}</p>
    </>
  );
}

/** The objections raised during the public notice (公示异议), which this review must hear. */
export function ObjectionsHeard({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  if (c.objections.length === 0) return null;
  return (
    <section className="card" aria-labelledby="objections-title">
      <h2 id="objections-title">{t('review.objections')}</h2>
      <ul className="list">
        {c.objections.map((o) => (
          <li key={o.objectionId} className="finding">
            <span>
              {o.text}
              <span className="meta" style={{ display: 'block' }}>
                {o.objectionId} · {formatDateTime(o.at, i18n.language)}
              </span>
            </span>
            <span className={`status status--${o.resolved ? 'ok' : 'action'}`}>
              {t(o.resolved ? 'review.objectionResolved' : 'review.objectionOpen')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
