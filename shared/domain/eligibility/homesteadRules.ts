import { chinaDate } from '../chinaDate.js';
import type { CaseType } from '../model/application.js';
import { DISTRICTS } from '../model/common.js';
import type { Finding, RuleId } from '../model/finding.js';
import type { Homestead } from '../model/household.js';
import {
  capitalise,
  type EligibilityContext,
  finding,
  heldByText,
  listEn,
  listZh,
  MAX_LAND_PER_CASE,
  reasonsEn,
  reasonsZh,
} from './context.js';
import {
  hasLongTermUrbanResidence,
  hasStableNonFarmIncome,
  incomeEvidenceEn,
  incomeEvidenceZh,
} from './nonFarm.js';

function requestedParcelIds(ctx: EligibilityContext): readonly string[] {
  return ctx.application.type === 'homestead_exit' ? ctx.application.parcelIds : [];
}

function requestedParcels(ctx: EligibilityContext): Homestead[] {
  const ids = new Set(requestedParcelIds(ctx));
  return ctx.household.homesteads.filter((p) => ids.has(p.parcelId));
}

/**
 * H-LEGAL: every parcel is registered to this household; 违法占用的，不予确认宅基地使用权 (二(二)2). A parcel
 * already exited (its registration cancelled at the end of a case) is no longer a homestead the household
 * holds: it can never be in a new case, whatever other case ids the household's later cases carry.
 */
export function legal(ctx: EligibilityContext): Finding {
  const known = new Set(ctx.household.homesteads.map((p) => p.parcelId));
  const unknown = requestedParcelIds(ctx).filter((id) => !known.has(id));
  const illegal = requestedParcels(ctx).filter((p) => p.status === 'illegal_occupation');
  const exited = requestedParcels(ctx).filter((p) => p.status === 'exited');
  if (unknown.length === 0 && illegal.length === 0 && exited.length === 0) {
    return finding(
      'H-LEGAL',
      true,
      `申请退出的宅基地（${listZh(requestedParcelIds(ctx))}）均已登记在本户名下。`,
      `Every parcel applied for (${listEn(requestedParcelIds(ctx))}) is registered to this household.`,
      requestedParcelIds(ctx),
    );
  }
  const zh: string[] = [];
  const en: string[] = [];
  if (unknown.length > 0) {
    zh.push(`宅基地 ${listZh(unknown)} 未登记在本户名下`);
    en.push(`parcel ${listEn(unknown)} is not registered to this household`);
  }
  if (illegal.length > 0) {
    const ids = illegal.map((p) => `${p.parcelId}（${p.certificateNo}）`);
    zh.push(`宅基地 ${listZh(ids)} 属违法占用，依规不予确认宅基地使用权，不能作为退出补偿对象`);
    en.push(
      `parcel ${listEn(illegal.map((p) => p.parcelId))} is illegally occupied; an illegal occupation is never recognised as a homestead use right and cannot be compensated`,
    );
  }
  for (const p of exited) {
    const when = p.exitedAt ? `于 ${chinaDate(p.exitedAt)} ` : '';
    const whenEn = p.exitedAt ? `on ${chinaDate(p.exitedAt)}` : 'earlier';
    const inCase = p.exitedByCaseId ?? '—';
    zh.push(
      `宅基地 ${p.parcelId}（${p.certificateNo}）已${when}退出并注销登记（案件 ${inCase}），不能再次申请退出`,
    );
    en.push(
      `parcel ${p.parcelId} (${p.certificateNo}) was exited and its registration cancelled ${whenEn} (case ${inCase}); it cannot be exited again`,
    );
  }
  return finding('H-LEGAL', false, reasonsZh(zh), reasonsEn(en), [
    ...unknown,
    ...illegal.map((p) => p.parcelId),
    ...exited.map((p) => p.parcelId),
  ]);
}

/**
 * H-QUALIFIED: stable non-farm income AND long-term urban residence, OR 一户多宅. A household qualified
 * only by holding several homesteads may exit only the parcels beyond its first (the first in the
 * registry is the one it keeps to live in). An illegally occupied parcel is not a homestead the household
 * holds (违法占用的，不予确认宅基地使用权, 二(二)2): it neither counts towards 一户多宅 nor is the one kept.
 * Nor is an exited parcel: its use right is given up and its registration cancelled, so the household
 * lives in none of it and it cannot be "the first" that keeps a later parcel exitable.
 */
export function qualified(ctx: EligibilityContext): Finding {
  const { household: h, params: p } = ctx;
  const income = hasStableNonFarmIncome(h, p);
  const residence = hasLongTermUrbanResidence(h, p);
  if (income && residence) {
    return finding(
      'H-QUALIFIED',
      true,
      `本户有稳定非农就业收入（${incomeEvidenceZh(h, p)}），并长期在城镇居住（${h.nonFarm.urbanResidenceMonths} 个月）。`,
      `The household has a stable non-farm income (${incomeEvidenceEn(h, p)}) and has lived in town for ${h.nonFarm.urbanResidenceMonths} months.`,
    );
  }
  const missingZh: string[] = [];
  const missingEn: string[] = [];
  if (!income) {
    missingZh.push(`尚无稳定非农就业收入：${incomeEvidenceZh(h, p)}`);
    missingEn.push(`no stable non-farm income yet: ${incomeEvidenceEn(h, p)}`);
  }
  if (!residence) {
    missingZh.push(`城镇居住 ${h.nonFarm.urbanResidenceMonths} 个月，不足 ${p.urbanResidenceMonths} 个月`);
    missingEn.push(
      `${h.nonFarm.urbanResidenceMonths} months of urban residence, fewer than ${p.urbanResidenceMonths}`,
    );
  }
  const [first, ...beyond] = h.homesteads.filter(
    (parcel) => parcel.status !== 'illegal_occupation' && parcel.status !== 'exited',
  );
  if (first && beyond.length > 0) {
    const beyondIds = beyond.map((b) => b.parcelId);
    if (!requestedParcelIds(ctx).includes(first.parcelId)) {
      return finding(
        'H-QUALIFIED',
        true,
        `本户属“一户多宅”（共 ${beyond.length + 1} 处宅基地），可退出第一处（${first.parcelId}）以外的宅基地；本次申请未包含 ${first.parcelId}，符合条件。`,
        `The household holds ${beyond.length + 1} homesteads (one household, several homesteads), so it may exit those beyond its first (${first.parcelId}); this application leaves ${first.parcelId} alone.`,
        beyondIds,
      );
    }
    return finding(
      'H-QUALIFIED',
      false,
      `${reasonsZh(missingZh)}本户属“一户多宅”，只能退出第一处宅基地（${first.parcelId}）以外的宅基地：${listZh(beyondIds)}。请从申请中去掉 ${first.parcelId}。`,
      `${reasonsEn(missingEn)} As a household with several homesteads it may exit only the parcels beyond its first (${first.parcelId}): ${listEn(beyondIds)}. Remove ${first.parcelId} from the application.`,
      [first.parcelId],
    );
  }
  return finding(
    'H-QUALIFIED',
    false,
    `${reasonsZh(missingZh)}宅基地退出面向有稳定非农就业收入并长期在城镇居住的农户，或“一户多宅”农户。`,
    `${reasonsEn(missingEn)} Homestead exit is open to households with a stable non-farm income that live in town long-term, or that hold more than one homestead.`,
  );
}

/** H-UNENCUMBERED: no parcel disputed, seized, or mortgaged without the mortgagee's written consent. */
export function unencumbered(ctx: EligibilityContext): Finding {
  const problems = requestedParcels(ctx).flatMap((p) => {
    if (p.status === 'disputed')
      return [{ id: p.parcelId, zh: `${p.parcelId} 存在权属争议`, en: `${p.parcelId} is disputed` }];
    if (p.status === 'seized')
      return [{ id: p.parcelId, zh: `${p.parcelId} 已被查封`, en: `${p.parcelId} is seized` }];
    if (p.status === 'mortgaged' && !p.mortgageeConsent) {
      return [
        {
          id: p.parcelId,
          zh: `${p.parcelId} 已抵押，且未取得抵押权人书面同意`,
          en: `${p.parcelId} is mortgaged without the mortgagee's written consent`,
        },
      ];
    }
    return [];
  });
  if (problems.length === 0) {
    return finding(
      'H-UNENCUMBERED',
      true,
      '申请退出的宅基地无争议、未被查封；如有抵押，已取得抵押权人书面同意。',
      "The parcels are not disputed or seized; any mortgage has the mortgagee's written consent.",
    );
  }
  return finding(
    'H-UNENCUMBERED',
    false,
    `${reasonsZh(problems.map((x) => x.zh))}请先解决后再申请。`,
    `${reasonsEn(problems.map((x) => x.en))} Please resolve this before applying.`,
    problems.map((x) => x.id),
  );
}

/**
 * H-NO-DUPLICATE: no other open case covers the same parcel, and no other case has already exited it
 * (a parcel is exited, and paid for, once).
 */
export function homesteadNoDuplicate(ctx: EligibilityContext): Finding {
  const mine = new Set(requestedParcelIds(ctx));
  const clashes = ctx.otherOpenCases.flatMap((c) =>
    c.parcelIds.filter((id) => mine.has(id)).map((id) => ({ id, ...heldByText('parcel', id, c) })),
  );
  if (mine.size > MAX_LAND_PER_CASE) {
    return finding(
      'H-NO-DUPLICATE',
      false,
      `一个案件最多办理 ${MAX_LAND_PER_CASE} 宗宅基地，本申请有 ${mine.size} 宗宅基地，请分成几个申请。`,
      `One case can cover at most ${MAX_LAND_PER_CASE} parcels; this one covers ${mine.size}. Please file several applications.`,
    );
  }
  if (clashes.length === 0) {
    return finding(
      'H-NO-DUPLICATE',
      true,
      '这些宅基地没有其他正在办理的退出申请，也未曾退出。',
      'No other open case covers these parcels, and none of them has been exited before.',
    );
  }
  return finding(
    'H-NO-DUPLICATE',
    false,
    `${reasonsZh(clashes.map((c) => c.zh))}同一宗地只能退出一次，不能重复申请。`,
    `${reasonsEn(clashes.map((c) => c.en))} A parcel is exited only once and can be in only one open case.`,
    [...new Set(clashes.map((c) => c.id))],
  );
}

/** The pilot rule of each case type: one programme switch per district, one rule id per exit. */
const PILOT_RULE: Record<CaseType, RuleId> = {
  homestead_exit: 'H-PILOT',
  contract_land_exit: 'C-PILOT',
  equity_exit: 'E-PILOT',
};

/** H-PILOT / C-PILOT / E-PILOT: the programme is open in the village's district. */
export function pilot(ctx: EligibilityContext): Finding {
  const ruleId = PILOT_RULE[ctx.application.type];
  const district = DISTRICTS[ctx.village.districtCode];
  const open = ctx.params.programmeOpen && ctx.params.districtCode === ctx.village.districtCode;
  return open
    ? finding(
        ruleId,
        true,
        `${district.zh}已开展此项退出工作。`,
        `The programme is open in ${district.en} district.`,
      )
    : finding(
        ruleId,
        false,
        `${district.zh}暂未开展此项退出工作，暂不受理申请。`,
        `The programme is not yet open in ${district.en} district, so applications cannot be accepted there.`,
        [ctx.village.districtCode],
      );
}

export { capitalise };
