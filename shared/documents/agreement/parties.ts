import { beijingDate, maskedNationalId } from '../words.js';
import type { AgreementContentInput, AgreementParty, TextTable } from './agreementTypes.js';
import { districtNameOf, relationText } from './labels.js';

/**
 * 甲方 the household (its head signs for it), 乙方 the village collective economic organisation, and the
 * district's side: for a homestead the district's special fund, which advances the compensation
 * (二(二)3 设立宅基地退出补偿专项基金,先行垫付); for contract land and equity the collective pays
 * (DOMAIN.md "Who pays"), so the district's people's government, which approved the case, witnesses.
 */
export interface Place {
  district: string;
  town: string;
  village: string;
}

export function placeOf(input: AgreementContentInput): Place {
  return {
    district: districtNameOf(input.case.districtCode, input.districtName),
    town: input.townName ?? input.village.townName,
    village: input.village.name,
  };
}

/**
 * The model names the collective only by its village (no registered organisation name), so the
 * agreement names it so: 西河村集体经济组织. A 股份经济合作社 is what a reformed collective calls
 * itself, which the registry does not record.
 */
export function collectiveName(place: Place): string {
  return `${place.village}集体经济组织`;
}

export function headOf(input: AgreementContentInput) {
  const head = input.household.members.find((m) => m.memberId === input.household.headMemberId);
  // the household schema refuses a head who is not a member; this guards hand-built inputs
  if (!head) throw new Error(`household ${input.household.householdId} has no head member`);
  return head;
}

export function agreementParties(input: AgreementContentInput): AgreementParty[] {
  const place = placeOf(input);
  const head = headOf(input);
  const address = `${place.district}${place.town}${place.village}`;
  const household: AgreementParty = {
    role: '甲方（退出方）',
    name: `${head.name}（户主，代表本户）`,
    details: [
      `公民身份号码：${maskedNationalId(head.nationalId)}（仅显示后四位）`,
      `户号：${input.household.householdId}`,
      `住所：${address}`,
    ],
  };
  const collective: AgreementParty = {
    role: '乙方（村集体经济组织）',
    name: collectiveName(place),
    details: [`村（居）代码：${input.village.villageCode}`, `地址：${address}`],
  };
  const district: AgreementParty =
    input.case.type === 'homestead_exit'
      ? {
          role: '丙方（先行垫付方）',
          name: `${place.district}宅基地退出补偿专项基金`,
          details: [`由${place.district}人民政府设立，对符合条件的退出宅基地先行垫付补偿费用`],
        }
      : {
          role: '见证方（审批机关）',
          name: `${place.district}人民政府`,
          details: ['本协议的补偿款由乙方支付，见证方不承担付款义务'],
        };
  return [household, collective, district];
}

/**
 * Every member of the household with the relation to its head and whether they consented to the exit
 * (自愿: every adult consents, DOMAIN.md H-VOLUNTARY); minors need not, and their row says so by a dash.
 */
export function memberTable(input: AgreementContentInput): TextTable {
  const consents = new Map(input.case.application.consents.map((c) => [c.memberId, c.signedAt]));
  return {
    columns: [{ title: '序号' }, { title: '姓名' }, { title: '与户主关系' }, { title: '退出同意书' }],
    rows: input.household.members.map((m, i) => {
      const signedAt = consents.get(m.memberId);
      return [
        String(i + 1),
        m.name,
        m.memberId === input.household.headMemberId ? '户主' : relationText(m.relation),
        signedAt ? `已签署（${beijingDate(signedAt)}）` : '—',
      ];
    }),
  };
}
