import { useTranslation } from 'react-i18next';
import type { CaseType, OfferView, ResettlementOption } from '../../api/contract';
import { formatDateTime, formatFen } from '../../lib/format';

type T = (k: string, o?: Record<string, unknown>) => string;

/**
 * The breakdown's rows of an offer, by type of exit: the land, the building and its attachments of a
 * homestead (lines that are zero say nothing), the plots of contract land, the shares of an equity exit
 * (shares × share value); then the premium, the reward and the qualification right surrendered
 * (资格权, a line of every homestead offer when the household chose to surrender it).
 */
export function breakdownRows(type: CaseType, b: OfferView['breakdown'], t: T): [string, number][] {
  const rows: [string, number][] = [];
  if (type === 'equity_exit') rows.push([t('offer.shares'), b.sharesFen ?? b.landFen]);
  else if (type === 'contract_land_exit') rows.push([t('offer.plots'), b.landFen]);
  else {
    rows.push([t('offer.land'), b.landFen]);
    if (b.buildingFen > 0) rows.push([t('offer.building'), b.buildingFen]);
    if (b.attachmentsFen > 0) rows.push([t('offer.attachments'), b.attachmentsFen]);
  }
  if (b.premiumFen > 0)
    rows.push([type === 'equity_exit' ? t('offer.equityPremium') : t('offer.premium'), b.premiumFen]);
  if (b.rewardFen > 0) rows.push([t('offer.reward'), b.rewardFen]);
  if ((b.qualificationFen ?? 0) > 0) rows.push([t('offer.qualification'), b.qualificationFen ?? 0]);
  return rows;
}

/** The option's one-line description: an equity or contract-land cash offer is not the homestead's. */
function optionDescKey(type: CaseType, o: OfferView): string {
  if (type === 'contract_land_exit') return 'option.cashContractDesc';
  if (type === 'equity_exit') return 'option.cashEquityDesc';
  return `option.${o.option}Desc`;
}

function offerHeadline(o: OfferView, lang: string, t: T) {
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
        const rows = breakdownRows(type, b, t);
        const titleId = `offer-${o.option}-title`;
        return (
          <section
            key={o.option}
            className={`offer${chosen === o.option ? ' offer--chosen' : ''}`}
            aria-labelledby={titleId}
          >
            <h3 id={titleId}>{t(`option.${o.option}`)}</h3>
            <span className="meta">{t(optionDescKey(type, o))}</span>
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
