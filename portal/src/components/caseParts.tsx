import { useTranslation } from 'react-i18next';
import type {
  CaseStatus,
  CaseType,
  CaseView,
  FindingView,
  OfferView,
  ResettlementOption,
  RightName,
  RightsCheckView,
  TimelineEntryView,
} from '../api/contract';
import { formatDateTime, formatFen, pickNote } from '../lib/format';
import { Alert } from './ui';

/** The life cycle as a household reads it: eight milestones instead of nineteen statuses. */
const MILESTONES = ['submit', 'eligibility', 'review', 'notice', 'choice', 'fund', 'done'] as const;
const MILESTONE_OF: Partial<Record<CaseStatus, (typeof MILESTONES)[number]>> = {
  draft: 'submit',
  submitted: 'eligibility',
  eligibility: 'eligibility',
  ineligible: 'eligibility',
  rights_blocked: 'eligibility',
  resubmitted: 'eligibility',
  village_review: 'review',
  returned: 'review',
  rejected: 'review',
  public_notice: 'notice',
  offers: 'choice',
  agreement_signed: 'fund',
  fund_review: 'fund',
  awaiting_funds: 'fund',
  disbursed: 'done',
  reserved: 'done',
  closed: 'done',
};

export function CaseProgress({ status, advanceRejected }: { status: CaseStatus; advanceRejected?: boolean }) {
  const { t } = useTranslation();
  const current = status === 'rejected' && advanceRejected ? 'fund' : MILESTONE_OF[status];
  if (!current) return null;
  const index = MILESTONES.indexOf(current);
  const finished = status === 'closed' || status === 'reserved' || status === 'disbursed';
  return (
    <div>
      <p className="progress-text">
        {t('progress.step', { n: index + 1, total: MILESTONES.length, name: t(`progress.${current}`) })}
      </p>
      <ol className="steps" aria-label={t('progress.label')}>
        {MILESTONES.map((m, i) => {
          const state = i < index || (finished && i === index) ? 'done' : i === index ? 'current' : 'todo';
          return (
            <li key={m} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="visually-hidden">{t(`progress.state.${state}`)} </span>
              <span className="steps__label">{t(`progress.${m}`)}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function Timeline({ entries }: { entries: TimelineEntryView[] }) {
  const { t, i18n } = useTranslation();
  // "waiting for …" rows repeat after every escalation; the household needs each step once
  const shown = entries.filter(
    (e, i) => !(e.note.startsWith('等待办理') && entries[i - 1]?.status === e.status && i > 0),
  );
  return (
    <ol className="timeline">
      {shown.map((e, i) => (
        <li key={`${e.at}-${e.status}-${e.note}`} className={i === shown.length - 1 ? 'is-last' : undefined}>
          <div className="timeline__when">
            <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time> · {t(`status.${e.status}`)}
          </div>
          <div className="timeline__what">{pickNote(e.note, i18n.language)}</div>
          <div className="meta">{t('timeline.by', { actor: actorLabel(e.actor, t) })}</div>
        </li>
      ))}
    </ol>
  );
}

export function actorLabel(actor: string, t: (k: string) => string): string {
  if (actor.startsWith('system:')) return t('timeline.system');
  if (actor.startsWith('applicant-')) return t('timeline.household');
  if (actor.startsWith('reviewer-')) return t('timeline.village');
  if (actor.startsWith('fund-')) return t('timeline.fund');
  return actor;
}

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

/**
 * The rights check said positively: what the household keeps, in the words of the action plan,
 * before what it gives up. A violation is never softened: it is named with the right it concerns.
 */
export function RightsKept({ type, check }: { type: CaseType; check?: RightsCheckView | undefined }) {
  const { t, i18n } = useTranslation();
  const kept: { right: RightName; detail?: string }[] = [];
  const given: { right: RightName; items: string[] }[] = [];
  if (check) {
    const b = check.before;
    const a = check.after;
    const goneUse = b.homesteadUse.filter((p) => !a.homesteadUse.includes(p));
    const keptUse = a.homesteadUse;
    const goneLand = b.contractLand.filter((p) => !a.contractLand.includes(p));
    if (goneUse.length > 0) given.push({ right: 'homestead_use', items: goneUse });
    if (goneLand.length > 0) given.push({ right: 'contract_land', items: goneLand });
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
        <strong>
          {type === 'homestead_exit' ? t('rights.headlineHomestead') : t('rights.headlineContract')}
        </strong>
        <p className="clause" style={{ color: 'inherit' }}>
          {t(type === 'homestead_exit' ? 'rights.basisHomestead' : 'rights.basisContract')}
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
          {given.map((g) => `${t(`right.${g.right}`)}（${g.items.join('、')}）`).join('；')}
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

/** The signed agreement as the fund and the audit read it: what was agreed, what is payable, what was given up. */
export function AgreementFacts({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ag = c.agreement;
  if (!ag) return <p className="meta">{t('fc.noAgreement')}</p>;
  return (
    <dl className="facts">
      <dt>{t('fc.agreementId')}</dt>
      <dd>{ag.agreementId}</dd>
      <dt>{t('fc.option')}</dt>
      <dd>{t(`option.${ag.option}`)}</dd>
      <dt>{t('fc.compensation')}</dt>
      <dd>{formatFen(ag.amountFen, lang)}</dd>
      <dt>{t('fc.payable')}</dt>
      <dd>
        <strong>{formatFen(ag.payableFen ?? ag.amountFen, lang)}</strong>
      </dd>
      <dt>{t('fc.signedAt')}</dt>
      <dd>{formatDateTime(ag.signedAt, lang)}</dd>
      <dt>{t('fc.surrendered')}</dt>
      <dd>
        {(ag.surrendered ?? []).map((s) => `${t(`right.${s.right}`)}（${s.items.join('、')}）`).join('；') ||
          '—'}
      </dd>
      <dt>{t('fc.village')}</dt>
      <dd>{c.village}</dd>
    </dl>
  );
}

export function AdvanceProgress({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const a = c.advance;
  const ag = c.agreement;
  if (!ag) return null;
  const payable = ag.payableFen ?? ag.amountFen;
  const required = a?.requiredApprovals ?? 1;
  const approvals = a?.approvals.filter((x) => x.decision === 'approve').length ?? 0;
  const steps: { key: string; done: boolean; text: string }[] = [
    { key: 'signed', done: true, text: t('advance.signed', { date: formatDateTime(ag.signedAt, lang) }) },
    {
      key: 'approval',
      done: a !== undefined && a.status !== 'pending_approval' && a.status !== 'rejected',
      text:
        a?.status === 'rejected'
          ? t('advance.rejected', { reason: a.rejectionReason ?? '' })
          : t('advance.approvals', { n: approvals, required }),
    },
    {
      key: 'paid',
      done: a?.status === 'paid',
      text:
        a?.status === 'paid'
          ? t('advance.paid', { date: formatDateTime(a.paidAt, lang) })
          : a?.status === 'queued'
            ? t('advance.queued')
            : t('advance.notYetPaid'),
    },
  ];
  return (
    <div>
      <p>
        {payable > 0
          ? t('advance.amount', { amount: formatFen(payable, lang) })
          : t('advance.nothingPayable', { amount: formatFen(-(ag.balanceFen ?? 0), lang) })}
      </p>
      <ol className="timeline">
        {steps.map((s, i) => (
          <li key={s.key} className={s.done ? 'is-last' : undefined}>
            <div className="timeline__what">
              <span className="visually-hidden">
                {s.done ? t('progress.state.done') : t('progress.state.todo')}{' '}
              </span>
              {t(`advance.step.${s.key}`)}
              {i === 1 && required > 1 && <span className="tag">{t('advance.fourEyes')}</span>}
            </div>
            <div className="meta">{s.text}</div>
          </li>
        ))}
      </ol>
    </div>
  );
}
