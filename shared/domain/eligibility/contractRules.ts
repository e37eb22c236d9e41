import { plotsInScope } from '../compensation/offers.js';
import type { Finding } from '../model/finding.js';
import type { ContractPlot } from '../model/household.js';
import {
  type EligibilityContext,
  finding,
  heldByText,
  listEn,
  listZh,
  MAX_LAND_PER_CASE,
  reasonsEn,
  reasonsZh,
} from './context.js';
import { hasStableNonFarmIncome, incomeEvidenceEn, incomeEvidenceZh } from './nonFarm.js';

/** C-NONFARM: stable non-farm income is required (有稳定非农就业收入, 二(二)4(2)). */
export function nonFarmIncome(ctx: EligibilityContext): Finding {
  const { household: h, params: p } = ctx;
  return hasStableNonFarmIncome(h, p)
    ? finding(
        'C-NONFARM',
        true,
        `本户有稳定非农就业收入：${incomeEvidenceZh(h, p)}。`,
        `The household has a stable non-farm income: ${incomeEvidenceEn(h, p)}.`,
      )
    : finding(
        'C-NONFARM',
        false,
        `尚无稳定非农就业收入：${incomeEvidenceZh(h, p)}。承包地退出要求有稳定的非农收入，以免退地后生活无着。`,
        `No stable non-farm income yet: ${incomeEvidenceEn(h, p)}. Giving up contract land requires a stable non-farm income so the family is not left without a living.`,
      );
}

/**
 * C-PLOTS: the plots belong to the household's contract, are not disputed, and (extension of the
 * brief) are neither mortgaged without consent nor past their contract term. A leased plot may exit:
 * the lease passes to the collective or the new holder, which the finding says.
 */
export function plots(ctx: EligibilityContext): Finding {
  const app = ctx.application;
  if (app.type !== 'contract_land_exit') throw new Error('C-PLOTS applies to contract-land exits only');
  const h = ctx.household;
  if (h.contractPlots.length === 0) {
    return finding('C-PLOTS', false, '本户名下没有承包地。', 'The household holds no contract land.');
  }
  if (app.scope === 'partial' && (app.plotIds ?? []).length === 0) {
    return finding(
      'C-PLOTS',
      false,
      '部分退出须写明要退出的地块。',
      'A partial exit must name at least one plot.',
    );
  }
  const known = new Set(h.contractPlots.map((p) => p.plotId));
  const unknown = app.scope === 'partial' ? (app.plotIds ?? []).filter((id) => !known.has(id)) : [];
  const inScope = plotsInScope(app, h);
  const today = ctx.asOf.slice(0, 10);
  const issues: { id: string; zh: string; en: string }[] = unknown.map((id) => ({
    id,
    zh: `地块 ${id} 不属于本户承包地`,
    en: `plot ${id} is not part of this household's contract`,
  }));
  const problem = (p: ContractPlot) => {
    if (p.status === 'disputed')
      issues.push({ id: p.plotId, zh: `地块 ${p.plotId} 存在争议`, en: `plot ${p.plotId} is disputed` });
    if (p.status === 'mortgaged' && !p.mortgageeConsent) {
      issues.push({
        id: p.plotId,
        zh: `地块 ${p.plotId} 已抵押，且未取得抵押权人书面同意`,
        en: `plot ${p.plotId} is mortgaged without the mortgagee's written consent`,
      });
    }
    if (p.termEnd < today) {
      issues.push({
        id: p.plotId,
        zh: `地块 ${p.plotId} 的承包期已于 ${p.termEnd} 届满`,
        en: `the contract on plot ${p.plotId} ended on ${p.termEnd}`,
      });
    }
  };
  inScope.forEach(problem);
  if (issues.length > 0) {
    return finding(
      'C-PLOTS',
      false,
      reasonsZh(issues.map((i) => i.zh)),
      reasonsEn(issues.map((i) => i.en)),
      issues.map((i) => i.id),
    );
  }
  const ids = inScope.map((p) => p.plotId);
  const leased = inScope.filter((p) => p.status === 'leased').map((p) => p.plotId);
  const leaseZh =
    leased.length > 0 ? `地块 ${listZh(leased)} 已出租，租约继续有效，由集体经济组织或新承包方承接。` : '';
  const leaseEn =
    leased.length > 0
      ? ` Plot ${listEn(leased)} is leased; the lease stays in force and passes to the collective or the new holder.`
      : '';
  return finding(
    'C-PLOTS',
    true,
    `退出地块（${listZh(ids)}）均为本户承包地，无争议。${leaseZh}`,
    `The plots (${listEn(ids)}) belong to the household's contract and are not disputed.${leaseEn}`,
    ids,
  );
}

/**
 * C-NO-DUPLICATE: no other open case covers the same plot, and no other case has already exited it
 * (a plot is exited, and paid for, once).
 */
export function contractNoDuplicate(ctx: EligibilityContext): Finding {
  const mine = new Set(plotsInScope(ctx.application, ctx.household).map((p) => p.plotId));
  const clashes = ctx.otherOpenCases.flatMap((c) =>
    c.plotIds.filter((id) => mine.has(id)).map((id) => ({ id, ...heldByText('plot', id, c) })),
  );
  if (mine.size > MAX_LAND_PER_CASE) {
    return finding(
      'C-NO-DUPLICATE',
      false,
      `一个案件最多办理 ${MAX_LAND_PER_CASE} 个地块，本申请有 ${mine.size} 个地块，请分成几个申请。`,
      `One case can cover at most ${MAX_LAND_PER_CASE} plots; this one covers ${mine.size}. Please file several applications.`,
    );
  }
  if (clashes.length === 0) {
    return finding(
      'C-NO-DUPLICATE',
      true,
      '这些地块没有其他正在办理的退出申请，也未曾退出。',
      'No other open case covers these plots, and none of them has been exited before.',
    );
  }
  return finding(
    'C-NO-DUPLICATE',
    false,
    `${reasonsZh(clashes.map((c) => c.zh))}同一地块只能退出一次，不能重复申请。`,
    `${reasonsEn(clashes.map((c) => c.en))} A plot is exited only once and can be in only one open case.`,
    [...new Set(clashes.map((c) => c.id))],
  );
}
