import { describe, expect, it } from 'vitest';
import {
  hasValidNationalIdChecksum,
  nationalIdBirthDate,
  nationalIdCheckChar,
} from '../../shared/domain/model/nationalIdChecksum.js';

describe('GB 11643 check character', () => {
  it('computes the published examples and refuses a changed digit', () => {
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
    expect(nationalIdCheckChar('37030219700308123')).toBe('5');
    expect(hasValidNationalIdChecksum('11010519491231002X')).toBe(true);
    expect(hasValidNationalIdChecksum('110105194912310021')).toBe(false);
    expect(hasValidNationalIdChecksum('370302197003081235')).toBe(true);
    expect(hasValidNationalIdChecksum('370302197003081234')).toBe(false);
    expect(hasValidNationalIdChecksum('37030219700308123')).toBe(false);
    expect(nationalIdCheckChar('3703021970030812a')).toBeUndefined();
    // every check character occurs, each for exactly one 18th character
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) {
      const first17 = `3703021970030${String(s).padStart(4, '0')}`;
      const c = nationalIdCheckChar(first17) ?? '';
      seen.add(c);
      const others = '0123456789X'.split('').filter((x) => x !== c);
      for (const o of others) expect(hasValidNationalIdChecksum(first17 + o)).toBe(false);
    }
    expect(seen).toEqual(new Set('0123456789X'.split('')));
    expect(nationalIdBirthDate('11010519491231002X')).toBe('1949-12-31');
  });
});
