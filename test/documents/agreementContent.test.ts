import './documentEnv.js';
import { describe, expect, it } from 'vitest';
import { agreementContent } from '../../shared/documents/agreement/agreementContent.js';
import type { AgreementContent } from '../../shared/documents/agreement/agreementTypes.js';
import { canonicalJson, contentSha256 } from '../../shared/documents/contentHash.js';
import { missingGlyphs } from '../../shared/documents/pdf/glyphs.js';
import { OfferNotAvailableError, signAgreement } from '../../shared/domain/compensation/agreement.js';
import { capitalAmount } from '../../shared/domain/compensation/capitalAmount.js';
import { homesteadApp, makeHousehold } from '../domain/fixtures.js';
import {
  agreementInput,
  cashCase,
  contentStrings,
  contractCase,
  equityCase,
  housingPreview,
  OFFERED_AT,
  SIGNED_AT,
} from './agreementFixtures.js';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
/** the lines that make up the compensation (the flat's price is set against it, not part of it) */
const compensationFen = (c: AgreementContent) =>
  sum(c.lines.filter((l) => l.counted && l.effect === 'add').map((l) => l.amountFen));

describe('agreementContent: a signed homestead cash agreement', () => {
  const input = cashCase();
  const c = agreementContent(input);
  const agreement = input.agreement;
  if (!agreement) throw new Error('fixture: the cash case is signed');

  it('names the agreement, the case and the parties', () => {
    expect(c.title).toBe('宅基地使用权退出协议');
    expect(c.agreementNo).toBe(agreement.agreementId);
    expect(c.caseId).toBe(input.case.caseId);
    expect(c.signed).toBe(true);
    expect(c.parties.map((p) => p.role)).toEqual([
      '甲方（退出方）',
      '乙方（村集体经济组织）',
      '丙方（先行垫付方）',
    ]);
    expect(c.parties[0]?.name).toContain('张三');
    expect(c.parties[1]?.name).toBe('西河村集体经济组织');
    expect(c.parties[2]?.name).toBe('淄川区宅基地退出补偿专项基金');
    expect(c.members.rows.map((r) => [r[1], r[2]])).toEqual([
      ['张三', '户主'],
      ['李四', '配偶'],
      ['张小明', '儿子'],
    ]);
  });

  it('names the case by its number where the case has one (issue 18), and not otherwise', () => {
    expect(c.caseNumber).toBeUndefined();
    const numbered = { ...input, case: { ...input.case, caseNumber: '370302-20261206-0042' } };
    expect(agreementContent(numbered).caseNumber).toBe('370302-20261206-0042');
  });

  it('shows no full identity number anywhere, only the head’s last four', () => {
    const text = contentStrings(c).join('\n');
    for (const m of input.household.members) expect(text).not.toContain(m.nationalId);
    expect(text).toContain('**************1234');
  });

  it('lists the parcel with its certificate and areas', () => {
    expect(c.subject.table.rows).toEqual([
      ['P1', '鲁(2020)淄川区不动产权第P1号', '220.00', '150.00 m²，砖混结构，2005 年建', '水井 1 眼'],
    ]);
  });

  it('carries every priced line of the offer, summing to the agreed amount', () => {
    const offer = input.case.offers.find((o) => o.option === 'cash');
    expect(c.lines.map((l) => [l.component, l.formula, l.amountFen])).toEqual(
      offer?.lines.map((l) => [l.component, l.formula, l.amountFen]),
    );
    expect(agreement.rewardIncluded).toBe(true);
    expect(compensationFen(c)).toBe(agreement.amountFen);
  });

  it('states the total in figures and in 大写', () => {
    expect(c.payable.fen).toBe(agreement.payableFen);
    expect(c.payable.capital).toBe(`人民币${capitalAmount(agreement.payableFen)}`);
    expect(c.totals).toEqual([{ label: '补偿总额（丙方应付甲方）', money: c.payable }]);
    expect(c.payable.figures).toBe('¥152,283.00');
    expect(c.payable.capital).toBe('人民币壹拾伍万贰仟贰佰捌拾叁元整');
  });

  it('states the schedule of the case: 50/30/20 from the fund, summing to the payable amount', () => {
    expect(c.schedule.rows.map((r) => [r.due, r.sharePct, r.payer])).toEqual([
      ['专项基金审核通过后', 50, '专项基金'],
      ['复垦验收（处置）后', 30, '专项基金'],
      ['不动产注销登记后', 20, '专项基金'],
    ]);
    expect(sum(c.schedule.rows.map((r) => r.amount.fen))).toBe(agreement.payableFen);
  });

  it('surrenders the parcel only, and keeps the rights of 二(二)3, 二(二)2 and 二(二)5 in words', () => {
    expect(c.surrendered).toEqual(['宅基地使用权及地上房屋所有权：宗地P1（鲁(2020)淄川区不动产权第P1号）']);
    expect(c.rightsKept.map((r) => r.clause)).toEqual(['二(二)3', '二(二)2', '二(二)5', '']);
    expect(c.rightsKept[0]?.text).toContain('不改变甲方的土地承包权和集体收益分配权');
    expect(c.rightsKept[1]?.text).toContain('甲方保留宅基地资格权');
  });

  it('gives the cooling-off, its end and the signature time in Beijing time', () => {
    expect(c.coolingOff.days).toBe(15);
    expect(c.coolingOff.endsAt).toBe('2026-12-21T08:30:00.000Z');
    expect(c.coolingOff.text[0]).toContain('至 2026年12月21日 16:30（北京时间） 止');
    expect(c.coolingOff.text[0]).toContain('解除协议');
    expect(c.signature.text).toBe('甲方签署时间：2026年12月6日 16:30（北京时间）');
  });

  it('is plain JSON data: it survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(JSON.parse(canonicalJson(c))).toEqual(c);
  });

  it('is the same for the same input, and a signed agreement does not depend on when it is set again', () => {
    expect(contentSha256(agreementContent(cashCase()))).toBe(contentSha256(c));
    const later = agreementContent({ ...input, issuedAt: '2027-05-01T00:00:00.000Z' });
    expect(contentSha256(later)).toBe(contentSha256(c));
  });
});

describe('agreementContent: a preview of a housing option dearer than the compensation', () => {
  const input = housingPreview();
  const c = agreementContent(input);

  it('is numbered 预览 and computes what a signature at the preview’s time would fix', () => {
    expect(c.agreementNo).toBe('预览');
    expect(c.signed).toBe(false);
    const signed = signAgreement({
      agreementId: 'AG-x',
      caseId: input.case.caseId,
      application: input.case.application,
      plotIdsInScope: [],
      offers: input.case.offers,
      option: 'urban_housing',
      offeredAt: OFFERED_AT,
      rewardDays: input.params.rewardDays,
      signedAt: input.issuedAt,
      parametersVersion: input.params.version,
      documentKey: 'x',
    });
    expect(compensationFen(c)).toBe(signed.amountFen);
    expect(c.payable.fen).toBe(signed.payableFen);
    expect(signed.balanceFen).toBeLessThan(0);
    expect(c.owedByHousehold?.fen).toBe(-(signed.balanceFen ?? 0));
  });

  it('writes the negative balance as owed by the household, never as an amount received', () => {
    expect(c.payable.fen).toBe(0);
    expect(c.totals.map((t) => t.label)).toEqual(['补偿金额合计', '安置房价款', '差价（甲方需补交）']);
    expect(c.totals[2]?.money.capital).toBe('人民币叁拾叁万叁仟肆佰伍拾玖元整');
    expect(contentStrings(c).some((s) => s.includes('应付甲方'))).toBe(false);
    expect(c.schedule.rows).toEqual([]);
    expect(c.schedule.notes.join('')).toContain('甲方需补交的差价 ¥333,459.00');
    expect(c.lines.at(-1)).toMatchObject({
      component: 'housing_price',
      effect: 'deduct',
      amountFen: 47_250_000,
    });
  });

  it('has no cooling-off end and no signature time yet', () => {
    expect(c.coolingOff.endsAt).toBeUndefined();
    expect(c.signature.signedAt).toBeUndefined();
    expect(c.signature.text).toBe('尚未签署（预览生成于 2026年12月1日 11:15（北京时间））');
  });

  it('leaves the reward out of a preview made after the reward window', () => {
    const late = agreementContent({ ...input, issuedAt: '2027-03-01T00:00:00.000Z' });
    const reward = late.lines.find((l) => l.component === 'reward');
    expect(reward?.counted).toBe(false);
    expect(reward?.amountText).toBe('不计入（6,621.00）');
    const offer = input.case.offers.find((o) => o.option === 'urban_housing');
    expect(compensationFen(late)).toBe(offer?.amountWithoutRewardFen);
    expect(late.compensationNotes[0]).toContain('奖励不计入');
  });
});

describe('agreementContent: other cases', () => {
  it('a surrendered qualification right is listed with its premium line and said to be the household’s choice', () => {
    const c = agreementContent(
      agreementInput({
        application: homesteadApp({ qualificationRight: 'surrender' }),
        option: 'cash',
        caseId: 'C-20260901-0005',
        signed: true,
      }),
    );
    expect(c.surrendered).toContain('宅基地资格权（甲方已提供其他合法稳定住房证明，自愿放弃）');
    expect(c.lines.find((l) => l.component === 'qualification')?.amountFen).toBe(3 * 2_000_000);
    expect(c.rightsKept.find((r) => r.clause === '二(二)2')?.text).toContain('自愿放弃宅基地资格权');
  });

  it('a partial contract-land exit: the plot in scope, the collective’s 70/30, 二(二)4(3) and the other plot kept', () => {
    const input = contractCase();
    const c = agreementContent(input);
    expect(c.title).toBe('土地承包经营权退出协议');
    expect(c.parties[2]?.role).toBe('见证方（审批机关）');
    expect(c.subject.table.rows).toEqual([['C1', '2.5000', '2057-12-31']]);
    expect(c.surrendered).toEqual(['土地承包经营权（本轮承包期内）：地块C1']);
    expect(c.schedule.rows.map((r) => [r.due, r.sharePct, r.payer])).toEqual([
      ['冷静期满后', 70, '村集体'],
      ['交回土地后', 30, '村集体'],
    ]);
    expect(sum(c.schedule.rows.map((r) => r.amount.fen))).toBe(input.agreement?.payableFen);
    expect(c.rightsKept.map((r) => r.clause)).toEqual(['二(二)4(3)', '二(二)4(2)', '二(二)5', '']);
    expect(c.rightsKept[1]?.text).toContain('地块C2');
  });

  it('an equity exit: the shares, the collective’s one tranche and 二(二)5', () => {
    const input = equityCase();
    const c = agreementContent(input);
    expect(c.title).toBe('集体资产股权退出协议');
    expect(c.subject.table.rows).toEqual([
      ['本次退出股数', '2 股'],
      ['退出股权的去向', '量化到本组织成员'],
    ]);
    expect(c.lines.map((l) => l.formula)).toEqual(['2 股 × 12,345.67 元/股']);
    expect(c.payable.figures).toBe('¥24,691.34');
    expect(c.schedule.rows.map((r) => [r.due, r.sharePct, r.payer, r.amount.fen])).toEqual([
      ['冷静期满后', 100, '村集体', 2_469_134],
    ]);
    expect(c.surrendered).toEqual(['集体资产股权 2 股']);
    expect(c.rightsKept[0]).toMatchObject({ clause: '二(二)5' });
    expect(c.rightsKept[0]?.text).toContain('不改变甲方的土地承包经营权和宅基地资格权');
  });

  it('refuses an option the case does not offer', () => {
    expect(() =>
      agreementContent({ ...contractCase(), agreement: undefined, option: 'urban_housing' }),
    ).toThrow(OfferNotAvailableError);
  });

  it('refuses a schedule that does not add up to the payable amount', () => {
    const input = cashCase();
    const schedule = (input.schedule ?? []).map((t, i) =>
      i === 0 ? { ...t, amountFen: t.amountFen + 1 } : t,
    );
    expect(() => agreementContent({ ...input, schedule })).toThrow(/sums to/);
  });

  it('every character of every case’s content is in the documents’ font', () => {
    for (const input of [cashCase(), housingPreview(), contractCase(), equityCase()]) {
      expect(missingGlyphs(contentStrings(agreementContent(input)).join(''))).toEqual([]);
    }
  });
});

describe('missingGlyphs', () => {
  it('names a character the font subset lacks, once, and ignores whitespace', () => {
    expect(missingGlyphs('王㑇 㑇\n张三')).toEqual(['㑇']);
    expect(missingGlyphs('𠀀')).toEqual(['𠀀']);
    expect(missingGlyphs('张三 ¥1,234.56 m² × 亩')).toEqual([]);
  });

  it('a household whose head’s name has such a character would be caught before printing', () => {
    const household = makeHousehold();
    const renamed = {
      ...household,
      members: household.members.map((m) => (m.memberId === 'm1' ? { ...m, name: '王㑇' } : m)),
    };
    const c = agreementContent({ ...cashCase(), household: renamed });
    expect(missingGlyphs(contentStrings(c).join(''))).toEqual(['㑇']);
  });
});

describe('canonicalJson and contentSha256', () => {
  it('sorts keys at every depth and leaves undefined members out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: undefined })).toBe(
      '{"a":[{"c":null,"d":"x"}],"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: new Date(SIGNED_AT) })).toThrow(TypeError);
  });

  it('changes with any figure of the content', () => {
    const c = agreementContent(cashCase());
    const changed = { ...c, payable: { ...c.payable, fen: c.payable.fen + 1 } };
    expect(contentSha256(changed)).not.toBe(contentSha256(c));
    expect(contentSha256(c)).toMatch(/^[0-9a-f]{64}$/);
  });
});
