import { describe, expect, it } from 'vitest';
import type { CaseType, GuardResult, RightName } from '../../shared/domain/index.js';
import { conditionalSurrenderGuard, RIGHT_LABELS, rightsViolationSchema } from '../../shared/domain/index.js';

/**
 * DOMAIN.md: nobody may make an exit conditional on giving up another right; a review decision whose
 * condition or reason is the surrender of another right is refused, naming the right. 二(二)3: 不得以
 * 退出土地承包权和集体收益分配权作为农户退出宅基地的条件; 二(二)4(3): the mirror rule for contract land.
 */
const H: CaseType = 'homestead_exit';
const C: CaseType = 'contract_land_exit';

function guard(caseType: CaseType, ...reasons: string[]): GuardResult {
  const result = conditionalSurrenderGuard(caseType, reasons);
  for (const v of result.violations) expect(rightsViolationSchema.parse(v)).toEqual(v);
  expect(result.allowed).toBe(result.violations.length === 0);
  return result;
}

/** Refused, naming exactly these rights (labels in both languages) and quoting the offending words. */
function expectRefused(result: GuardResult, rights: readonly RightName[], quote?: string): void {
  expect(result.allowed).toBe(false);
  expect(result.violations.map((v) => v.right).sort()).toEqual([...rights].sort());
  for (const v of result.violations) {
    expect(v.messageZh).toContain(RIGHT_LABELS[v.right].zh);
    expect(v.messageEn).toContain(RIGHT_LABELS[v.right].en);
    if (quote !== undefined) {
      expect(v.messageZh).toContain(quote);
      expect(v.messageEn).toContain(quote);
    }
  }
}

function expectAllowed(result: GuardResult): void {
  expect(result.violations).toEqual([]);
  expect(result.allowed).toBe(true);
}

describe('homestead exit: Chinese reasons making the exit conditional on another right are refused', () => {
  it.each([
    ['须交回承包地后方可退出宅基地', 'contract_land', '须交回承包地'],
    ['退出宅基地须同时交回责任田', 'contract_land', '退出宅基地须同时交回责任田'],
    ['以放弃集体收益分配权作为退出宅基地的条件', 'collective_income_distribution', '以放弃集体收益分配权'],
    ['只有放弃集体分红，才能退出宅基地', 'collective_income_distribution', '只有放弃集体分红'],
    ['须同时注销宅基地资格权', 'homestead_qualification', '须同时注销宅基地资格权'],
    ['须将集体资产股份转让给村集体', 'equity_shares', '须将集体资产股份转让给村集体'],
    ['须放弃城镇医疗保险', 'social_insurance', '须放弃城镇医疗保险'],
    ['退出后停发养老金', 'social_insurance', '停发养老金'],
  ] as const)('"%s" is refused naming %s', (reason, right, quote) => {
    expectRefused(guard(H, reason), [right], quote);
  });
});

describe('homestead exit: English reasons making the exit conditional on another right are refused', () => {
  it.each([
    ['Approved on condition that the household surrenders its contract land.', 'contract_land'],
    [
      'The household must give up its collective income distribution right.',
      'collective_income_distribution',
    ],
    ['Approval requires the household to waive its qualification right.', 'homestead_qualification'],
    ['The household must transfer its equity shares to the collective.', 'equity_shares'],
    ['The household will lose its medical insurance.', 'social_insurance'],
    [
      'Unless the household gives up its dividend, the exit will not be approved',
      'collective_income_distribution',
    ],
  ] as const)('"%s" is refused naming %s', (reason, right) => {
    expectRefused(guard(H, reason), [right]);
  });

  it('quotes the clause that carries the condition, not the harmless one', () => {
    const r = guard(H, 'Documents complete. The household must give up its contract land.');
    expectRefused(r, ['contract_land'], 'The household must give up its contract land');
    expect(r.violations[0]?.messageEn).not.toContain('Documents complete');
  });
});

describe('reasons stating that the other rights are preserved are allowed', () => {
  it.each([
    [H, '宅基地退出不影响土地承包权和集体收益分配权'],
    [H, '农村集体经济组织不得以退出土地承包权和集体收益分配权作为农户退出宅基地的条件'],
    [C, '农村集体经济组织不得以退出宅基地资格权和集体收益分配权作为农户退出土地承包经营权的条件'],
    [C, '退出承包地不改变宅基地资格权和集体收益分配权'],
    [C, '承包地退出后，宅基地资格权予以保留'],
    [H, '承包地和集体收益分配权均保留'],
    [H, '退出宅基地后承包地和收益分配权均保留'],
    [H, '无需放弃承包地'],
    [H, '宅基地退出与承包地退出互不影响'],
    [H, '退出宅基地不以退出承包地为前提'],
    [H, 'no need to give up the contract land'],
    [H, 'There is no need to give up the contract land or the dividend.'],
    [H, 'The contract land and the dividend are not affected.'],
    [H, 'The household keeps its contract land, equity shares and pension.'],
  ] as const)('%s: "%s"', (caseType, reason) => {
    expectAllowed(guard(caseType, reason));
  });
});

describe('neutral and in-scope reasons', () => {
  it.each([
    '材料齐全，同意退出',
    '经村民代表大会讨论，同意该户退出宅基地，补偿按标准执行',
    '该户已在城区购房，社保缴纳满48个月，同意退出宅基地。',
    'Documents complete; approved.',
  ])('neutral reason "%s" is allowed', (reason) => {
    expectAllowed(guard(H, reason));
  });

  it('surrendering the homestead itself is the case, so allowed for a homestead exit', () => {
    expectAllowed(guard(H, '同意退出宅基地'));
    expectAllowed(guard(H, '同意退出宅基地及地上房屋'));
    expectAllowed(guard(H, 'The household surrenders the homestead and the house on it.'));
  });

  it('surrendering the contract land itself is the case, so allowed for a contract-land exit', () => {
    expectAllowed(guard(C, '同意退出承包地'));
    expectAllowed(guard(C, 'The household gives up its contract plots C1 and C2.'));
  });

  it('"须退出宅基地" is refused for a contract-land exit, naming the homestead use right', () => {
    expectRefused(guard(C, '须退出宅基地'), ['homestead_use'], '须退出宅基地');
    expectRefused(guard(C, 'The household must also give up its homestead.'), ['homestead_use']);
  });

  it('a contract-land exit may not be conditional on the qualification or income distribution right', () => {
    expectRefused(guard(C, '须放弃宅基地资格权和集体收益分配权'), [
      'homestead_qualification',
      'collective_income_distribution',
    ]);
  });

  it('the contract land is out of scope for a homestead exit even when written "contract land exit"', () => {
    expectRefused(guard(H, '须同意承包地退出'), ['contract_land']);
  });
});

describe('several reasons and several rights', () => {
  it('one conditional reason among harmless ones refuses the decision', () => {
    const r = guard(H, '材料齐全', '宅基地退出不影响承包地', '须交出股权');
    expectRefused(r, ['equity_shares'], '须交出股权');
  });

  it('each right is named once, however often it is mentioned', () => {
    const r = guard(H, '须交回承包地', '承包地须一并收回');
    expectRefused(r, ['contract_land']);
  });

  it('no reasons at all is allowed', () => {
    expectAllowed(guard(H));
  });
});

describe('structured conditions', () => {
  it('an out-of-scope condition is refused naming the right', () => {
    const r = conditionalSurrenderGuard(H, [], [{ right: 'contract_land', items: ['C1'] }]);
    expectRefused(r, ['contract_land']);
    expect(r.violations[0]?.messageZh).not.toContain('contract_land');
  });

  it('every out-of-scope condition is named', () => {
    const r = conditionalSurrenderGuard(
      C,
      ['材料齐全'],
      [
        { right: 'contract_land', items: ['C1'] },
        { right: 'homestead_qualification', items: [] },
        { right: 'collective_income_distribution', items: [] },
      ],
    );
    expectRefused(r, ['homestead_qualification', 'collective_income_distribution']);
  });

  it('an in-scope condition is allowed', () => {
    expectAllowed(conditionalSurrenderGuard(H, [], [{ right: 'homestead_use', items: ['P1'] }]));
    expectAllowed(conditionalSurrenderGuard(C, [], [{ right: 'contract_land', items: [] }]));
  });

  it('the homestead is out of scope for a contract-land exit', () => {
    const r = conditionalSurrenderGuard(C, [], [{ right: 'homestead_use', items: ['P1'] }]);
    expectRefused(r, ['homestead_use']);
  });

  it('structured conditions and free-text reasons are combined', () => {
    const r = conditionalSurrenderGuard(H, ['须放弃养老保险'], [{ right: 'equity_shares', items: [] }]);
    expectRefused(r, ['equity_shares', 'social_insurance']);
  });
});

/**
 * Realistic phrasings the first version of the guard got wrong (fixed in conditionalGuard.ts): each is a
 * regression test.
 */
describe('phrasings the guard used to miss (now refused)', () => {
  it('a list with the Chinese enumeration comma names every right in it', () => {
    expectRefused(guard(H, '须交回承包地、集体收益分配权和股权'), [
      'contract_land',
      'collective_income_distribution',
      'equity_shares',
    ]);
  });

  it('an English comma list names every right in it', () => {
    const r = guard(
      H,
      'The household must surrender the contract land, the income distribution right and the equity shares.',
    );
    expectRefused(r, ['contract_land', 'collective_income_distribution', 'equity_shares']);
  });

  it('"hands over" and "returned" are surrender verbs', () => {
    expectRefused(guard(H, 'Approved on condition that the household hands over its contract plots.'), [
      'contract_land',
    ]);
    expectRefused(guard(H, 'The contract plots must be returned to the collective.'), ['contract_land']);
  });

  it('"contract-land" with a hyphen is the contract land', () => {
    expectRefused(guard(H, 'The household must give up its contract-land rights.'), ['contract_land']);
  });

  it('a preserved right in the same clause does not hide a surrendered one', () => {
    expectRefused(guard(H, '保留住房但须交出承包地'), ['contract_land']);
    expectRefused(
      guard(C, 'Approved, provided the household gives up its equity shares and keeps its pension.'),
      ['equity_shares'],
    );
  });

  it('"no longer enjoys" is a surrender, not a preservation', () => {
    expectRefused(guard(H, '退出宅基地后不再享有集体收益分配'), ['collective_income_distribution']);
    expectRefused(guard(H, '退出后不再保留集体收益分配权'), ['collective_income_distribution']);
    expectRefused(guard(H, 'The household can no longer keep its dividend.'), [
      'collective_income_distribution',
    ]);
  });

  it('leaving the collective economic organisation gives up the income distribution right', () => {
    expectRefused(guard(H, '须退出村集体经济组织'), ['collective_income_distribution']);
  });

  it('"may not apply for a homestead again" takes the qualification right', () => {
    expectRefused(guard(H, '退出宅基地后，本户不得再申请宅基地'), ['homestead_qualification']);
  });
});

describe('conditions phrased negatively are still conditions', () => {
  it('"未交回承包地的，不予办理" and "若不交回……不予退出" are refused', () => {
    expectRefused(guard(H, '未交回承包地的，不予办理宅基地退出'), ['contract_land']);
    expectRefused(guard(H, '若不交回承包地，不予退出宅基地'), ['contract_land']);
  });
});

describe('phrasings the guard used to refuse wrongly (now allowed)', () => {
  it.each([
    'The exit must not be made conditional on giving up the contract land.',
    'The exit cannot be made conditional on surrendering the income distribution right.',
    'Exiting the homestead does not require giving up the contract land.',
    'Giving up the homestead does not mean losing the dividend.',
    'The household will not lose its pension.',
    '退出宅基地后仍享有集体收益分配权',
    '经西河村股份经济合作社成员大会表决通过同意退出宅基地',
    '同意退出，退出后集体分红照常发放',
  ])('"%s"', (reason) => {
    expectAllowed(guard(H, reason));
  });
});
