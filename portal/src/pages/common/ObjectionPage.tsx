import { useTranslation } from 'react-i18next';
import { useLocation } from '../../app/router';
import { ObjectionForm } from '../../components/Objection';
import { Alert, PageHeader } from '../../components/ui';

/**
 * 公示异议 for anyone signed in: a villager who reads a notice on the village board cannot open someone
 * else's case, so the form asks for the case number printed on the notice.
 */
export function ObjectionPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  return (
    <div className="narrow">
      <PageHeader title={t('objection.pageTitle')} lead={t('objection.pageLead')} />
      <Alert kind="info">
        <p>{t('objection.pageWho')}</p>
        <p>{t('objection.pageAfter')}</p>
      </Alert>
      <section className="card" aria-labelledby="objection-form-title">
        <h2 id="objection-form-title">{t('objection.formTitle')}</h2>
        <ObjectionForm idPrefix="objection" initialCaseNumber={search.get('case') ?? ''} />
      </section>
    </div>
  );
}
