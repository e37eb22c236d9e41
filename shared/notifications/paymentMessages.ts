import { yuan } from '../domain/compensation/format.js';

/**
 * The household's notices about its money (先行垫付, 分期支付): waiting in the fund's queue, and paid. With
 * a payment schedule of more than one tranche the notice names the tranche (`tranche` of `tranches`,
 * from the event's detail); a case paid in one sum reads as before.
 */
export interface PaymentNotice {
  to: 'household';
  zh: string;
  en: string;
}

export function queuedNotice(tranche: number | undefined, tranches: number | undefined): PaymentNotice {
  if (tranche && tranches && tranche > 1) {
    return {
      to: 'household',
      zh: `第 ${tranche} 期补偿款（共 ${tranches} 期）已到拨付节点，按顺序等待拨付`,
      en: `Tranche ${tranche} of ${tranches} is due; waiting in line for payment`,
    };
  }
  return {
    to: 'household',
    zh: '垫付已批准，按顺序等待拨付',
    en: 'Advance approved; waiting in line for payment',
  };
}

export function paidNotice(tranche: number | undefined, tranches: number | undefined): PaymentNotice {
  if (tranche && tranches && tranches > 1) {
    return {
      to: 'household',
      zh: `补偿款已拨付（第 ${tranche} 期，共 ${tranches} 期）`,
      en: `The compensation has been paid (tranche ${tranche} of ${tranches})`,
    };
  }
  return { to: 'household', zh: '补偿款已拨付', en: 'The compensation has been paid' };
}

/**
 * Who pays (wave 2): notices about the collective's payments of contract land and equity. The village is
 * told a tranche is due; the household that it was paid (with the bank reference) and must confirm it;
 * a dispute goes to the village and the town (DOMAIN.md: "a dispute escalates to the town").
 */
export interface CollectiveNotice {
  to: 'household' | 'village' | 'town';
  zh: string;
  en: string;
  bodyZh?: string;
  bodyEn?: string;
}

const yuanText = (fen: number | undefined) => (fen === undefined ? '' : `¥${yuan(fen)}`);

export function collectiveNotices(
  type:
    | 'CollectivePaymentDue'
    | 'CollectivePaymentRecorded'
    | 'CollectivePaymentConfirmed'
    | 'CollectivePaymentDisputed',
  d: {
    tranche?: number | undefined;
    amountFen?: number | undefined;
    bankReference?: string | undefined;
    text?: string | undefined;
  },
): CollectiveNotice[] {
  const which = d.tranche ? `第 ${d.tranche} 期` : '';
  const whichEn = d.tranche ? `tranche ${d.tranche}` : 'a tranche';
  const amount = yuanText(d.amountFen);
  switch (type) {
    case 'CollectivePaymentDue':
      return [
        {
          to: 'village',
          zh: `退出补偿${which}应由村集体支付 ${amount}`,
          en: `${whichEn} (${amount}) is due from the village collective`,
          bodyZh: '支付后请在系统中登记银行流水号，由农户确认收款。',
          bodyEn: 'Once paid, record the bank reference; the household then confirms the receipt.',
        },
        {
          to: 'household',
          zh: `村集体将支付${which}补偿款 ${amount}`,
          en: `The collective will pay ${whichEn} (${amount})`,
        },
      ];
    case 'CollectivePaymentRecorded':
      return [
        {
          to: 'household',
          zh: `村集体已支付${which}补偿款 ${amount}，请确认是否收到`,
          en: `The collective paid ${whichEn} (${amount}); please confirm you received it`,
          bodyZh: d.bankReference ? `银行流水号：${d.bankReference}` : '',
          bodyEn: d.bankReference ? `Bank reference: ${d.bankReference}` : '',
        },
      ];
    case 'CollectivePaymentConfirmed':
      return [
        {
          to: 'village',
          zh: `农户已确认收到${which}补偿款 ${amount}`,
          en: `The household confirmed ${whichEn} (${amount}) was received`,
        },
      ];
    case 'CollectivePaymentDisputed':
      return [
        {
          to: 'town',
          zh: `农户对村集体${which}支付有异议，请核查`,
          en: `A household disputes the collective's payment of ${whichEn}; please look into it`,
          bodyZh: d.text ?? '',
          bodyEn: d.text ?? '',
        },
        {
          to: 'village',
          zh: `农户对${which}支付有异议，已告知镇审核员`,
          en: `The household disputes ${whichEn}; the town has been told`,
          bodyZh: d.text ?? '',
          bodyEn: d.text ?? '',
        },
      ];
  }
}
