import { describe, expect, it } from 'vitest';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { PARAMETER_SPECS } from '../../shared/domain/policy/parameterSpecs.js';
import { checkProposedParameters, parameterChanges } from '../../shared/domain/policy/proposedParameters.js';
import { sampleCashOfferFen } from '../../shared/domain/policy/sampleHousehold.js';

/** The checks of a proposed parameter version (issue 19): every field known, named, with unit and range. */
const { version: _v, districtCode: _d, effectiveFrom: _e, ...BASE } = illustrativeParameters('370302');

function leaves(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

describe('checkProposedParameters', () => {
  it('has a spec (name, unit, range) for every field a stored version has, and for nothing else', () => {
    expect(PARAMETER_SPECS.map((s) => s.path).sort()).toEqual(leaves(BASE).sort());
    for (const s of PARAMETER_SPECS) {
      expect(s.zh.length, s.path).toBeGreaterThan(1);
      expect(s.en.length, s.path).toBeGreaterThan(1);
    }
  });

  it('accepts the illustrative version as it is', () => {
    const checked = checkProposedParameters(structuredClone(BASE));
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.value).toEqual(BASE);
  });

  it.each([
    ['yearlyDepreciationBp', 1_001, '房屋年折旧率：须在 0%（0 基点） 至 10%（1000 基点） 之间'],
    ['rewardDays', 0, '限期签约奖励期限：须在 1 天 至 365 天 之间'],
    ['rewardDays', 1.5, '限期签约奖励期限：须为整数（单位：天）'],
    ['cashPremiumBp', '10%', '货币补偿上浮比例：须为数字（单位：基点（1 基点 = 0.01%））'],
    ['programmeOpen', 'yes', '本区开展退出工作：须为“是”或“否”'],
    ['pilotLevel', 'city', '试点级别：须为以下之一：national、provincial、none'],
    ['perCapitaAreaM2', 0, '安置住房人均面积：须在 0.01 平方米 至 1000 平方米 之间'],
  ])('refuses %s = %j: %s', (path, value, zh) => {
    const raw = structuredClone(BASE) as unknown as Record<string, unknown>;
    raw[path] = value;
    const checked = checkProposedParameters(raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors).toEqual([expect.objectContaining({ path, messageZh: zh })]);
  });

  it('states fen bounds in yuan too, and refuses a household cap below the per-person area', () => {
    const raw = structuredClone(BASE) as unknown as Record<string, unknown>;
    (raw.attachmentRateFen as Record<string, unknown>).well = 10_000_001;
    let checked = checkProposedParameters(raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.errors[0]?.message).toBe(
        'attachment: well (each): must be from ¥0.00 (0 fen) to ¥100,000.00 (10000000 fen)',
      );
    checked = checkProposedParameters({ ...structuredClone(BASE), perCapitaAreaM2: 50, maxAreaM2: 40 });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.path)).toEqual(['maxAreaM2']);
  });

  it('lists every missing and every unknown field, not the first one only', () => {
    const { deadlines: _, ...rest } = structuredClone(BASE);
    const checked = checkProposedParameters({ ...rest, landRate: 1, extra: { a: 1 } });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      const paths = checked.errors.map((e) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining(['deadlines.reviewDays', 'deadlines.fundReviewDays', 'landRate', 'extra.a']),
      );
      expect(paths.filter((p) => p.startsWith('deadlines.')).length).toBe(12);
    }
  });
});

describe('what a change does', () => {
  it('lists the fields that change, and the sample household’s cash offer moves with the land rate', () => {
    const raised = { ...structuredClone(BASE), landRateFenPerM2: { '1': 50_000, '2': 40_000, '3': 15_000 } };
    expect(parameterChanges(BASE, raised)).toEqual([
      { path: 'landRateFenPerM2.2', from: 30_000, to: 40_000 },
    ]);
    const at = '2027-01-01T04:00:00.000Z';
    const before = sampleCashOfferFen(BASE, at);
    const after = sampleCashOfferFen(raised, at);
    // 200 m² within the standard area × ¥100 more, plus the 10 % premium and 5 % reward on it
    expect(after - before).toBe(200 * 10_000 * 1.15);
  });
});
