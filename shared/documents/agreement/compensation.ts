import {
  type AgreedAmounts,
  agreedAmounts,
  OfferNotAvailableError,
} from '../../domain/compensation/agreement.js';
import { groupedYuan } from '../../domain/compensation/format.js';
import { paymentSchedule } from '../../domain/compensation/schedule.js';
import type { Offer, OfferLine, ResettlementOption } from '../../domain/model/offer.js';
import { beijingDateTime } from '../words.js';
import type {
  AgreementContent,
  AgreementContentInput,
  AgreementLine,
  AgreementScheduleRow,
  AgreementTotal,
  ScheduleEntry,
} from './agreementTypes.js';
import {
  ATTACHMENT_LABELS,
  areaText,
  COMPONENT_LABELS,
  MILESTONE_DUE,
  moneyText,
  PAYER_LABELS,
} from './labels.js';

/**
 * 补偿 and 付款: every priced line of the chosen offer, the totals in figures and in 大写, and the payment
 * schedule. A signed agreement's figures are its own; a preview's are those `agreedAmounts` gives for a
 * signature at the preview's time, the function the signature itself uses.
 */
export interface Terms {
  option: ResettlementOption;
  offer: Offer;
  amounts: AgreedAmounts;
}

export function agreedTerms(input: AgreementContentInput): Terms {
  // a signed agreement fixed its option; a preview shows the one asked for
  const option = input.agreement?.option ?? input.option;
  const offer = input.case.offers.find((o) => o.option === option);
  if (!offer) throw new OfferNotAvailableError(option);
  if (input.agreement) return { option, offer, amounts: input.agreement };
  const offeredAt = input.case.offeredAt;
  if (!offeredAt) throw new OfferNotAvailableError(option);
  const amounts = agreedAmounts(offer, {
    offeredAt,
    rewardDays: input.params.rewardDays,
    signedAt: input.issuedAt,
  });
  return { option, offer, amounts };
}

function lineLabel(line: OfferLine): string {
  const name = COMPONENT_LABELS[line.component];
  switch (line.component) {
    case 'land_within_standard':
    case 'land_excess':
    case 'building':
      return `${name} · 宗地${line.subject}`;
    case 'attachment': {
      // subject `P1/well#1`: the parcel, the item and its place in the parcel's list
      const m = /^(.*)\/(well|wall|tree|shed)#\d+$/.exec(line.subject);
      const item = m?.[2] as keyof typeof ATTACHMENT_LABELS | undefined;
      return m && item
        ? `${name} · ${ATTACHMENT_LABELS[item].name}（宗地${m[1]}）`
        : `${name} · ${line.subject}`;
    }
    case 'premium':
      return line.subject === 'equity_premium' ? '股权退出上浮' : name;
    case 'housing_price':
      return `${line.subject === 'town_housing' ? '镇区' : '城区'}安置房价款（抵扣）`;
    case 'plot_rent':
      return `${name} · 地块${line.subject}`;
    default:
      return name;
  }
}

export function agreementLines(terms: Terms): AgreementLine[] {
  // the reward counts exactly when the agreed amount is the offer's amount with it
  const rewardCounted = terms.amounts.amountFen === terms.offer.amountFen;
  return terms.offer.lines.map((line, i) => {
    const counted = line.component !== 'reward' || rewardCounted;
    return {
      no: i + 1,
      component: line.component,
      label: lineLabel(line),
      formula: line.formula,
      amountFen: line.amountFen,
      amountText: counted ? groupedYuan(line.amountFen) : `不计入（${groupedYuan(line.amountFen)}）`,
      effect: line.component === 'housing_price' ? 'deduct' : 'add',
      counted,
    };
  });
}

export interface Totals {
  totals: AgreementTotal[];
  payable: AgreementContent['payable'];
  owedByHousehold?: AgreementContent['owedByHousehold'];
}

/**
 * Cash: one total, what the household receives. Housing (二(二)3 住房安置, 多退少补): the compensation,
 * the flat's price set against it, and the balance — paid to the household when positive; when negative
 * the household pays it, and it is written as 甲方需补交, never as an amount received.
 */
export function agreementTotals(input: AgreementContentInput, terms: Terms): Totals {
  const { amounts, offer } = terms;
  const payer = input.case.type === 'homestead_exit' ? '丙方' : '乙方';
  if (amounts.balanceFen === undefined) {
    const payable = moneyText(amounts.payableFen);
    return { totals: [{ label: `补偿总额（${payer}应付甲方）`, money: payable }], payable };
  }
  const price = offer.priceFen ?? amounts.amountFen - amounts.balanceFen;
  const totals: AgreementTotal[] = [
    { label: '补偿金额合计', money: moneyText(amounts.amountFen) },
    {
      label: '安置房价款',
      money: moneyText(price),
      ...(offer.entitledAreaM2 === undefined
        ? {}
        : { note: `可安置面积 ${areaText(offer.entitledAreaM2)} m²` }),
    },
  ];
  if (amounts.balanceFen >= 0) {
    totals.push({ label: `差价（${payer}应付甲方）`, money: moneyText(amounts.balanceFen) });
    return { totals, payable: moneyText(amounts.payableFen) };
  }
  const owed = moneyText(-amounts.balanceFen);
  totals.push({ label: '差价（甲方需补交）', money: owed, note: '安置房价款高于补偿金额，由甲方补交' });
  return { totals, payable: moneyText(amounts.payableFen), owedByHousehold: owed };
}

export function compensationNotes(input: AgreementContentInput, terms: Terms): string[] {
  const notes: string[] = [];
  const { offer, amounts } = terms;
  if (offer.rewardDeadline && offer.breakdown.rewardFen > 0) {
    const deadline = beijingDateTime(offer.rewardDeadline);
    const counted = amounts.amountFen === offer.amountFen;
    if (input.agreement) {
      notes.push(
        counted
          ? `甲方在提前签约奖励期限（${deadline}）内签署，奖励已计入。`
          : `甲方签署时已超过提前签约奖励期限（${deadline}），奖励不计入。`,
      );
    } else {
      notes.push(
        counted
          ? `提前签约奖励须于 ${deadline} 前签署方可获得；本预览按 ${beijingDateTime(input.issuedAt)} 签署计算，奖励已计入。`
          : `提前签约奖励的期限（${deadline}）已过，奖励不计入。`,
      );
    }
  }
  if (offer.option !== 'cash') notes.push('安置房的选房、交付和产权登记按安置房购房合同办理。');
  notes.push(
    `计价依据：政策参数版本 ${input.params.version}（${input.params.effectiveFrom} 起施行）；各项金额分别四舍五入到分后相加。`,
  );
  return notes;
}

/** The schedule the agreement states; the tranches always sum to the payable amount, or nothing is set. */
export function agreementSchedule(
  input: AgreementContentInput,
  totals: Totals,
): AgreementContent['schedule'] {
  const payableFen = totals.payable.fen;
  const entries: readonly ScheduleEntry[] =
    input.schedule && input.schedule.length > 0
      ? input.schedule
      : paymentSchedule(input.case.type, payableFen);
  const sum = entries.reduce((s, t) => s + t.amountFen, 0);
  // a schedule that does not add up to what the agreement promises must never be printed as if it did
  if (sum !== payableFen) {
    throw new RangeError(`the schedule of case ${input.case.caseId} sums to ${sum} fen, not ${payableFen}`);
  }
  const rows: AgreementScheduleRow[] = entries.map((t) => ({
    tranche: t.tranche,
    milestone: t.milestone,
    due: MILESTONE_DUE[t.milestone],
    sharePct: t.sharePct,
    amount: moneyText(t.amountFen),
    payer: PAYER_LABELS[t.payer],
  }));
  const notes: string[] = [];
  if (rows.length === 0) {
    notes.push('按本协议无需向甲方支付款项。');
    if (totals.owedByHousehold) {
      notes.push(
        `甲方需补交的差价 ${totals.owedByHousehold.figures}（${totals.owedByHousehold.capital}）在办理安置房购房手续时缴纳，不由专项基金垫付。`,
      );
    }
    return { rows, notes };
  }
  notes.push(
    entries.every((t) => t.payer === 'fund')
      ? '各期款项由专项基金在对应节点完成后先行垫付至甲方账户，无需等待土地再利用。'
      : `各期款项由乙方${input.case.type === 'contract_land_exit' ? '（或乙方指定的承接方）' : ''}在对应节点完成后支付至甲方账户；甲方收到后在应用中确认收款。`,
  );
  if (rows.length > 1) {
    notes.push(
      '除最后一期外，每期金额为应付总额乘以该期比例，四舍五入到分；最后一期为余额，各期合计等于应付总额。',
    );
  }
  return { rows, notes };
}
