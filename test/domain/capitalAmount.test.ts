import fc from 'fast-check';
import nzh from 'nzh/cn';
import { describe, expect, it } from 'vitest';
import { capitalAmount } from '../../shared/domain/compensation/capitalAmount.js';

/**
 * 大写金额 by the People's Bank's rules for filling in vouchers (支付结算办法 附件《正确填写票据和结算凭证的
 * 基本规定》), checked on the rules' own examples and, as a property, against the maintained library
 * nzh (`toMoney`) for any amount a case can carry.
 */
describe('capitalAmount: the rules’ examples', () => {
  const cases: [number | bigint, string, string][] = [
    // a zero inside the figure is written once: ¥1,005 → 壹仟零伍元整
    [100_500, '壹仟零伍元整', 'one zero between figures'],
    // several zeros in a row are one 零: ¥10,005 → 壹万零伍元整
    [1_000_500, '壹万零伍元整', 'a run of zeros'],
    // zeros at the end of a group are not read; a leading 拾 is 壹拾: ¥100,000 → 壹拾万元整
    [10_000_000, '壹拾万元整', 'trailing zeros, 壹拾'],
    // a zero 角 between 元 and 分: ¥1.05 → 壹元零伍分
    [105, '壹元零伍分', 'zero jiao before fen'],
    // under one yuan: no 元 and no leading 零
    [5, '伍分', 'fen only'],
    // at 角 the rules allow 整 or not; it is left out (as nzh does)
    [50, '伍角', 'jiao only, no 整'],
    // ¥1,680.32: the rules' example of a zero in the units place (壹仟陆佰捌拾元叁角贰分)
    [168_032, '壹仟陆佰捌拾元叁角贰分', 'zero in the units place'],
    [0, '零元整', 'zero'],
    [1, '壹分', 'one fen'],
    [1_000, '壹拾元整', 'ten yuan'],
    [123_456_78, '壹拾贰万叁仟肆佰伍拾陆元柒角捌分', 'the module’s example'],
    [10_000_000_000, '壹亿元整', 'one hundred million'],
    [10_001_000_000, '壹亿零壹万元整', 'zeros across 亿 to 万'],
    // the rules' own examples
    [140_950, '壹仟肆佰零玖元伍角', 'rules: ¥1,409.50'],
    [600_714, '陆仟零柒元壹角肆分', 'rules: ¥6,007.14'],
    [32_504, '叁佰贰拾伍元零肆分', 'rules: ¥325.04'],
    // rules: ¥107,000.53 may be 壹拾万柒仟元零伍角叁分 or 壹拾万零柒仟元伍角叁分; this is the second form
    [10_700_053, '壹拾万零柒仟元伍角叁分', 'rules: ¥107,000.53'],
    [10_000_000_100, '壹亿零壹元整', 'zeros across 万 to the units'],
    [100_000_000_000_000, '壹万亿元整', '万亿'],
    [123_456_789_012_345, '壹万亿贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分', 'a large amount'],
    [
      9_007_199_254_740_991n,
      '玖拾万亿零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分',
      'beyond safe integers, as bigint',
    ],
    [-105, '负壹元零伍分', 'negative'],
    [-100_000, '负壹仟元整', 'negative whole yuan'],
  ];
  it.each(cases)('%s fen → %s (%s)', (fen, expected) => {
    expect(capitalAmount(fen)).toBe(expected);
  });

  it('takes a number and a bigint alike', () => {
    expect(capitalAmount(123_456_78n)).toBe(capitalAmount(123_456_78));
  });
});

/**
 * The amount in yuan as an exact decimal string (never via a float: 10^13 fen / 100 is exact, but
 * most fen values are not exact binary fractions), trailing fractional zeros dropped.
 *
 * That normalisation is of the input only: nzh decides 整 from the digits it is given,
 * so "10.00" comes back 人民币壹拾元 but "10" as 人民币壹拾元整. The rules want 整 after a whole yuan
 * amount, whatever decimals the figure was typed with, which is what "10" gives. No output is altered:
 * at 角 nzh writes no 整, as capitalAmount does (the rules allow either there).
 */
function yuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `${whole}.${cents}`.replace(/\.?0+$/, '').replace(/^$/, '0');
}

/**
 * Where the rules allow two forms, the one both sides are compared in. The rules: "阿拉伯金额数字万位或
 * 元位是"0"，或者数字中间连续有几个"0"，万位、元位也是"0"，但千位、角位不是"0"时，中文大写金额中可以只写
 * 一个零字，也可以不写"零"字" (¥107,000.53: 壹拾万柒仟元零伍角叁分 or 壹拾万零柒仟元伍角叁分). capitalAmount
 * writes the 零 after 万 (and, the same case one group up, after 亿); nzh leaves it out. So a 零 between
 * 万/亿 and a 仟 digit is dropped on both sides. Nothing else is normalised: at 元/角 both leave the
 * optional 零 out, and a 零 the rules require (e.g. 玖拾万零伍佰, where 千位 is 0 too) stays.
 */
const optionalZero = (text: string) => text.replace(/([万亿])零(?=[壹贰叁肆伍陆柒捌玖]仟)/g, '$1');

describe('capitalAmount against nzh', () => {
  it('drops only the optional 零', () => {
    expect(optionalZero('人民币玖拾万零伍仟元整')).toBe('人民币玖拾万伍仟元整');
    expect(optionalZero('人民币壹拾亿零伍仟万元整')).toBe('人民币壹拾亿伍仟万元整');
    expect(optionalZero('人民币玖拾万零伍佰元整')).toBe('人民币玖拾万零伍佰元整');
    expect(optionalZero('人民币壹仟零伍元整')).toBe('人民币壹仟零伍元整');
  });

  it('normalises the yuan text as documented', () => {
    expect(yuanText(0)).toBe('0');
    expect(yuanText(1_000)).toBe('10');
    expect(yuanText(1_230)).toBe('12.3');
    expect(yuanText(5)).toBe('0.05');
    expect(yuanText(100_000_000_000_000)).toBe('1000000000000');
  });

  it('the examples read as nzh reads them', () => {
    for (const fen of [100_500, 1_000_500, 10_000_000, 105, 5, 50, 168_032, 0, 10_001_000_000, 10_700_053]) {
      expect(optionalZero(`人民币${capitalAmount(fen)}`)).toBe(optionalZero(nzh.toMoney(yuanText(fen))));
    }
  });

  it('agrees with nzh for any fen in 0 … 10^13', () => {
    // amounts with many zeros are where the two could differ (which 零 is written): half the runs draw
    // digits from a zero-heavy alphabet
    const zeroHeavy = fc
      .array(fc.constantFrom(0, 0, 0, 1, 5, 9), { minLength: 1, maxLength: 13 })
      .map((ds) => Number(ds.join('')));
    const fen = fc.oneof(fc.integer({ min: 0, max: 10 ** 13 }), zeroHeavy);
    fc.assert(
      fc.property(fen, (f) => {
        expect(optionalZero(`人民币${capitalAmount(f)}`)).toBe(optionalZero(nzh.toMoney(yuanText(f))));
      }),
      { numRuns: 300 },
    );
  });
});
