import { townOfVillage } from '../auth/town.js';
import { chinaDateTime } from '../domain/chinaDate.js';
import { yuan } from '../domain/compensation/format.js';
import type { DomainEvent } from '../domain/model/event.js';
import type { HumanStep } from '../workflow/contract.js';
import { type InboxItem, recipients } from './inbox.js';
import { AUDIENCE_TEXT, type Audience, escalationAudiences, RESPONSIBLE } from './ladder.js';
import { collectiveNotices, paidNotice, queuedNotice } from './paymentMessages.js';

/**
 * Which inbox items a domain event gives, and their text (Chinese for the people who act, English
 * beside it). A function of the event alone, so the notify consumer and a producer that writes its own
 * notice (escalate) build byte-identical items with the same keys.
 */
interface Message {
  to: Audience;
  zh: string;
  en: string;
  bodyZh?: string;
  bodyEn?: string;
}

const STEP_TEXT: Record<HumanStep, { zh: string; en: string }> = {
  village_review: { zh: '村集体审核', en: 'village review' },
  town_review: { zh: '镇审核', en: 'town audit' },
  district_approval: { zh: '区审批', en: 'district approval' },
  resubmission: { zh: '补正材料', en: 'correction and resubmission' },
  resettlement_choice: { zh: '选择安置方式并签订协议', en: 'choice of resettlement and signature' },
  fund_review: { zh: '专项基金垫付审批', en: 'fund advance approval' },
  awaiting_funds: { zh: '专项基金拨付', en: 'fund payment' },
  vacated: { zh: '腾退确认', en: 'confirming the vacating' },
  disposed: { zh: '处置（复垦验收）登记', en: 'recording the disposition' },
  certificate_cancelled: { zh: '不动产注销登记', en: 'cancelling the certificate' },
  handed_over: { zh: '承包地交回（承接）登记', en: 'recording the handover' },
  collective_payment: { zh: '村集体支付及农户确认收款', en: "the collective's payment and its receipt" },
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

function messagesFor(e: DomainEvent): Message[] {
  const d = e.detail;
  const to = e.toStatus;
  switch (e.type) {
    case 'CaseSubmitted':
      return [
        {
          to: 'household',
          zh: '申请已提交，正在审查资格',
          en: 'Application submitted; eligibility is being checked',
        },
      ];
    case 'CaseResubmitted':
      return [
        {
          to: 'household',
          zh: '补正材料已提交，重新审查资格',
          en: 'Resubmitted; eligibility is checked again',
        },
      ];
    case 'EligibilityAssessed':
      if (to === 'ineligible') {
        return [
          {
            to: 'household',
            zh: '经审查，本次申请不符合退出条件',
            en: 'The application does not meet the exit conditions',
            bodyZh: '请在案件中查看每条规则的审查结果；对结果有异议的，可申诉一次。',
            bodyEn: 'Each rule and its reason is shown in the case; you may appeal the result once.',
          },
        ];
      }
      if (to === 'village_review') {
        return [
          {
            to: 'household',
            zh: '资格审查通过，已转村集体审核',
            en: 'Eligible: the application is now with the village',
          },
          { to: 'village', zh: '有新的退出申请待审核', en: 'A new exit application awaits review' },
        ];
      }
      // the start of an assessment tells nobody anything yet
      return [];
    case 'RightsChecked':
      return to === 'rights_blocked'
        ? [
            {
              to: 'household',
              zh: '权益保障检查未通过，案件暂停',
              en: 'The rights check blocked the case',
              bodyZh: '本次退出不得改变申请范围以外的权利；请在案件中查看涉及的权利，可申诉一次。',
              bodyEn:
                'An exit may not change rights outside its scope; see the right named in the case. You may appeal once.',
            },
          ]
        : [];
    case 'ReviewDecided': {
      const decision = str(d.decision);
      const step = str(d.step) ?? 'village_review';
      if (decision === 'approve' && step === 'town_review') {
        return [
          { to: 'household', zh: '镇审核通过，报区审批', en: 'Approved by the town; on to the district' },
          { to: 'district', zh: '有退出申请待区审批', en: 'An exit awaits the district’s approval' },
        ];
      }
      if (decision === 'approve' && step === 'district_approval') {
        return [{ to: 'household', zh: '区审批通过', en: 'Approved by the district' }];
      }
      if (step !== 'village_review' && (decision === 'reject' || decision === 'return')) {
        const by = step === 'town_review' ? { zh: '镇', en: 'town' } : { zh: '区', en: 'district' };
        return [
          decision === 'reject'
            ? {
                to: 'household',
                zh: `${by.zh}审核不予通过，可申诉一次`,
                en: `Rejected by the ${by.en}; you may appeal once`,
              }
            : {
                to: 'household',
                zh: `${by.zh}审核退回补正，请按意见修改后重新提交`,
                en: `Returned by the ${by.en} for correction: please amend and resubmit`,
              },
        ];
      }
      if (decision === 'approve') {
        return [
          {
            to: 'household',
            zh: '村集体审核通过，进入公示',
            en: 'Approved by the village; public notice begins',
          },
        ];
      }
      if (decision === 'return') {
        return [
          {
            to: 'household',
            zh: '申请被退回补正，请按意见修改后重新提交',
            en: 'Returned for correction: please amend and resubmit',
          },
        ];
      }
      if (decision === 'reject') {
        return [
          {
            to: 'household',
            zh: '村集体审核不予通过，可申诉一次',
            en: 'Rejected by the village; you may appeal once',
          },
        ];
      }
      return [];
    }
    case 'PublicNoticeStarted': {
      const days = num(d.days);
      const zhDays = days === undefined ? '' : `，为期${days}天`;
      const enDays = days === undefined ? '' : ` for ${days} days`;
      return [
        { to: 'household', zh: `退出申请开始公示${zhDays}`, en: `Public notice of the exit begins${enDays}` },
        { to: 'village', zh: `退出申请开始公示${zhDays}`, en: `Public notice of an exit begins${enDays}` },
      ];
    }
    case 'ObjectionRaised':
      if (to === 'village_review') {
        return [
          {
            to: 'village',
            zh: '公示期满，有未处理的异议，案件退回审核',
            en: 'Notice ended with an unresolved objection: review again',
          },
          {
            to: 'household',
            zh: '公示期间收到异议，案件退回村集体审核',
            en: 'An objection during the notice sends the case back to the village',
          },
        ];
      }
      return [
        { to: 'village', zh: '公示期间收到异议', en: 'An objection was raised during the public notice' },
      ];
    case 'OffersComputed':
      return [
        {
          to: 'household',
          zh: '补偿方案已生成，请选择安置方式',
          en: 'Compensation offers are ready: please choose a resettlement option',
        },
      ];
    case 'FundReviewOpened':
    case 'AgreementSigned':
      if (to === 'fund_review') {
        const amount = num(d.amountFen);
        return [
          {
            to: 'fund',
            zh: '有新的先行垫付申请待审批',
            en: 'A new advance awaits approval',
            ...(amount === undefined
              ? {}
              : { bodyZh: `金额 ${yuan(amount)} 元`, bodyEn: `Amount ¥${yuan(amount)}` }),
          },
        ];
      }
      return [{ to: 'household', zh: '退出协议已签订', en: 'The exit agreement is signed' }];
    case 'CoolingOffStarted': {
      const endsAt = str(d.endsAt);
      const ends = endsAt && Number.isFinite(Date.parse(endsAt)) ? chinaDateTime(endsAt) : undefined;
      return [
        {
          to: 'household',
          zh: '冷静期已开始：期间可解除退出协议',
          en: 'The cooling-off has begun: you may rescind the agreement until it ends',
          ...(ends
            ? {
                bodyZh: `冷静期至 ${ends.zh}。期满后协议生效，补偿款按约定支付。`,
                bodyEn: `It ends ${ends.en}. The agreement then binds and the compensation is paid as agreed.`,
              }
            : {}),
        },
      ];
    }
    case 'AgreementRescinded':
      return [
        { to: 'household', zh: '退出协议已解除', en: 'The exit agreement was rescinded' },
        {
          to: 'village',
          zh: '一份退出协议已在冷静期内解除',
          en: 'An exit agreement was rescinded in the cooling-off',
        },
      ];
    case 'AdvanceRejected':
      return [
        {
          to: 'household',
          zh: '专项基金不予垫付，可申诉一次',
          en: 'The fund refused the advance; you may appeal once',
        },
      ];
    case 'AdvanceQueued':
      return [queuedNotice(num(d.tranche), num(d.tranches))];
    case 'AdvanceDisbursed':
      return [paidNotice(num(d.tranche), num(d.tranches))];
    case 'CollectivePaymentDue':
    case 'CollectivePaymentRecorded':
    case 'CollectivePaymentConfirmed':
    case 'CollectivePaymentDisputed':
      return collectiveNotices(e.type, {
        tranche: num(d.tranche),
        amountFen: num(d.amountFen),
        bankReference: str(d.bankReference),
        text: str(d.text),
      });
    case 'ParcelReserved':
      return [
        { to: 'household', zh: '退出的宅基地已纳入收储', en: 'The exited land has entered the reserve' },
      ];
    case 'CaseClosed':
      return [{ to: 'household', zh: '案件已办结', en: 'The case is closed' }];
    case 'CaseWithdrawn':
      return [
        { to: 'household', zh: '申请已撤回', en: 'The application was withdrawn' },
        ...(e.fromStatus === 'village_review' || e.fromStatus === 'public_notice'
          ? [{ to: 'village' as const, zh: '一件退出申请已撤回', en: 'An exit application was withdrawn' }]
          : []),
      ];
    case 'CaseAppealed': {
      const stage = str(d.stage);
      return [
        { to: 'household', zh: '申诉已受理', en: 'The appeal was received' },
        ...(stage === 'village_review'
          ? [
              {
                to: 'village' as const,
                zh: '申请人提出申诉，请重新审核',
                en: 'An appeal asks the village to review again',
              },
            ]
          : []),
        ...(stage === 'fund_review'
          ? [{ to: 'fund' as const, zh: '申请人对垫付决定提出申诉', en: 'An appeal of an advance decision' }]
          : []),
      ];
    }
    case 'CaseFailed':
      return [
        {
          to: 'household',
          zh: '案件处理出现系统异常，工作人员将跟进',
          en: 'A system error holds the case; staff will follow up',
        },
      ];
    case 'DeadlineEscalated':
      return escalationMessages(d);
    case 'NoticeClosed':
      return [
        {
          to: 'household',
          zh: '公示期满无异议，报镇审核',
          en: 'The notice ended without objection; on to the town',
        },
        { to: 'town', zh: '有退出申请待镇审核', en: 'An exit awaits the town’s audit' },
      ];
    case 'LedgerReconciliationFailed':
      return [{ to: 'fund', zh: '专项基金台账核对不一致', en: 'The fund ledger did not reconcile' }];
    default:
      return [];
  }
}

/**
 * A missed deadline (escalate): the rung of the ladder its `level` names. The step's own party is asked
 * to act, everyone above it to see that it does (the village, above a household, to help it). An event
 * from before the ladder (no `level`) told the responsible party only, and still does, so a redelivery
 * gives the same items.
 */
function escalationMessages(d: Record<string, unknown>): Message[] {
  const step = str(d.step) as HumanStep | undefined;
  if (!step || !(step in RESPONSIBLE)) return [];
  const text = STEP_TEXT[step];
  const dueAt = str(d.dueAt);
  const due = dueAt && Number.isFinite(Date.parse(dueAt)) ? chinaDateTime(dueAt) : undefined;
  const level = num(d.level);
  const own = RESPONSIBLE[step];
  const audiences = level === undefined ? [own] : escalationAudiences(step, level);
  return audiences.map((to) =>
    to === own
      ? {
          to,
          zh: `${text.zh}已超过办理期限`,
          en: `The deadline for ${text.en} has passed`,
          ...(due
            ? { bodyZh: `期限：${due.zh}。请尽快办理。`, bodyEn: `Due ${due.en}. Please act now.` }
            : {}),
        }
      : {
          to,
          zh: `督办：${text.zh}已超过办理期限（第 ${level} 次督办）`,
          en: `Escalation ${level}: the deadline for ${text.en} has passed`,
          bodyZh: `${due ? `期限：${due.zh}。` : ''}${urge(own).zh}`,
          bodyEn: `${due ? `Due ${due.en}. ` : ''}${urge(own).en}`,
        },
  );
}

/** What a level above is asked to do: see that the step's party acts (help a household to). */
function urge(own: Audience): { zh: string; en: string } {
  if (own === 'household') {
    return { zh: '请联系申请农户，协助其尽快办理。', en: 'Please contact the household and help it act.' };
  }
  const who = AUDIENCE_TEXT[own];
  return { zh: `请督促${who.zh}尽快办理。`, en: `Please see that ${who.en} act.` };
}

function recipientOf(e: DomainEvent, to: Audience): string | undefined {
  if (to === 'household') return e.householdId ? recipients.household(e.householdId) : undefined;
  if (to === 'village') return e.villageCode ? recipients.village(e.villageCode) : undefined;
  if (to === 'town') return e.villageCode ? recipients.town(townOfVillage(e.villageCode)) : undefined;
  if (to === 'district') return e.districtCode ? recipients.districtApprovers(e.districtCode) : undefined;
  if (to === 'auditor') return e.districtCode ? recipients.auditors(e.districtCode) : undefined;
  if (to === 'land') return e.districtCode ? recipients.landOfficers(e.districtCode) : undefined;
  if (to === 'registrar') return recipients.registrars();
  return e.districtCode ? recipients.fundAdmins(e.districtCode) : undefined;
}

/** The inbox items of an event: one per recipient, keyed by the event, so a replay adds nothing. */
export function notificationsFor(e: DomainEvent): InboxItem[] {
  const items: InboxItem[] = [];
  for (const m of messagesFor(e)) {
    const recipient = recipientOf(e, m.to);
    if (!recipient || items.some((i) => i.recipient === recipient)) continue;
    items.push({
      notificationId: e.eventId,
      recipient,
      at: e.at,
      eventType: e.type,
      ...(e.caseId ? { caseId: e.caseId } : {}),
      titleZh: m.zh,
      titleEn: m.en,
      bodyZh: m.bodyZh ?? '',
      bodyEn: m.bodyEn ?? '',
    });
  }
  return items;
}

/**
 * The text message that goes with an inbox item, if it goes by SMS too: escalations only (a missed
 * deadline must reach people who are not looking at the portal). Chinese only, as SMS in China are.
 */
export function smsTextOf(item: InboxItem): string | undefined {
  if (item.eventType !== 'DeadlineEscalated') return undefined;
  const onCase = item.caseId ? `（案件 ${item.caseId}）` : '';
  return [`宅基地退出办理：${item.titleZh}${onCase}`, item.bodyZh].filter(Boolean).join('。');
}
