import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../api/contract';
import { fetchPaymentReceipt, hasReceipt } from '../../api/documents';
import { paidByCollective } from '../../lib/collectivePayment';
import { formatDateTime, formatFen } from '../../lib/format';
import { IssuedPdfButton } from '../IssuedPdfButton';
import { moneyText } from './money';

/** After the signature: the agreement as signed, and the special fund's advance on it. */

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
        {(ag.surrendered ?? [])
          .map((s) => {
            // an equity exit gives up shares, a surrendered qualification right names no items
            const what =
              s.shares !== undefined ? t('rights.shares', { count: s.shares }) : s.items.join('、');
            return `${t(`right.${s.right}`)}${what ? `（${what}）` : ''}`;
          })
          .join('；') || '—'}
      </dd>
      <dt>{t('fc.village')}</dt>
      <dd>{c.village}</dd>
    </dl>
  );
}

/** The payment's progress: the special fund's advance (homestead), or the collective's payments. */
export function AdvanceProgress({ c, foldSchedule = false }: { c: CaseView; foldSchedule?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const a = c.advance;
  const ag = c.agreement;
  if (!ag) return null;
  if (paidByCollective(c))
    return (
      <div>
        <p>{t('collective.payable', { amount: moneyText(ag.payableFen ?? ag.amountFen, lang) })}</p>
        <Schedule c={c} fold={foldSchedule} />
      </div>
    );
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
          ? t('advance.amount', { amount: moneyText(payable, lang) })
          : t('advance.nothingPayable', { amount: moneyText(-(ag.balanceFen ?? 0), lang) })}
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
      <Schedule c={c} fold={foldSchedule} />
    </div>
  );
}

/**
 * The schedule on the household's page is folded under its title and number of tranches: on a phone
 * each tranche is a block of four lines, and the household has the step and the amount above it.
 */
function Schedule({ c, fold }: { c: CaseView; fold: boolean }) {
  const { t } = useTranslation();
  const n = c.paymentSchedule.length;
  if (!fold || n < 2) return <PaymentSchedule c={c} />;
  return (
    <details className="more">
      <summary>{t('household.schedule', { count: n })}</summary>
      <PaymentSchedule c={c} />
    </details>
  );
}

type Tranche = CaseView['paymentSchedule'][number];

/**
 * Where a tranche is, in words: its state (a payable tranche of the collective waits for the village),
 * when it was paid, the bank's reference of a collective's transfer, the household's confirmation or
 * its dispute.
 */
function TrancheState({ tr }: { tr: Tranche }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state =
    tr.status === 'payable' && tr.payer === 'collective'
      ? t('advance.schedule.state.payableCollective')
      : t(`advance.schedule.state.${tr.status}`);
  // one block: on a phone the cell is a flex row of its label and its content
  return (
    <span>
      {state}
      {tr.paidAt ? `（${formatDateTime(tr.paidAt, lang)}）` : ''}
      {tr.bankReference && (
        <span className="meta" style={{ display: 'block' }}>
          {t('advance.schedule.bankReference', { ref: tr.bankReference })}
        </span>
      )}
      {tr.confirmedAt && (
        <span className="meta" style={{ display: 'block' }}>
          {t('advance.schedule.confirmedAt', { date: formatDateTime(tr.confirmedAt, lang) })}
        </span>
      )}
      {tr.dispute && (
        <span className="meta" style={{ display: 'block' }}>
          {t('advance.schedule.dispute', {
            date: formatDateTime(tr.dispute.at, lang),
            text: tr.dispute.text,
          })}
        </span>
      )}
    </span>
  );
}

/** "下载付款凭证" of one paid tranche (issue 15): the receipt's link is fetched on the click. */
function ReceiptButton({ caseId, tranche }: { caseId: string; tranche: number }) {
  const { t } = useTranslation();
  return (
    <IssuedPdfButton
      linkStyle
      fetchDoc={() => fetchPaymentReceipt(caseId, tranche)}
      label={
        <>
          {t('issuedPdf.receipt')}
          <span className="visually-hidden"> {t('issuedPdf.receiptOf', { n: tranche })}</span>
        </>
      }
    />
  );
}

/**
 * The agreement's payment schedule (分期支付): each tranche, the milestone it is paid at, who pays it
 * (the special fund or the village collective), and where it is. A schedule of one tranche is shown
 * when the collective pays it (its bank reference and the household's answer belong somewhere). Given
 * the case id, each paid tranche offers its receipt (付款凭证); everyone shown a schedule may have it.
 */
export function PaymentSchedule({ c }: { c: Pick<CaseView, 'paymentSchedule'> & { caseId?: string } }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const schedule = c.paymentSchedule ?? [];
  if (schedule.length < 2 && !schedule.some((tr) => tr.payer === 'collective')) return null;
  return (
    <div className="table-wrap">
      <table className="table--stack">
        <caption>
          <strong>{t('advance.schedule.title')}</strong>
          <span className="meta"> {t('advance.schedule.caption')}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('advance.schedule.when')}</th>
            <th scope="col">{t('advance.schedule.share')}</th>
            <th scope="col">{t('advance.schedule.amount')}</th>
            <th scope="col">{t('advance.schedule.payer')}</th>
            <th scope="col">{t('advance.schedule.status')}</th>
          </tr>
        </thead>
        <tbody>
          {schedule.map((tr) => (
            <tr key={tr.tranche}>
              <th scope="row">
                {t('advance.schedule.tranche', { n: tr.tranche })}：
                {t(`advance.schedule.milestone.${tr.milestone}`)}
              </th>
              <td data-label={t('advance.schedule.share')}>{tr.sharePct}%</td>
              <td data-label={t('advance.schedule.amount')}>{formatFen(tr.amountFen, lang)}</td>
              <td data-label={t('advance.schedule.payer')}>{t(`advance.schedule.payerName.${tr.payer}`)}</td>
              <td data-label={t('advance.schedule.status')}>
                <TrancheState tr={tr} />
                {c.caseId && hasReceipt(tr.status) && (
                  <ReceiptButton caseId={c.caseId} tranche={tr.tranche} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
