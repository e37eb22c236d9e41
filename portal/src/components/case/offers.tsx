import { useTranslation } from 'react-i18next';
import type { CaseType, OfferView, ResettlementOption } from '../../api/contract';
import { formatDeadline, formatFen } from '../../lib/format';
import { Money, moneyText } from './money';

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

/**
 * What the household ends up with, money-wise: "您将获得" (cash, or a flat's compensation above its price)
 * or "您需补交" (a flat dearer than the compensation). The two are different things and never look
 * alike: what is paid is set smaller, in its own box, and the flat itself is the offer's headline.
 */
function offerNet(o: OfferView): { fen: number; pay: boolean } {
  if (o.option === 'cash') return { fen: o.amountFen, pay: false };
  const balance = o.balanceFen ?? o.amountFen - (o.priceFen ?? 0);
  return balance >= 0 ? { fen: balance, pay: false } : { fen: -balance, pay: true };
}

function NetLine({ o, lang, t }: { o: OfferView; lang: string; t: T }) {
  const net = offerNet(o);
  const label = net.pay
    ? t('household.youPay')
    : o.option === 'cash'
      ? t('offer.youReceive')
      : t('household.youGetBalance');
  return (
    <p className={`net net--${net.pay ? 'pay' : 'get'}`} data-net={net.pay ? 'pay' : 'get'}>
      <span className="net__label">{label}</span>
      <Money fen={net.fen} lang={lang} className="net__amount" />
      {net.pay && <span className="net__why">{t('household.youPayWhy')}</span>}
    </p>
  );
}

/** The flat of a housing offer: its area, its price per m² (price ÷ area, to the fen) and its price. */
function FlatLine({ o, lang, t }: { o: OfferView; lang: string; t: T }) {
  if (o.entitledAreaM2 === undefined || o.priceFen === undefined) return null;
  const perM2 = o.entitledAreaM2 > 0 ? Math.round(o.priceFen / o.entitledAreaM2) : 0;
  return (
    <p className="flat">
      <span className="flat__area">{t('household.flatArea', { area: o.entitledAreaM2.toFixed(2) })}</span>
      <span className="meta">
        {t('household.flatPrice', { price: formatFen(perM2, lang).replace('¥', '') })}
        {' · '}
        {t('household.flatTotal', { amount: moneyText(o.priceFen, lang) })}
      </span>
    </p>
  );
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
  fold = false,
}: {
  type: CaseType;
  offers: OfferView[];
  chosen?: ResettlementOption | undefined;
  selectable?: boolean;
  selected?: ResettlementOption | undefined;
  onSelect?: (o: ResettlementOption) => void;
  error?: string | undefined;
  /** the household's page: the breakdown folded under "补偿明细", the choice and the net in view */
  fold?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // the early-signing reward is a condition of signing, the same for every offer: said once, above
  // them, while the household chooses; once signed it says nothing
  const reward = selectable ? offers.find((o) => o.breakdown.rewardFen > 0 && o.rewardDeadline) : undefined;
  const body = (
    <>
      {reward?.rewardDeadline && (
        <p className="meta">
          {t('offer.rewardCondition', { date: formatDeadline(reward.rewardDeadline, lang) })}
        </p>
      )}
      <div className="offers">
        {offers.map((o) => {
          const b = o.breakdown;
          const rows = breakdownRows(type, b, t);
          const titleId = `offer-${o.option}-title`;
          const net = offerNet(o);
          const breakdown = (
            <>
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
                        <th scope="row">{net.pay ? t('offer.balanceOwed') : t('offer.balancePaid')}</th>
                        <td className="num">
                          <strong>{formatFen(net.fen, lang)}</strong>
                        </td>
                      </tr>
                    </>
                  )}
                </tbody>
              </table>
              {o.lines && o.lines.length > 0 && (
                <details>
                  <summary>{t('offer.howCalculated')}</summary>
                  <ul>
                    {o.lines.map((l) => (
                      <li key={`${l.component}-${l.subject}`}>
                        {t(`line.${l.component}`, { defaultValue: l.component })}（{l.subject}）：{l.formula}{' '}
                        = {formatFen(l.amountFen, lang)}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          );
          return (
            <section
              key={o.option}
              className={`offer${chosen === o.option ? ' offer--chosen' : ''}`}
              aria-labelledby={titleId}
            >
              <h3 id={titleId}>{t(`option.${o.option}`)}</h3>
              <span className="meta">{t(optionDescKey(type, o))}</span>
              <FlatLine o={o} lang={lang} t={t} />
              <NetLine o={o} lang={lang} t={t} />
              {fold ? (
                <details className="offer__more">
                  <summary>{t('household.breakdown')}</summary>
                  {breakdown}
                </details>
              ) : (
                breakdown
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
    </>
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
