import { describe, expect, it } from 'vitest';
import type { CaseType, RightName } from '../../shared/domain/index.js';
import { conditionalSurrenderGuard, RIGHT_LABELS, rightsViolationSchema } from '../../shared/domain/index.js';
import { CONDITIONAL_GUARD_CORPUS, type CorpusEntry } from './conditionalGuardCorpus.js';

/**
 * Every phrasing of the corpus through the guard, all misclassifications reported at once: a change to
 * the term tables that fixes one phrasing and breaks three others shows all four in one run.
 */
const HAN = /[\u4e00-\u9fff]/;

/** The policy clause a violation must cite: insurance is 二(二)5 whatever the case; the rest the case's rule. */
function basis(caseType: CaseType, right: RightName): string {
  if (right === 'social_insurance') return '二(二)5';
  return caseType === 'homestead_exit' ? '二(二)3' : '二(二)4(3)';
}

/** What is wrong with the guard's answer for one entry, or null if nothing. */
function misclassification(entry: CorpusEntry): string | null {
  const result = conditionalSurrenderGuard(entry.caseType, [entry.text]);
  const named = result.violations.map((v) => v.right);
  const label = `${entry.caseType}: "${entry.text}"`;
  if (result.allowed !== (result.violations.length === 0))
    return `${label}: allowed disagrees with violations`;
  if (entry.expected === 'allowed') {
    return result.allowed ? null : `${label}: expected allowed, refused naming ${named.join(', ')}`;
  }
  if (result.allowed) return `${label}: expected refused (${entry.right}), allowed`;
  if (named.length !== 1 || named[0] !== entry.right) {
    return `${label}: expected to name ${entry.right}, named ${named.join(', ')}`;
  }
  const v = result.violations[0];
  if (!v || !rightsViolationSchema.safeParse(v).success) return `${label}: violation does not fit the schema`;
  const right = entry.right as RightName;
  const cited = basis(entry.caseType, right);
  for (const [lang, message, rightLabel] of [
    ['zh', v.messageZh, RIGHT_LABELS[right].zh],
    ['en', v.messageEn, RIGHT_LABELS[right].en],
  ] as const) {
    if (!message.includes(rightLabel)) return `${label}: ${lang} message does not name ${rightLabel}`;
    if (!message.includes(cited)) return `${label}: ${lang} message does not cite ${cited}`;
    const quoted = /[“"]([^”"]+)[”"]/.exec(message)?.[1];
    if (!quoted || !entry.text.includes(quoted)) return `${label}: ${lang} message does not quote the text`;
  }
  return null;
}

describe('the conditional-exit guard corpus', () => {
  it('is large and varied enough: ≥ 60 phrasings, ≥ 25 refused and ≥ 25 allowed, both in both languages', () => {
    const count = (expected: CorpusEntry['expected'], zh: boolean) =>
      CONDITIONAL_GUARD_CORPUS.filter((e) => e.expected === expected && HAN.test(e.text) === zh).length;
    expect(CONDITIONAL_GUARD_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(count('refused', true) + count('refused', false)).toBeGreaterThanOrEqual(25);
    expect(count('allowed', true) + count('allowed', false)).toBeGreaterThanOrEqual(25);
    for (const expected of ['refused', 'allowed'] as const) {
      for (const zh of [true, false]) expect(count(expected, zh)).toBeGreaterThanOrEqual(10);
    }
    // a refused entry names its right; an allowed one does not; no phrasing is there twice
    for (const e of CONDITIONAL_GUARD_CORPUS) expect(e.right === undefined).toBe(e.expected === 'allowed');
    const keys = CONDITIONAL_GUARD_CORPUS.map((e) => `${e.caseType}|${e.text}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('classifies every phrasing as it should, naming the right and the policy clause', () => {
    const wrong = CONDITIONAL_GUARD_CORPUS.map(misclassification).filter((m) => m !== null);
    expect(wrong).toEqual([]);
  });

  it('classifies the same inside a longer note: harmless sentences neither hide nor make a condition', () => {
    const wrong: string[] = [];
    for (const caseType of ['homestead_exit', 'contract_land_exit'] as const) {
      const entries = CONDITIONAL_GUARD_CORPUS.filter((e) => e.caseType === caseType);
      const harmless = entries.filter((e) => e.expected === 'allowed').map((e) => e.text);
      const note = conditionalSurrenderGuard(caseType, [harmless.join('。')]);
      if (!note.allowed) wrong.push(`${caseType}: all allowed phrasings in one note: refused`);
      for (const e of entries.filter((x) => x.expected === 'refused')) {
        const text = [harmless[0], e.text, harmless.at(-1)].join('。');
        const named = conditionalSurrenderGuard(caseType, [text]).violations.map((v) => v.right);
        if (named.join() !== e.right)
          wrong.push(`${caseType}: "${text}" named ${named.join(', ') || 'nothing'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
