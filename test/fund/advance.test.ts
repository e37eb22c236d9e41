import { describe, expect, it } from 'vitest';
import type { AdvanceState } from '../../shared/domain/model/case.js';
import { advanceEntryId, derivedId, openAdvance, recordApproval } from '../../shared/fund/advance.js';
import { entryDeltas } from '../../shared/fund/ledger.js';
import { centiM2ToMu4, formatMu4 } from '../../shared/fund/reserve.js';

/** The pure parts of the fund: opening an advance, counting approvals, entry effects, quota arithmetic. */
const AT = '2025-06-01T08:00:00.000Z';
const THRESHOLD = { fourEyesThresholdFen: 50_000_000 };

describe('openAdvance', () => {
  it('asks one administrator up to and including the threshold, two above it', () => {
    expect(openAdvance({ agreementId: 'AG-1', payableFen: 50_000_000 }, THRESHOLD, AT)).toEqual({
      status: 'pending_approval',
      amountFen: 50_000_000,
      requiredApprovals: 1,
      approvals: [],
    });
    expect(
      openAdvance({ agreementId: 'AG-1', payableFen: 50_000_001 }, THRESHOLD, AT).requiredApprovals,
    ).toBe(2);
    expect(openAdvance({ agreementId: 'AG-1', payableFen: 0 }, THRESHOLD, AT).requiredApprovals).toBe(1);
  });

  it('derives the entry id from the agreement, hashing only ids that would not fit', () => {
    expect(advanceEntryId('AG-20250601-3f9a0c1d')).toBe('ADV-AG-20250601-3f9a0c1d');
    const long = 'A'.repeat(64);
    expect(advanceEntryId(long)).toBe(advanceEntryId(long));
    expect(advanceEntryId(long).length).toBeLessThanOrEqual(64);
    expect(derivedId('REV', long)).not.toBe(derivedId('REV', `${long}B`));
  });
});

describe('recordApproval (four eyes)', () => {
  const twoNeeded: AdvanceState = openAdvance({ agreementId: 'AG-1', payableFen: 60_000_000 }, THRESHOLD, AT);

  it('one approval above the threshold is not enough', () => {
    const r = recordApproval(twoNeeded, 'admin-a', 'approve', 'ok', AT);
    expect(r.outcome).toBe('pending');
    expect(r.advance.status).toBe('pending_approval');
    expect(r.advance.approvals).toHaveLength(1);
  });

  it('the same administrator approving twice counts once', () => {
    const once = recordApproval(twoNeeded, 'admin-a', 'approve', 'ok', AT).advance;
    const twice = recordApproval(once, 'admin-a', 'approve', 'again', AT);
    expect(twice.outcome).toBe('duplicate');
    expect(twice.changed).toBe(false);
    expect(twice.advance).toBe(once);
  });

  it('two different administrators approve it, stamped with the approval time', () => {
    const once = recordApproval(twoNeeded, 'admin-a', 'approve', 'ok', AT).advance;
    const both = recordApproval(once, 'admin-b', 'approve', 'ok', '2025-06-02T08:00:00.000Z');
    expect(both.outcome).toBe('approved');
    expect(both.advance).toMatchObject({ status: 'approved', approvedAt: '2025-06-02T08:00:00.000Z' });
  });

  it('a rejection by either ends it with the reason, also after the other approved', () => {
    const once = recordApproval(twoNeeded, 'admin-a', 'approve', 'ok', AT).advance;
    const r = recordApproval(once, 'admin-b', 'reject', '材料不全 / papers missing', AT);
    expect(r.outcome).toBe('rejected');
    expect(r.advance).toMatchObject({ status: 'rejected', rejectionReason: '材料不全 / papers missing' });
    expect(recordApproval(r.advance, 'admin-c', 'approve', 'ok', AT).outcome).toBe('closed');
  });

  it('below the threshold one approval suffices', () => {
    const one = openAdvance({ agreementId: 'AG-2', payableFen: 1_000 }, THRESHOLD, AT);
    expect(recordApproval(one, 'admin-a', 'approve', '', AT).outcome).toBe('approved');
  });
});

describe('entry effects', () => {
  it('moves the counters of the accounts it touches', () => {
    const base = { amountFen: 700, kind: 'advance' as const };
    expect(entryDeltas({ ...base, debit: 'advances', credit: 'fund_cash' })).toEqual({
      balanceFen: -700,
      advancedFen: 700,
      replenishedFen: 0,
      reversedFen: 0,
    });
    expect(
      entryDeltas({ ...base, kind: 'replenishment', debit: 'fund_cash', credit: 'quota_sales' }),
    ).toEqual({
      balanceFen: 700,
      advancedFen: 0,
      replenishedFen: 700,
      reversedFen: 0,
    });
    expect(entryDeltas({ ...base, kind: 'reversal', debit: 'fund_cash', credit: 'advances' })).toEqual({
      balanceFen: 700,
      advancedFen: -700,
      replenishedFen: 0,
      reversedFen: 700,
    });
    expect(entryDeltas({ ...base, kind: 'reversal', debit: 'appropriations', credit: 'fund_cash' })).toEqual({
      balanceFen: -700,
      advancedFen: 0,
      replenishedFen: -700,
      reversedFen: 700,
    });
  });
});

describe('quota arithmetic', () => {
  it('converts area to 1/10 000 mu exactly, rounding half up', () => {
    expect(centiM2ToMu4(66_667n)).toBe(10_000n); // 666.67 m2 = 1 mu
    expect(centiM2ToMu4(22_000n)).toBe(3_300n); // 220 m2 = 0.32999… mu → 0.3300
    expect(centiM2ToMu4(0n)).toBe(0n);
    // 0.5 mu4 is 3.33335 centi-m2: 3 rounds down, 4 rounds up
    expect(centiM2ToMu4(3n)).toBe(0n);
    expect(centiM2ToMu4(4n)).toBe(1n);
    expect(formatMu4(3_300)).toBe('0.3300');
    expect(formatMu4(123_456)).toBe('12.3456');
  });
});
