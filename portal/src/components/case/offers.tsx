import { useTranslation } from 'react-i18next';
import type { CaseType, OfferView, ResettlementOption } from '../../api/contract';
import { formatDateTime, formatFen } from '../../lib/format';

function offerHeadline(o: OfferView, lang: string, t: (k: string, o?: Record<string, unknown>) => string) {
  if (o.option === 'cash')
    return { label: t('offer.youReceive'), amount: formatFen(o.amountFen, lang), owe: false };
  const balance = o.balanceFen ?? o.amountFen - (o.priceFen ?? 0);
  return balance >= 0
    ? { label: t('offer.balanceToYou'), amount: formatFen(balance, lang), owe: false }
    : { label: t('offer.balanceYouPay'), amount: formatFen(-balance, lang), owe: true };
}

/** The offers side by side, each with the whole breakdown and every priced line's formula. */
export function OffersCompare({
  type,
  offers,
  chosen,
  selectable,
  selected,
  onSelect,
  error,
}: {
  type: CaseType;
  offers: OfferView[];
  chosen?: ResettlementOption | undefined;
  selectable?: boolean;
  selected?: ResettlementOption | undefined;
  onSelect?: (o: ResettlementOption) => void;
  error?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const body = (
    <div className="offers">
      {offers.map((o) => {
        const head = offerHeadline(o, lang, t);
        const b = o.breakdown;
        // a contract-land offer has no building or attachments: lines that are zero say nothing
        const rows: [string, number][] = (
          [
            [type === 'contract_land_exit' ? t('offer.plots') : t('offer.land'), b.landFen],
            [t('offer.building'), b.buildingFen],
            [t('offer.attachments'), b.attachmentsFen],
          ] as [string, number][]
        ).filter(([, fen], i) => i === 0 || fen > 0);
        if (b.premiumFen > 0) rows.push([t('offer.premium'), b.premiumFen]);
        if (b.rewardFen > 0) rows.push([t('offer.reward'), b.rewardFen]);
        const titleId = `offer-${o.option}-title`;
        return (
          <section
            key={o.option}
            className={`offer${chosen === o.option ? ' offer--chosen' : ''}`}
            aria-labelledby={titleId}
          >
            <h3 id={titleId}>{t(`option.${o.option}`)}</h3>
            <span className="meta">
              {t(type === 'contract_land_exit' ? 'option.cashContractDesc' : `option.${o.option}Desc`)}
            </span>
            <span className="meta" style={{ marginTop: 8 }}>
              {head.label}
            </span>
            <span className={`offer__amount${head.owe ? ' offer__amount--owe' : ''}`}>{head.amount}</span>
            {o.entitledAreaM2 !== undefined && (
              <span className="meta">{t('offer.entitledArea', { area: o.entitledAreaM2 })}</span>
            )}
            <table>
              <caption className="visually-hidden">
                {t('offer.breakdownOf', { option: t(`option.${o.option}`) })}
              </caption>
              <tbody>
                {rows.map(([label, fen]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td className="num">{formatFen(fen, lang)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('offer.compensationTotal')}</th>
                  <td className="num">
                    <strong>{formatFen(o.amountFen, lang)}</strong>
                  </td>
                </tr>
                {o.priceFen !== undefined && (
                  <>
                    <tr>
                      <th scope="row">{t('offer.housingPrice')}</th>
                      <td className="num">{formatFen(-o.priceFen, lang)}</td>
                    </tr>
                    <tr>
                      <th scope="row">{head.owe ? t('offer.balanceOwed') : t('offer.balancePaid')}</th>
                      <td className="num">
                        <strong>{head.amount}</strong>
                      </td>
                    </tr>
                  </>
                )}
              </tbody>
            </table>
            {b.rewardFen > 0 && o.rewardDeadline && (
              <p className="meta">
                {t('offer.rewardCondition', { date: formatDateTime(o.rewardDeadline, lang) })}
              </p>
            )}
            {o.lines && o.lines.length > 0 && (
              <details>
                <summary>{t('offer.howCalculated')}</summary>
                <ul>
                  {o.lines.map((l) => (
                    <li key={`${l.component}-${l.subject}`}>
                      {t(`line.${l.component}`, { defaultValue: l.component })}（{l.subject}）：{l.formula} ={' '}
                      {formatFen(l.amountFen, lang)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {selectable && onSelect && (
              <label className="choice" style={{ marginTop: 'auto', marginBottom: 0 }}>
                <input
                  type="radio"
                  name="resettlement-option"
                  value={o.option}
                  checked={selected === o.option}
                  onChange={() => onSelect(o.option)}
                />
                <span className="choice__body">
                  <span className="choice__title">
                    {t('offer.choose', { option: t(`option.${o.option}`) })}
                  </span>
                </span>
              </label>
            )}
            {chosen === o.option && <p className="status status--ok">{t('offer.chosen')}</p>}
          </section>
        );
      })}
    </div>
  );
  if (!selectable) return body;
  return (
    <div className={`field${error ? ' field--error' : ''}`} id="option" tabIndex={-1}>
      <fieldset aria-describedby={error ? 'option-error' : undefined}>
        <legend className="label">{t('offer.legend')}</legend>
        {error && (
          <span className="error-text" id="option-error">
            {error}
          </span>
        )}
        {body}
      </fieldset>
    </div>
  );
}
