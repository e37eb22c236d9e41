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
