import { describe, expect, it } from 'vitest';
import type { EligibilityContext, Finding, RuleId } from '../../shared/domain/index.js';
import { assessEligibility, findingSchema, isEligible } from '../../shared/domain/index.js';
import { homesteadStatusSchema, normaliseCertificateNo } from '../../shared/domain/model/household.js';
import { rightsSnapshot } from '../../shared/domain/rights/snapshot.js';
import { homestead, homesteadApp, makeContext, makeHousehold } from './fixtures.js';

/**
 * Registry integrity in the rules (docs/registry-integrity.md): a parcel whose registration was cancelled
 * at the end of a case (`exited`) can never be in a new case, and is no longer a homestead the household
 * holds; certificate numbers compare in one normal form.
 */
const LEGAL_CLAUSE = '二(二)2';
const EXITED_AT = '2025-09-30T18:00:00.000Z'; // 1 October 2025 in Zibo

function findingOf(ctx: EligibilityContext, ruleId: RuleId): Finding {
  const found = assessEligibility(ctx).filter((f) => f.ruleId === ruleId);
  expect(found).toHaveLength(1);
  const f = found[0] as Finding;
  expect(findingSchema.parse(f)).toEqual(f);
  return f;
}

const exitedP2 = () =>
  homestead({
    parcelId: 'P2',
    certificateNo: 'CERT-0002',
    status: 'exited',
    exitedByCaseId: 'C-2025-0042',
    exitedAt: EXITED_AT,
  });

type NonFarm = ReturnType<typeof makeHousehold>['nonFarm'];

function ctxApplyingFor(parcelIds: string[], nonFarm?: NonFarm) {
  return makeContext({
    household: makeHousehold({
      homesteads: [homestead({ parcelId: 'P1' }), exitedP2(), homestead({ parcelId: 'P3' })],
      ...(nonFarm ? { nonFarm } : {}),
    }),
    application: homesteadApp({ parcelIds }),
  });
}

describe('H-LEGAL: an exited parcel can never be in a new case', () => {
  it('fails, saying when and in which case it was exited, in Chinese and English, with its clause', () => {
    const ctx = ctxApplyingFor(['P2']);
    const f = findingOf(ctx, 'H-LEGAL');
    expect(f.passed).toBe(false);
    expect(f.clause).toBe(LEGAL_CLAUSE);
    expect(f.subjects).toEqual(['P2']);
    expect(f.messageZh).toBe(
      '宅基地 P2（CERT-0002）已于 2025-10-01 退出并注销登记（案件 C-2025-0042），不能再次申请退出。',
    );
    expect(f.messageEn).toBe(
      'Parcel P2 (CERT-0002) was exited and its registration cancelled on 2025-10-01 (case C-2025-0042); it cannot be exited again.',
    );
    expect(isEligible(assessEligibility(ctx))).toBe(false);
  });

  it('names only the exited parcel when it is applied for with others', () => {
    const f = findingOf(ctxApplyingFor(['P2', 'P3']), 'H-LEGAL');
    expect(f.passed).toBe(false);
    expect(f.subjects).toEqual(['P2']);
    expect(f.messageZh).not.toContain('P3');
  });

  it('an exited parcel not applied for does not block the others', () => {
    const f = findingOf(ctxApplyingFor(['P3']), 'H-LEGAL');
    expect(f.passed).toBe(true);
  });

  it('reads without a date or case when the registry lacks them', () => {
    const bare = homestead({ parcelId: 'P2', status: 'exited' });
    const ctx = makeContext({
      household: makeHousehold({ homesteads: [homestead({ parcelId: 'P1' }), bare] }),
      application: homesteadApp({ parcelIds: ['P2'] }),
    });
    const f = findingOf(ctx, 'H-LEGAL');
    expect(f.passed).toBe(false);
    expect(f.messageZh).toContain('已退出并注销登记');
    expect(f.messageZh).not.toContain('undefined');
    expect(f.messageEn).not.toContain('undefined');
  });
});

describe('an exited parcel is no longer a homestead the household holds', () => {
  const NOT_OTHERWISE_QUALIFIED = {
    socialInsuranceMonths: 0,
    urbanResidenceMonths: 0,
    businessLicenceMonths: 0,
  };

  it('H-QUALIFIED (一户多宅) neither counts it nor keeps it as the first', () => {
    // P1, P2 (exited), P3: the household holds P1 and P3; P1 is its home, P3 may go
    const f = findingOf(ctxApplyingFor(['P3'], NOT_OTHERWISE_QUALIFIED), 'H-QUALIFIED');
    expect(f.passed).toBe(true);
    expect(f.messageZh).toContain('共 2 处宅基地');
    // exited first parcel: the next one is the home, so it may not go
    const ctx = makeContext({
      household: makeHousehold({
        nonFarm: NOT_OTHERWISE_QUALIFIED,
        homesteads: [
          homestead({ parcelId: 'P0', status: 'exited', exitedByCaseId: 'C-1', exitedAt: EXITED_AT }),
          homestead({ parcelId: 'P1' }),
        ],
      }),
      application: homesteadApp({ parcelIds: ['P1'] }),
    });
    expect(findingOf(ctx, 'H-QUALIFIED').passed).toBe(false);
  });

  it('the rights snapshot lists no use right for it', () => {
    const h = makeHousehold({ homesteads: [homestead({ parcelId: 'P1' }), exitedP2()] });
    expect(rightsSnapshot(h).homesteadUse).toEqual(['P1']);
  });

  it('the status is one the registry knows', () => {
    expect(homesteadStatusSchema.options).toContain('exited');
  });
});

describe('normaliseCertificateNo: one number, however it is typed', () => {
  it('drops every space, makes full-width ASCII half-width and letters upper case', () => {
    const canonical = '鲁(2020)淄川区不动产权第0001234号';
    for (const typed of [
      canonical,
      `  ${canonical}\t`,
      '鲁（２０２０）淄川区不动产权第０００１２３４号',
      '鲁(2020) 淄川区　不动产权第0001234号',
    ]) {
      expect(normaliseCertificateNo(typed)).toBe(canonical);
    }
    expect(normaliseCertificateNo('zb-ｘ77')).toBe('ZB-X77');
  });

  it('keeps different numbers different', () => {
    expect(normaliseCertificateNo('鲁(2020)第0001234号')).not.toBe(
      normaliseCertificateNo('鲁(2020)第0001235号'),
    );
  });
});
