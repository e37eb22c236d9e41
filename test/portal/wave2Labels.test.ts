import { describe, expect, it } from 'vitest';
import { en } from '../../portal/src/i18n/en.js';
import { zhCN } from '../../portal/src/i18n/zh-CN.js';
import { caseTypeSchema, qualificationChoiceSchema } from '../../shared/domain/model/application.js';
import { pendingTaskKindSchema, sharesGoToSchema } from '../../shared/domain/model/case.js';
import { EQUITY_RULE_IDS } from '../../shared/domain/model/finding.js';
import { offerLineSchema } from '../../shared/domain/model/offer.js';
import { TRANCHE_MILESTONES, trancheSchema, trancheStatusSchema } from '../../shared/domain/model/tranche.js';

/**
 * Wave 2's names (DOMAIN.md "Who pays", "The qualification right", "Equity exit"): every value the API
 * can send for them has words in both languages (i18n.test.ts covers statuses, the wave-1 rules, rights
 * and document kinds).
 */
type Tree = { [key: string]: string | Tree };

function has(tree: Tree, key: string): boolean {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return false;
    node = node[part] ?? node[`${part}_other`];
  }
  return typeof node === 'string' && node.trim() !== '';
}

const missingIn = (keys: string[]) => ({
  zh: keys.filter((k) => !has(zhCN as Tree, k)),
  en: keys.filter((k) => !has(en as Tree, k)),
});

describe('wave 2 labels', () => {
  it('names the equity rules, every case type and its description', () => {
    const keys = [
      ...EQUITY_RULE_IDS.map((r) => `rule.${r}`),
      ...caseTypeSchema.options.flatMap((c) => [`caseType.${c}`, `caseType.${c}Desc`]),
    ];
    expect(missingIn(keys)).toEqual({ zh: [], en: [] });
  });

  it('names where the shares go, the qualification choice and every priced line', () => {
    const keys = [
      ...sharesGoToSchema.options.map((s) => `sharesGoTo.${s}`),
      ...qualificationChoiceSchema.options.map((q) => `qualification.${q}`),
      ...offerLineSchema.shape.component.options.map((c) => `line.${c}`),
    ];
    expect(missingIn(keys)).toEqual({ zh: [], en: [] });
  });

  it('names every tranche milestone and state of the payment schedule', () => {
    const keys = [
      ...TRANCHE_MILESTONES.map((m) => `advance.schedule.milestone.${m}`),
      ...trancheStatusSchema.options.map((s) => `advance.schedule.state.${s}`),
    ];
    expect(missingIn(keys)).toEqual({ zh: [], en: [] });
  });

  it('names every pending task, who pays a tranche and whose move a collective payment waits for', () => {
    const keys = [
      ...pendingTaskKindSchema.options.map((k) => `task.${k}`),
      ...trancheSchema.shape.payer.options.map((p) => `advance.schedule.payerName.${p}`),
      ...['village_reviewer', 'applicant'].map((r) => `collective.waitsOn.${r}`),
      ...['confirmed', 'disputed'].flatMap((a) => [`receipt.done.${a}`, `receipt.doneText.${a}`]),
    ];
    expect(missingIn(keys)).toEqual({ zh: [], en: [] });
  });

  it('uses the words of the brief for the collective payment', () => {
    expect(zhCN.status.paying).toBe('集体支付中');
    expect(zhCN.advance.schedule.milestone.cooling_off_ended).toBe('冷静期结束时');
    expect(zhCN.advance.schedule.state.confirmed).toBe('已确认收款');
    expect(zhCN.advance.schedule.state.disputed).toBe('有异议');
    expect(zhCN.sharesGoTo).toEqual({ collective_share: '纳入集体股', members: '量化到本组织成员' });
    expect(zhCN.caseType.equity_exit).toBe('集体资产股权有偿退出');
    expect(zhCN.advance.schedule.payerName).toEqual({ fund: '专项基金', collective: '村集体' });
    expect(zhCN.receipt.confirm).toBe('确认收到');
    expect(zhCN.receipt.notReceived).toBe('未收到/有异议');
  });
});
