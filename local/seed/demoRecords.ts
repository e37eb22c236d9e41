import type { HouseholdInput } from '../../shared/domain/model/household.js';
import { nationalIdCheckChar } from '../../shared/domain/model/nationalIdChecksum.js';

/**
 * The builders of the demo's registry records (local/seed/demoData.ts, local/seed/demoEquity.ts): a
 * household of so many members with a homestead and a contract plot unless said otherwise, its parcels'
 * certificate numbers derived from their ids, and the demo villages' codes by name.
 */
export const QUALIFIED = { socialInsuranceMonths: 48, urbanResidenceMonths: 36, businessLicenceMonths: 0 };
export const RURAL = { socialInsuranceMonths: 6, urbanResidenceMonths: 4, businessLicenceMonths: 0 };
const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
];

/**
 * The members of household number `serial`: their surname, names and national ids follow from the number,
 * so a household's people are the same whichever module builds it and in whatever order.
 */
function members(
  serial: number,
  count: number,
  district: string,
  opts: { minor?: boolean } = {},
): HouseholdInput['members'] {
  const surname = SURNAMES[serial % SURNAMES.length] ?? '张';
  const given = ['建国', '秀英', '志强', '丽华', '小明', '小红'];
  return Array.from({ length: count }, (_, i) => {
    const minor = opts.minor === true && i === count - 1;
    const birthDate = minor ? '2014-06-01' : `${1965 + i * 6}-0${(i % 9) + 1}-1${i}`;
    const sequence = String(serial * 10 + i)
      .padStart(3, '0')
      .slice(-3);
    const first17 = `${district}${birthDate.replaceAll('-', '')}${sequence}`;
    return {
      memberId: `m${i + 1}`,
      name: `${surname}${given[i] ?? `成员${i + 1}`}`,
      // 18 characters: district, birth date, sequence, and the check character of GB 11643, so that the
      // demo registry exported and imported again passes the import's checksum (docs/registry-import.md)
      nationalId: `${first17}${nationalIdCheckChar(first17) ?? 'X'}`,
      birthDate,
      relation: i === 0 ? '户主' : minor ? '子女' : i === 1 ? '配偶' : '子女',
    };
  });
}

export function homestead(
  parcelId: string,
  areaM2: number,
  extra: Partial<NonNullable<HouseholdInput['homesteads']>[number]> = {},
) {
  return {
    parcelId,
    certificateNo: `鲁(2020)淄博市不动产权第${parcelId.replace(/\D/g, '').padStart(7, '0')}号`,
    areaM2,
    status: 'registered' as const,
    mortgageeConsent: false,
    building: {
      floorAreaM2: Math.round(areaM2 * 0.7),
      structure: 'brick_concrete' as const,
      yearBuilt: 2006,
    },
    attachments: [{ item: 'well' as const, quantity: 1 }],
    ...extra,
  };
}

export function plot(
  plotId: string,
  areaMu: number,
  extra: Partial<NonNullable<HouseholdInput['contractPlots']>[number]> = {},
) {
  return {
    plotId,
    areaMu,
    termEnd: '2057-12-31',
    status: 'normal' as const,
    mortgageeConsent: false,
    ...extra,
  };
}

export function household(
  n: number,
  villageCode: string,
  spec: {
    members?: number;
    minor?: boolean;
    homesteads?: HouseholdInput['homesteads'];
    plots?: HouseholdInput['contractPlots'];
    nonFarm?: HouseholdInput['nonFarm'];
    /** collective equity shares held (集体资产股权), 3 unless said */
    equityShares?: number;
  },
): HouseholdInput {
  const district = villageCode.slice(0, 6);
  return {
    householdId: `H-${district}-${String(n).padStart(4, '0')}`,
    villageCode,
    headMemberId: 'm1',
    members: members(n, spec.members ?? 2, district, { minor: spec.minor ?? false }),
    homesteads: spec.homesteads ?? [homestead(`P${n}01`, 220)],
    contractPlots: spec.plots ?? [plot(`C${n}01`, 2.5)],
    rights: {
      homesteadQualification: true,
      collectiveIncomeDistribution: true,
      equityShares: spec.equityShares ?? 3,
    },
    nonFarm: spec.nonFarm ?? QUALIFIED,
    socialInsurance: ['medical', 'pension'],
  };
}

export const V = {
  dongping: '370302101201',
  xihe: '370302102203',
  mashang: '370303100101',
  shimen: '370304101101',
  qidu: '370305100201',
  wangcun: '370306101101',
  suozhen: '370321100101',
  huagou: '370322101101',
  nanma: '370323101101',
} as const;
