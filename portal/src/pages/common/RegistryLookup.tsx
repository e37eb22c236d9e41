import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHousehold } from '../../api/hooks';
import { Field, Loading, PageHeader, QueryError } from '../../components/ui';
import { isAdultOn, maskNationalId } from '../../lib/format';

/** Registrars and auditors look a household up in the rights registry the rules check against. */
export function RegistryLookup() {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [id, setId] = useState<string>();
  const q = useHousehold(id, id !== undefined);
  const h = q.data;
  return (
    <div className="narrow">
      <PageHeader title={t('registry.title')} lead={t('registry.lead')} />
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          setId(input.trim() || undefined);
        }}
      >
        <Field label={t('registry.householdId')} hint={t('registry.hint')}>
          {({ id: fieldId, describedBy }) => (
            <input
              id={fieldId}
              type="text"
              value={input}
              aria-describedby={describedBy}
              autoComplete="off"
              onChange={(e) => setInput(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary">
          {t('registry.search')}
        </button>
      </form>
      {id && q.isPending && <Loading />}
      {q.isError && <QueryError error={q.error} />}
      {h && (
        <section className="card" aria-labelledby="household-title">
          <h2 id="household-title">{h.householdId}</h2>
          <dl className="facts">
            <dt>{t('registry.village')}</dt>
            <dd>{h.villageCode}</dd>
            <dt>{t('review.members')}</dt>
            <dd>
              {h.members.map((m) => (
                <div key={m.memberId}>
                  {m.name}（{m.relation}，{isAdultOn(m.birthDate) ? t('review.adult') : t('review.minor')}）
                  <span className="meta"> {maskNationalId(m.nationalId)}</span>
                </div>
              ))}
            </dd>
            <dt>{t('review.homesteads')}</dt>
            <dd>
              {h.homesteads.map((p) => (
                <div key={p.parcelId}>
                  {p.parcelId} · {p.areaM2} m² · {t(`parcelStatus.${p.status}`)}
                </div>
              ))}
            </dd>
            <dt>{t('review.plots')}</dt>
            <dd>
              {h.contractPlots.map((p) => (
                <div key={p.plotId}>
                  {p.plotId} · {p.areaMu} · {t(`plotStatus.${p.status}`)}
                </div>
              ))}
            </dd>
          </dl>
        </section>
      )}
    </div>
  );
}
