import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, bodyKey, newIdempotencyKey } from '../../../api/client';
import type { CaseView, ResettlementOption } from '../../../api/contract';
import { AgreementPdfButton } from '../../../components/case/AgreementPdf';
import { rightsHeadlineKey } from '../../../components/case/findings';
import { moneyText } from '../../../components/case/money';
import { OffersCompare } from '../../../components/case/offers';
import { SubmitButton } from '../../../components/form';
import { Choice, ErrorSummary, type FormError, fieldError, ServerError } from '../../../components/ui';
import { useAction } from './useAction';

/** The offers side by side, one chosen, and the agreement signed by choosing (退出协议). */
export function ChooseAndSign({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [option, setOption] = useState<ResettlementOption>();
  const [agreed, setAgreed] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);
  const action = useAction(c.caseId);
  const key = useRef(newIdempotencyKey());
  const chosen = c.offers.find((o) => o.option === option);
  const app = c.application;
  const parcels =
    app?.type === 'homestead_exit'
      ? t('sign.parcels', { list: app.parcelIds.join('、') })
      : app?.type === 'contract_land_exit'
        ? app.scope === 'all'
          ? t('sign.allPlots')
          : t('sign.plots', { list: (app.plotIds ?? []).join('、') })
        : app?.type === 'equity_exit'
          ? t('sign.shares', { count: app.shares })
          : '';

  const sign = async () => {
    const found: FormError[] = [];
    if (!option) found.push({ field: 'option', key: 'sign.err.option' });
    if (!agreed) found.push({ field: 'agree', key: 'sign.err.agree' });
    setErrors(found);
    if (found.length > 0 || !option) return;
    await action.run(() =>
      apiFetch(`/cases/${encodeURIComponent(c.caseId)}/resettlement`, {
        body: { option },
        idempotencyKey: bodyKey(key.current, { option }),
        retryWhileNotReady: true,
      }),
    );
  };

  return (
    <section className="card card--accent" aria-labelledby="choose-title">
      <h2 id="choose-title">{t('sign.title')}</h2>
      <p>{t(c.type === 'homestead_exit' ? 'sign.lead' : 'sign.leadCollective')}</p>
      <ErrorSummary errors={errors} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void sign();
        }}
      >
        <OffersCompare
          type={c.type}
          offers={c.offers}
          selectable
          selected={option}
          onSelect={(o) => setOption(o)}
          error={fieldError(errors, 'option', t)}
          fold
        />
        <div
          className={`field${errors.some((e) => e.field === 'agree') ? ' field--error' : ''}`}
          style={{ marginTop: 16 }}
        >
          <h3>{t('sign.agreementTitle')}</h3>
          <p>
            {chosen
              ? t('sign.agreementText', {
                  option: t(`option.${chosen.option}`),
                  amount: moneyText(chosen.amountFen, lang),
                  parcels: parcels || t(`caseType.${c.type}`),
                })
              : t('sign.agreementPick')}
          </p>
          <p>{t(rightsHeadlineKey(c.type))}</p>
          {chosen && (
            <>
              <p className="meta">{t('sign.readPdfHint')}</p>
              <AgreementPdfButton caseId={c.caseId} option={chosen.option} label={t('sign.readPdf')} />
            </>
          )}
          {errors.some((e) => e.field === 'agree') && (
            <span className="error-text" id="agree-error">
              {fieldError(errors, 'agree', t)}
            </span>
          )}
          <Choice
            id="agree"
            type="checkbox"
            name="agree"
            value="yes"
            checked={agreed}
            onChange={setAgreed}
            title={t('sign.agreeCheck')}
          />
        </div>
        <ServerError error={action.error} />
        <div className="btn-row">
          <SubmitButton busy={action.busy}>{t('sign.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
