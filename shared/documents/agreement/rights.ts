import { inScopeSurrenders } from '../../domain/compensation/agreement.js';
import { plotsInScope } from '../../domain/compensation/offers.js';
import { qualificationChoice } from '../../domain/model/application.js';
import type { Surrender } from '../../domain/model/rights.js';
import { beijingDateTime } from '../words.js';
import type { AgreementContent, AgreementContentInput } from './agreementTypes.js';
import { POLICY_TITLE } from './labels.js';
import { collectiveName, placeOf } from './parties.js';
import { parcelsInCase } from './subject.js';

/**
 * 退出的权利 and 保留的权利. The agreement lists as surrendered only the in-scope rights (the signed
 * agreement's own list, or for a preview the list a signature would fix), and states in words what the
 * action plan guarantees the household keeps:
 * - 二(二)3: a homestead exit does not change the contract right or the collective income distribution
 *   right, and the collective may not make the exit conditional on giving them up;
 * - 二(二)4(3): a contract-land exit does not change the homestead qualification right or the collective
 *   income distribution right, on the same terms;
 * - 二(二)5: an equity exit does not change the contract right or the homestead qualification right; and
 *   every household settling in town keeps equal access to urban medical, pension and unemployment
 *   insurance;
 * - 二(二)2 保障资格权: the qualification right is kept unless the household chose to surrender it.
 */
function surrendersOf(input: AgreementContentInput): Surrender[] {
  if (input.agreement) return input.agreement.surrendered;
  const plots = plotsInScope(input.case.application, input.household).map((p) => p.plotId);
  return inScopeSurrenders(input.case.application, plots);
}

function surrenderText(s: Surrender, input: AgreementContentInput): string {
  switch (s.right) {
    case 'homestead_use': {
      const certs = new Map(parcelsInCase(input).map((p) => [p.parcelId, p.certificateNo]));
      const items = s.items.map((id) => `宗地${id}（${certs.get(id) ?? '证书编号见登记簿'}）`);
      return `宅基地使用权及地上房屋所有权：${items.join('、')}`;
    }
    case 'homestead_qualification':
      return '宅基地资格权（甲方已提供其他合法稳定住房证明，自愿放弃）';
    case 'contract_land': {
      const app = input.case.application;
      const term = app.type === 'contract_land_exit' && app.term === 'permanent' ? '永久' : '本轮承包期内';
      return `土地承包经营权（${term}）：地块${s.items.join('、')}`;
    }
    case 'equity_shares':
      return `集体资产股权 ${s.shares ?? '全部'} 股`;
    default:
      return s.right;
  }
}

export function surrenderedRights(input: AgreementContentInput): string[] {
  return surrendersOf(input).map((s) => surrenderText(s, input));
}

const INSURANCE = {
  clause: '二(二)5',
  text: '甲方及其家庭成员在农村的其他合法权益受保障，平等享受城市医疗、养老、失业保险等公共服务，不因本协议受影响。',
};

export function rightsKept(input: AgreementContentInput): AgreementContent['rightsKept'] {
  const collective = collectiveName(placeOf(input));
  const nothingElse = {
    clause: '',
    text: '除上列退出的权利外，甲方的其他任何权利均不因本协议而放弃或受到限制；任何一方不得以放弃其他权利作为办理本次退出的条件。',
  };
  const app = input.case.application;
  switch (app.type) {
    case 'homestead_exit': {
      const keeps = qualificationChoice(app) === 'keep';
      // a household without the right (it never had one, or gave it up before) is told nothing about keeping it
      const qualification = keeps
        ? !input.household.rights.homesteadQualification
          ? []
          : [
              {
                clause: '二(二)2',
                text: '甲方保留宅基地资格权（保障资格权），今后仍可依法申请宅基地或在集中居住区安置住房。',
              },
            ]
        : [
            {
              clause: '二(二)2',
              text: '甲方已提供其他合法稳定住房证明，自愿放弃宅基地资格权，并按第三条取得资格权补偿；此项放弃出于甲方自己的选择，不是退出宅基地的条件。',
            },
          ];
      return [
        {
          clause: '二(二)3',
          text: `退出宅基地不改变甲方的土地承包权和集体收益分配权，甲方持有的集体资产股权继续保留；${collective}不得以退出土地承包权和集体收益分配权作为甲方退出宅基地的条件。`,
        },
        ...qualification,
        INSURANCE,
        nothingElse,
      ];
    }
    case 'contract_land_exit': {
      const inScope = new Set(plotsInScope(app, input.household).map((p) => p.plotId));
      const others = input.household.contractPlots.filter((p) => !inScope.has(p.plotId)).map((p) => p.plotId);
      const kept = [
        {
          clause: '二(二)4(3)',
          text: `土地承包经营权退出不改变甲方的宅基地资格权和集体收益分配权；${collective}不得以退出宅基地资格权和集体收益分配权作为甲方退出土地承包经营权的条件。甲方的宅基地使用权、房屋所有权和集体资产股权继续保留。`,
        },
      ];
      if (others.length > 0) {
        kept.push({
          clause: '二(二)4(2)',
          text: `本协议范围以外的承包地（地块${others.join('、')}）继续由甲方承包经营。`,
        });
      }
      return [...kept, INSURANCE, nothingElse];
    }
    case 'equity_exit':
      return [
        {
          clause: '二(二)5',
          text: `集体资产股权退出不改变甲方的土地承包经营权和宅基地资格权；${collective}不得以退出土地承包经营权和宅基地资格权作为甲方退出集体资产股权的条件。甲方的宅基地使用权、集体收益分配权以及本协议所列股数以外的股权继续保留。`,
        },
        INSURANCE,
        nothingElse,
      ];
  }
}

/**
 * 冷静期: the days the signature starts, when they end (signature + days, in Beijing time: the workflow
 * starts the period a moment after the signature, so the household has at least this long), and how
 * to rescind. A preview states the length only, since it has no signature time.
 */
export function coolingOff(input: AgreementContentInput): AgreementContent['coolingOff'] {
  const days = input.params.coolingOffDays;
  const after =
    input.case.type === 'homestead_exit'
      ? '冷静期满后本协议对各方具有约束力，丙方开始办理先行垫付。'
      : '冷静期满后本协议对各方具有约束力，乙方按第四条支付补偿款。';
  const how =
    '甲方可在“宅基地和承包地自愿有偿退出”应用中选择“解除协议”撤销本协议，无需说明理由，不承担任何费用；撤销后本次退出不再办理，土地和权利仍归甲方，尚未支付任何款项，今后可以重新申请。';
  if (!input.agreement) {
    return { days, text: [`甲方签署本协议后有 ${days} 日冷静期（自签署之时起算）。${how}`, after] };
  }
  const endsAt = new Date(Date.parse(input.agreement.signedAt) + days * 86_400_000).toISOString();
  return {
    days,
    endsAt,
    text: [`甲方签署本协议后有 ${days} 日冷静期，至 ${beijingDateTime(endsAt)} 止。冷静期内，${how}`, after],
  };
}

export function otherTerms(input: AgreementContentInput): string[] {
  const place = placeOf(input);
  const d = input.params.deadlines;
  const duty =
    input.case.type === 'homestead_exit'
      ? `甲方应在专项基金审核通过后 ${d.vacatedDays} 日内腾退房屋，经乙方确认后交由乙方收储；退出的宅基地按国土空间规划确定的用途由乙方直接利用、复垦或综合开发。`
      : input.case.type === 'contract_land_exit'
        ? `甲方应在冷静期满后 ${d.handedOverDays} 日内将承包地交回乙方，或交由乙方指定的承接方承接。`
        : '乙方付清补偿款并经甲方确认收款后，办理股权变更登记。';
  return [
    `本协议依据${POLICY_TITLE}二(二)及${place.district}相关规定订立。甲方自愿退出，全体具有完全民事行为能力的家庭成员已书面同意。`,
    duty,
    `履行本协议发生争议的，各方协商解决；协商不成的，可申请${place.town}人民政府调解，或依法向人民法院提起诉讼。`,
    '本协议以电子方式签署，签署时间见文末；每页页脚载有案件编号和内容校验码（SHA-256），可据此在系统中核对本协议内容未被改动。',
  ];
}

export function signature(input: AgreementContentInput): AgreementContent['signature'] {
  const blocks = [
    '甲方签字（捺印）',
    '乙方（盖章）',
    input.case.type === 'homestead_exit' ? '丙方（盖章）' : '见证方（盖章）',
  ];
  if (!input.agreement) {
    return { text: `尚未签署（预览生成于 ${beijingDateTime(input.issuedAt)}）`, blocks };
  }
  return {
    signedAt: input.agreement.signedAt,
    text: `甲方签署时间：${beijingDateTime(input.agreement.signedAt)}`,
    blocks,
  };
}
