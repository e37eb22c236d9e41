import { describe, expect, it } from 'vitest';
import type { Case, LedgerEntry } from '../../shared/domain/index.js';
import { offersFor } from '../../shared/domain/index.js';
import { type DomainEvent, domainEventSchema } from '../../shared/domain/model/event.js';
import { quarterPeriod } from '../../shared/domain/period.js';
import { projectionUpdate, projectionView } from '../../shared/reports/projection.js';
import {
  durationStats,
  type LandRecords,
  quarterlyReport,
  type ReportLedgerEntry,
} from '../../shared/reports/quarterly.js';
import { contractApp, homestead, homesteadApp, makeHousehold, makeParams, plot } from '../domain/fixtures.js';
import { agreement, makeCase, offerWithLines } from './fixtures.js';

/**
 * One district, 2024 Q1 by the date in Zibo (2024-01-01T00:00+08:00 ≤ t < 2024-04-01T00:00+08:00, i.e.
 * 2023-12-31T16:00Z ≤ t < 2024-03-31T16:00Z; February has 29 days). Every expected figure below is
 * worked out by hand from these cases in the comments beside them. D() is UTC, Z() is Zibo time.
 */
const D = (day: string, time = '00:00:00') => `${day}T${time}Z`;
const Z = (day: string, time = '00:00:00') => `${day}T${time}+08:00`;
const INPUT = { year: 2024, quarter: 1, district: '370302' as const, generatedAt: '2024-04-02T08:00:00Z' };

// B's household is no longer in the registry; its area comes from the lines of the offer it signed,
// priced by the real compensation code: P9 = 233.33 m², i.e. 200.00 within standard + 33.33 excess.
const householdB = makeHousehold({
  householdId: 'H-B',
  homesteads: [homestead({ parcelId: 'P9', areaM2: 233.33 })],
});
const offersB = offersFor(
  homesteadApp({ householdId: 'H-B', parcelIds: ['P9'] }),
  householdB,
  2,
  makeParams(),
  D('2024-01-22'),
);

const SNAPSHOT = {
  homesteadUse: ['P1'],
  homesteadQualification: true,
  contractLand: [],
  collectiveIncomeDistribution: true,
  equityShares: 0,
  socialInsurance: [],
};

const CASES: Case[] = [
  // A: homestead exit of P1, P2, P3; exits in Q1 (first disbursed 01-25); a same-status note on 01-05
  makeCase({
    caseId: 'A',
    householdId: 'H-A',
    parcelIds: ['P1', 'P2', 'P3'],
    steps: [
      ['draft', D('2023-12-20')],
      ['submitted', D('2024-01-02')],
      ['eligibility', D('2024-01-02', '12:00:00')],
      ['village_review', D('2024-01-04')],
      ['village_review', D('2024-01-05')],
      ['public_notice', D('2024-01-10')],
      ['offers', D('2024-01-17')],
      ['agreement_signed', D('2024-01-20')],
      ['fund_review', D('2024-01-21')],
      ['disbursed', D('2024-01-25')],
      ['reserved', D('2024-02-01')],
    ],
    extra: {
      agreement: agreement('A', D('2024-01-20'), [{ right: 'homestead_use', items: ['P1', 'P2', 'P3'] }]),
    },
  }),
  // B: returned once, resubmitted; waited for funds; disbursed 03-01 12:00; area from the signed offer
  makeCase({
    caseId: 'B',
    householdId: 'H-B',
    parcelIds: ['P9'],
    steps: [
      ['draft', D('2024-01-05')],
      ['submitted', D('2024-01-06')],
      ['eligibility', D('2024-01-06', '06:00:00')],
      ['village_review', D('2024-01-07')],
      ['returned', D('2024-01-08')],
      ['resubmitted', D('2024-01-10')],
      ['eligibility', D('2024-01-10', '06:00:00')],
      ['village_review', D('2024-01-11')],
      ['public_notice', D('2024-01-15')],
      ['offers', D('2024-01-22')],
      ['agreement_signed', D('2024-02-21')],
      ['fund_review', D('2024-02-22')],
      ['awaiting_funds', D('2024-02-23')],
      ['disbursed', D('2024-03-01', '12:00:00')],
    ],
    extra: {
      offers: offersB,
      agreement: agreement('B', D('2024-02-21'), [{ right: 'homestead_use', items: ['P9'] }], 'town_housing'),
    },
  }),
  // C: contract land, plot C1 only; signed in 2023, disbursed in the very last millisecond of Q1 (Zibo
  // time), reserved and closed in Q2 (so neither counts in Q1)
  makeCase({
    caseId: 'C',
    type: 'contract_land_exit',
    householdId: 'H-A',
    plotIds: ['C1'],
    steps: [
      ['draft', D('2023-11-01')],
      ['submitted', D('2023-11-02')],
      ['eligibility', D('2023-11-02', '01:00:00')],
      ['village_review', D('2023-11-03')],
      ['public_notice', D('2023-11-10')],
      ['offers', D('2023-11-17')],
      ['agreement_signed', D('2023-12-01')],
      ['fund_review', D('2023-12-02')],
      ['disbursed', Z('2024-03-31', '23:59:59.999')],
      ['reserved', D('2024-04-05')],
      ['closed', D('2024-04-10')],
    ],
    extra: {
      agreement: agreement('C', D('2023-12-01'), [{ right: 'contract_land', items: ['C1'] }]),
    },
  }),
  // D: disbursed in 2023 Q4 (its exit quarter), reserved in Q1: not an exit of Q1, but a Q1 reserve stage
  makeCase({
    caseId: 'D',
    householdId: 'H-A',
    parcelIds: ['P5'],
    steps: [
      ['draft', D('2023-10-01')],
      ['submitted', D('2023-10-02')],
      ['disbursed', D('2023-12-28')],
      ['reserved', D('2024-01-03')],
    ],
    extra: { agreement: agreement('D', D('2023-12-01'), [{ right: 'homestead_use', items: ['P5'] }]) },
  }),
  // E: ineligible, two failed H-LEGAL findings (one case: counted once) and a failed H-QUALIFIED
  makeCase({
    caseId: 'E',
    steps: [
      ['draft', D('2024-02-01')],
      ['submitted', D('2024-02-02')],
      ['eligibility', D('2024-02-02', '01:00:00')],
      ['ineligible', D('2024-02-02', '02:00:00')],
    ],
    extra: {
      findings: [
        finding('H-VOLUNTARY', true),
        finding('H-LEGAL', false, ['P1']),
        finding('H-LEGAL', false, ['P2']),
        finding('H-QUALIFIED', false),
      ],
    },
  }),
  // F: contract land, ineligible (C-NONFARM)
  makeCase({
    caseId: 'F',
    type: 'contract_land_exit',
    steps: [
      ['draft', D('2024-03-01')],
      ['submitted', D('2024-03-02')],
      ['eligibility', D('2024-03-02', '01:00:00')],
      ['ineligible', D('2024-03-02', '02:00:00')],
    ],
    extra: { findings: [finding('C-NONFARM', false), finding('C-PLOTS', true)] },
  }),
  // G: ineligible, appealed, ineligible again, all in Q1: one case in the activity and rule counts
  makeCase({
    caseId: 'G',
    steps: [
      ['draft', D('2024-01-10')],
      ['submitted', D('2024-01-11')],
      ['eligibility', D('2024-01-11', '01:00:00')],
      ['ineligible', D('2024-01-11', '02:00:00')],
      ['eligibility', D('2024-01-20')],
      ['ineligible', D('2024-01-20', '01:00:00')],
    ],
    extra: { findings: [finding('H-QUALIFIED', false)] },
  }),
  // H: rejected by the village (two reasons), appealed, rejected again (one reason)
  makeCase({
    caseId: 'H',
    steps: [
      ['draft', D('2024-02-01')],
      ['submitted', D('2024-02-02')],
      ['eligibility', D('2024-02-02', '01:00:00')],
      ['village_review', D('2024-02-03')],
      ['rejected', D('2024-02-10')],
      ['village_review', D('2024-02-15')],
      ['rejected', D('2024-02-20')],
    ],
    extra: {
      reviews: [
        review('reject', ['不符合"一户一宅", 需补正', '材料不全', '材料不全'], D('2024-02-10')),
        review('reject', ['  材料不全 '], D('2024-02-20')),
        review('approve', ['unrelated'], D('2024-02-21')),
      ],
    },
  }),
  // I: withdrawn two days after the draft was created
  makeCase({
    caseId: 'I',
    steps: [
      ['draft', D('2024-03-10')],
      ['withdrawn', D('2024-03-12')],
    ],
  }),
  // J: created at the first instant of Q2 (Zibo time): not in the Q1 status counts
  makeCase({ caseId: 'J', steps: [['draft', Z('2024-04-01')]] }),
  // K: another district: invisible to this report whatever it holds
  makeCase({
    caseId: 'K',
    districtCode: '370303',
    steps: [
      ['draft', D('2024-01-02')],
      ['submitted', D('2024-01-03')],
      ['ineligible', D('2024-01-04')],
      ['disbursed', D('2024-01-05')],
    ],
    extra: { findings: [finding('H-PILOT', false)] },
  }),
  // L: blocked by the rights check (one right, named twice)
  makeCase({
    caseId: 'L',
    steps: [
      ['draft', D('2024-03-01')],
      ['submitted', D('2024-03-02')],
      ['eligibility', D('2024-03-02', '01:00:00')],
      ['rights_blocked', D('2024-03-02', '02:00:00')],
    ],
    extra: {
      rightsCheck: {
        passed: false,
        before: SNAPSHOT,
        after: { ...SNAPSHOT, collectiveIncomeDistribution: false },
        violations: [
          { right: 'collective_income_distribution', messageZh: '甲', messageEn: 'a' },
          { right: 'collective_income_distribution', messageZh: '乙', messageEn: 'b' },
        ],
      },
    },
  }),
  // M: created at the first instant of Q1 (Zibo time); rejected by the fund after signing
  makeCase({
    caseId: 'M',
    steps: [
      ['draft', Z('2024-01-01')],
      ['submitted', D('2024-01-02')],
      ['eligibility', D('2024-01-02', '01:00:00')],
      ['village_review', D('2024-01-05')],
      ['public_notice', D('2024-01-15')],
      ['offers', D('2024-01-22')],
      ['agreement_signed', D('2024-03-01')],
      ['fund_review', D('2024-03-02')],
      ['rejected', D('2024-03-05', '12:00:00')],
    ],
    extra: {
      advance: {
        status: 'rejected',
        amountFen: 100,
        requiredApprovals: 1,
        approvals: [
          { adminId: 'fa1', decision: 'reject', note: '=HYPERLINK("x")', at: D('2024-03-05', '12:00:00') },
        ],
        rejectionReason: '=HYPERLINK("x")',
      },
    },
  }),
];

// Registry: A's household holds P1 220.50 m², P2 150.25 m² (P3 is gone and A signed no offer) and
// plots C1 2.5 mu, C2 1.2 mu; D's P5 is there too but D did not exit in Q1.
const LAND: LandRecords = {
  households: [
    makeHousehold({
      householdId: 'H-A',
      homesteads: [
        homestead({ parcelId: 'P1', areaM2: 220.5 }),
        homestead({ parcelId: 'P2', areaM2: 150.25 }),
        homestead({ parcelId: 'P5', areaM2: 300 }),
      ],
      contractPlots: [plot({ plotId: 'C1', areaMu: 2.5 }), plot({ plotId: 'C2', areaMu: 1.2 })],
    }),
  ],
};

function entry(
  e: Partial<LedgerEntry> & Pick<LedgerEntry, 'entryId' | 'at' | 'kind' | 'amountFen'>,
): LedgerEntry {
  const accounts =
    e.kind === 'advance'
      ? { debit: 'advances' as const, credit: 'fund_cash' as const }
      : { debit: 'fund_cash' as const, credit: 'quota_sales' as const };
  return { actor: 'fa1', ...accounts, ...e };
}

const LEDGER: ReportLedgerEntry[] = [
  entry({ entryId: 'e1', at: D('2024-01-25'), kind: 'advance', amountFen: 12_345_678, caseId: 'A' }),
  entry({ entryId: 'e1', at: D('2024-01-25'), kind: 'advance', amountFen: 12_345_678, caseId: 'A' }),
  entry({ entryId: 'e2', at: D('2024-03-01', '12:00:00'), kind: 'advance', amountFen: 5_000_000 }),
  entry({
    entryId: 'e3',
    at: D('2024-02-01'),
    kind: 'replenishment',
    amountFen: 20_000_000,
    source: 'quota_sale',
  }),
  // the sale of 1.2345 mu of quota, as the fund records it
  {
    ...entry({
      entryId: 'e10',
      at: D('2024-03-20'),
      kind: 'replenishment',
      amountFen: 1,
      source: 'quota_sale',
    }),
    quotaMu4: 12_345,
  },
  entry({
    entryId: 'e4',
    at: D('2024-03-15'),
    kind: 'replenishment',
    amountFen: 10_000_000,
    credit: 'appropriations',
    source: 'appropriation',
  }),
  // reversal of e2: the money comes back from advances into the fund
  entry({
    entryId: 'e5',
    at: D('2024-03-02'),
    kind: 'reversal',
    amountFen: 5_000_000,
    debit: 'fund_cash',
    credit: 'advances',
    reversesEntryId: 'e2',
  }),
  // reversal of part of a quota sale: the money leaves the fund back to quota_sales
  entry({
    entryId: 'e9',
    at: D('2024-02-02'),
    kind: 'reversal',
    amountFen: 2_000_000,
    debit: 'quota_sales',
    credit: 'fund_cash',
  }),
  // 23:30 on 31 March in Zibo (15:30 UTC): inside Q1
  entry({ entryId: 'e7', at: D('2024-03-31', '15:30:00'), kind: 'advance', amountFen: 1_000 }),
  // 00:10 on 1 April in Zibo is still 31 March in UTC: Q2 all the same
  entry({ entryId: 'e11', at: D('2024-03-31', '16:10:00'), kind: 'advance', amountFen: 30 }),
  // the last millisecond of 2023 in Zibo; 23:59 UTC on 31 December would already be 2024 there
  entry({ entryId: 'e6', at: Z('2023-12-31', '23:59:59.999'), kind: 'advance', amountFen: 999 }),
  entry({ entryId: 'e8', at: D('2024-04-01'), kind: 'replenishment', amountFen: 777, source: 'quota_sale' }),
];

function finding(ruleId: Case['findings'][number]['ruleId'], passed: boolean, subjects: string[] = []) {
  return { ruleId, clause: '二(二)3', passed, messageZh: '', messageEn: '', subjects };
}

function review(
  decision: 'approve' | 'reject' | 'return',
  reasons: string[],
  at: string,
): Case['reviews'][number] {
  return {
    decision,
    reasons,
    resolution: { meetingDate: at.slice(0, 10), membersPresent: 10, votesFor: 2, votesAgainst: 8 },
    reviewer: 'vr1',
    at,
  };
}

const report = quarterlyReport(CASES, LEDGER, INPUT, LAND);

describe('quarterlyReport: header and period', () => {
  it('names the district and the quarter by the date in Zibo (UTC+8)', () => {
    expect(report.district).toEqual({ code: '370302', zh: '淄川区', en: 'Zichuan' });
    expect(report.period).toEqual({
      start: '2023-12-31T16:00:00.000Z',
      end: '2024-03-31T16:00:00.000Z',
      firstDay: '2024-01-01',
      lastDay: '2024-03-31',
      labelZh: '2024年第一季度',
      labelEn: '2024 Q1',
    });
    expect(report.generatedAt).toBe('2024-04-02T08:00:00Z');
  });

  it('rolls Q4 over into the next year', () => {
    const q4 = quarterPeriod(2024, 4);
    expect([q4.start, q4.end, q4.firstDay, q4.lastDay]).toEqual([
      '2024-09-30T16:00:00.000Z',
      '2024-12-31T16:00:00.000Z',
      '2024-10-01',
      '2024-12-31',
    ]);
  });

  it('refuses a quarter that does not exist', () => {
    expect(() => quarterlyReport([], [], { ...INPUT, quarter: 5 })).toThrow(RangeError);
  });
});

describe('quarterlyReport: cases by status and type', () => {
  it('counts the current status of the 11 district cases created by the end of Q1 (not J, not K)', () => {
    expect(report.cases.createdByQuarterEnd).toBe(11);
    const nonZero = report.cases.byStatus.filter((r) => r.count > 0).map((r) => [r.key, r.count]);
    // A, D reserved; B disbursed; C closed (in Q2, but that is its status now); E, F, G ineligible;
    // H, M rejected; I withdrawn; L rights_blocked
    expect(nonZero).toEqual([
      ['ineligible', 3],
      ['rights_blocked', 1],
      ['rejected', 2],
      ['disbursed', 1],
      ['reserved', 2],
      ['closed', 1],
      ['withdrawn', 1],
    ]);
    // every status of the life cycle (wave 2 adds cooling_off, rescinded and the land leg's four)
    expect(report.cases.byStatus).toHaveLength(28);
    expect(report.cases.byStatus.find((r) => r.key === 'reserved')).toMatchObject({
      labelZh: '已收储',
      labelEn: 'reserved',
    });
  });

  it('counts by type: C and F are contract land, the 9 others homestead', () => {
    expect(report.cases.byType.map((r) => [r.key, r.count])).toEqual([
      ['homestead_exit', 9],
      ['contract_land_exit', 2],
      ['equity_exit', 0],
    ]);
  });
});

describe('quarterlyReport: activity in the quarter', () => {
  it('counts distinct cases reaching each status in Q1', () => {
    expect(report.activity.map((r) => [r.key, r.count])).toEqual([
      ['created', 8], // B E F G H I L M (M at the first instant of Q1; J at the first of Q2 is out)
      ['submitted', 8], // A B E F G H L M
      ['resubmitted', 1], // B
      ['ineligible', 3], // E F G (G twice, once counted)
      ['rights_blocked', 1], // L
      ['rejected', 2], // H (twice) M
      ['withdrawn', 1], // I
      ['agreement_signed', 3], // A B M (C signed in 2023)
      ['rescinded', 0], // the cooling-off (wave 2): nobody rescinded
      ['disbursed', 3], // A B C (C at 23:59:59.999 on 03-31 Zibo time; D in 2023)
      ['closed', 0], // C closed in Q2
    ]);
  });
});

describe('quarterlyReport: land exited and quota', () => {
  it('counts A, B and C as exits, not D (its exit quarter was 2023 Q4)', () => {
    expect(report.exits.cases).toBe(3);
  });

  it('sums homestead parcels and area exactly: P1 220.50 + P2 150.25 (registry) + P9 233.33 (offer)', () => {
    expect(report.exits.homestead).toEqual({
      cases: 2,
      parcels: 4, // P1 P2 P3 P9
      areaCentiM2: 60_408,
      areaM2: '604.08',
    });
    expect(report.exits.areaSources).toEqual({ registry: 3, agreementOffer: 1, unknown: 1 });
    expect(report.exits.unknownAreaItems).toEqual(['A/P3']);
  });

  it('sums contract plots in mu: only C1 (2.5 mu), C2 was not in scope', () => {
    expect(report.exits.contractLand).toEqual({ cases: 1, plots: 1, areaMu: '2.5000' });
  });

  it('turns homestead area into quota: 60 408 × 10 000 / 66 667 = 9 061.15… → 0.9061 mu', () => {
    // 66 667 × 9 061 = 604 069 687; remainder 10 313 < 33 333.5, so it rounds down
    expect(report.quota.mu).toBe('0.9061');
  });

  it("adds up the quota sold as recorded on the quarter's quota sales", () => {
    expect(report.quota.soldMu).toBe('1.2345');
  });

  it('rounds quota half-up from the exact quotient, never through a float', () => {
    const oneParcel = (areaM2: number) => {
      const c = makeCase({
        caseId: 'Q',
        householdId: 'H-Q',
        parcelIds: ['P1'],
        steps: [['disbursed', D('2024-02-01')]],
      });
      const land = {
        households: [
          makeHousehold({ householdId: 'H-Q', homesteads: [homestead({ parcelId: 'P1', areaM2 })] }),
        ],
      };
      return quarterlyReport([c], [], INPUT, land).quota.mu;
    };
    // 10 000 × 10 000 / 66 667 = 1 499.99…: the fifth decimal is 9, so 0.1500
    expect(oneParcel(100)).toBe('0.1500');
    expect(oneParcel(666.67)).toBe('1.0000');
    // 0.01 m² = 1 × 10 000 / 66 667 = 0.15 → 0.0000
    expect(oneParcel(0.01)).toBe('0.0000');
    // 0.04 m² = 40 000 / 66 667 = 0.59999… → 0.0001 (exactly 0.6 would also round up)
    expect(oneParcel(0.04)).toBe('0.0001');
    // 9 999.99 m² (registry maximum 10 000, MAX_PARCEL_AREA_M2): 999 999 × 10 000 / 66 667 = 149 999.10… → 14.9999
    expect(oneParcel(9_999.99)).toBe('14.9999');
  });

  it('reads a contract plot from the signed offer when the registry no longer holds it', () => {
    const household = makeHousehold({
      householdId: 'H-R',
      contractPlots: [plot({ plotId: 'C7', areaMu: 2.7654 })],
    });
    const offers = offersFor(
      contractApp({ householdId: 'H-R', scope: 'partial', plotIds: ['C7'] }),
      household,
      1,
      makeParams(),
      D('2024-01-10'),
    );
    const c = makeCase({
      caseId: 'R',
      type: 'contract_land_exit',
      householdId: 'H-R',
      plotIds: ['C7'],
      steps: [['closed', D('2024-03-01')]],
      extra: {
        offers,
        agreement: agreement('R', D('2024-01-20'), [{ right: 'contract_land', items: ['C7'] }]),
      },
    });
    const r = quarterlyReport([c], [], INPUT);
    expect(r.exits.contractLand).toEqual({ cases: 1, plots: 1, areaMu: '2.7654' });
    expect(r.exits.areaSources).toEqual({ registry: 0, agreementOffer: 1, unknown: 0 });
    // farmland: no construction-land quota
    expect(r.quota.mu).toBe('0.0000');
  });

  it('gives no area for an offer line it cannot read, rather than a wrong one', () => {
    const c = makeCase({
      caseId: 'S',
      parcelIds: ['P1'],
      steps: [['disbursed', D('2024-02-01')]],
      extra: {
        offers: [
          offerWithLines([
            {
              component: 'land_within_standard',
              subject: 'P1',
              formula: 'about 200 square metres',
              amountFen: 1,
            },
          ]),
        ],
      },
    });
    expect(quarterlyReport([c], [], INPUT).exits.unknownAreaItems).toEqual(['S/P1']);
  });
});

describe('quarterlyReport: fund movements', () => {
  it('sums advances, replenishments and reversals of the quarter in fen', () => {
    const { tranches, ...fund } = report.fund;
    // tranches come from the events (below): none without a projection
    expect(tranches).toMatchObject({ count: 0, amountFen: 0 });
    expect(fund).toEqual({
      // e1 (its duplicate ignored) + e2 + e7 (23:30 on 31 March in Zibo); e6 is 2023, e8 and e11 are Q2
      advanced: { count: 3, amountFen: 12_345_678 + 5_000_000 + 1_000 },
      // e3 + e4 + e10 (1 fen for 1.2345 mu); e8 is Q2
      replenished: {
        count: 3,
        amountFen: 30_000_001,
        bySource: {
          quota_sale: { count: 2, amountFen: 20_000_001 },
          appropriation: { count: 1, amountFen: 10_000_000 },
          unspecified: { count: 0, amountFen: 0 },
        },
      },
      reversals: {
        count: 2,
        amountFen: 7_000_000,
        byAccount: {
          advances: { count: 1, amountFen: 5_000_000 },
          quota_sales: { count: 1, amountFen: 2_000_000 },
          appropriations: { count: 0, amountFen: 0 },
        },
      },
      netAdvancedFen: 17_346_678 - 5_000_000,
      netReplenishedFen: 30_000_001 - 2_000_000,
      // −17 346 678 (advances) + 30 000 001 (replenishments) + 5 000 000 − 2 000 000 (reversals)
      netCashFen: 15_653_323,
    });
  });

  it('attributes a replenishment without a source to its account, else to "unspecified"', () => {
    const r = quarterlyReport(
      [],
      [
        entry({
          entryId: 'x1',
          at: D('2024-01-02'),
          kind: 'replenishment',
          amountFen: 5,
          credit: 'appropriations',
        }),
        entry({
          entryId: 'x2',
          at: D('2024-01-02'),
          kind: 'replenishment',
          amountFen: 7,
          credit: 'advances',
        }),
      ],
      INPUT,
    );
    expect(r.fund.replenished.bySource).toEqual({
      quota_sale: { count: 0, amountFen: 0 },
      appropriation: { count: 1, amountFen: 5 },
      unspecified: { count: 1, amountFen: 7 },
    });
  });
});

describe('quarterlyReport: stage durations', () => {
  const stage = (name: string) => {
    const row = report.stageDurations.find((s) => s.stage === name);
    return row && [row.count, row.medianDays, row.maxDays];
  };

  it('submission to village review: A 2, B 1 + 1 (after resubmission), H 1 (not its appeal), M 3', () => {
    expect(stage('eligibility')).toEqual([5, 1, 3]);
  });

  it('village review to public notice: A 6, B 4 (its last round), M 10', () => {
    expect(stage('village_review')).toEqual([3, 6, 10]);
  });

  it('public notice to offers: 7 days each for A, B, M', () => {
    expect(stage('public_notice')).toEqual([3, 7, 7]);
  });

  it('offers to agreement: A 3, B 30, M 39 (01-22 → 03-01 in a leap year)', () => {
    expect(stage('choice')).toEqual([3, 30, 39]);
  });

  it('agreement to disbursement: A 5, B 9.5, C 121 days 16 h less 1 ms (to Zibo midnight), shown 121.67', () => {
    expect(stage('payment')).toEqual([3, 9.5, 121.67]);
  });

  it('disbursement to reserve: D 6 (started in 2023, ended in Q1), A 7; median of two is their mean', () => {
    expect(stage('reserve')).toEqual([2, 6.5, 7]);
  });

  it('reserve to closing: nothing in Q1 (C closed in Q2)', () => {
    expect(stage('closing')).toEqual([0, null, null]);
  });

  it('submission to disbursement: A 23, B 55.5, C 150 days 16 h (less 1 ms), shown 150.67', () => {
    expect(stage('end_to_end')).toEqual([3, 55.5, 150.67]);
  });

  it('times consecutive statuses, ignoring same-status notes', () => {
    const pair = (from: string, to: string) => {
      const row = report.transitions.find((t) => t.from[0] === from && t.to === to);
      return row && [row.count, row.medianDays, row.maxDays];
    };
    // H: 02-03 → 02-10 (7) and 02-15 → 02-20 (5)
    expect(pair('village_review', 'rejected')).toEqual([2, 6, 7]);
    // A 13 days (2023-12-20 → 01-02); B E F G H L 1 day each, M 1 day 8 h (from Zibo midnight)
    expect(pair('draft', 'submitted')).toEqual([8, 1, 13]);
    expect(pair('draft', 'withdrawn')).toEqual([1, 2, 2]);
    expect(pair('rejected', 'village_review')).toEqual([1, 5, 5]);
    // G: 01-11 02:00 → 01-20 00:00 = 8 days 22 h = 8.9166… days
    expect(pair('ineligible', 'eligibility')).toEqual([1, 8.92, 8.92]);
    // C: reserved and closed happen in Q2
    expect(pair('disbursed', 'reserved')).toEqual([2, 6.5, 7]);
    expect(pair('reserved', 'closed')).toBeUndefined();
    expect(report.transitions.some((t) => t.from[0] === t.to)).toBe(false);
    expect(report.transitions[0]?.from).toEqual(['draft']);
    expect(report.transitions.find((t) => t.to === 'rejected')?.labelZh).toBe('村集体审核中 → 已驳回');
  });

  it('takes the median of an odd count as the middle value and rounds days half-up', () => {
    const day = 86_400_000;
    expect(durationStats([3 * day, day, 2 * day])).toEqual({ count: 3, medianDays: 2, maxDays: 3 });
    // 0.005 days = 432 000 ms → 0.01 (half-up); 0.00499… → 0.00
    expect(durationStats([432_000]).maxDays).toBe(0.01);
    expect(durationStats([431_999]).maxDays).toBe(0);
  });
});

describe('quarterlyReport: rejection reasons', () => {
  it('counts failed rules once per ineligible case', () => {
    expect(report.rejections.failedRules.map((r) => [r.key, r.count])).toEqual([
      ['H-QUALIFIED', 2], // E G
      ['C-NONFARM', 1], // F
      ['H-LEGAL', 1], // E, twice named
    ]);
    expect(report.rejections.failedRules[0]?.labelZh).toBe('稳定非农收入且长期城镇居住，或一户多宅');
  });

  it('counts violated rights once per blocked case', () => {
    expect(report.rejections.rightsViolations).toEqual([
      {
        key: 'collective_income_distribution',
        labelZh: '集体收益分配权',
        labelEn: 'collective income distribution right',
        count: 1,
      },
    ]);
  });

  it('counts the reasons of rejecting decisions (village and fund), trimmed, once per decision', () => {
    expect(report.rejections.reviewReasons.map((r) => [r.stage, r.reason, r.count])).toEqual([
      ['village_review', '材料不全', 2],
      ['fund_review', '=HYPERLINK("x")', 1],
      ['village_review', '不符合"一户一宅", 需补正', 1],
    ]);
  });

  it('counts a rejection without a reason as such', () => {
    const c = makeCase({
      caseId: 'T',
      steps: [['rejected', D('2024-01-05')]],
      extra: { reviews: [review('reject', [], D('2024-01-05'))] },
    });
    expect(quarterlyReport([c], [], INPUT).rejections.reviewReasons).toMatchObject([
      { stage: 'village_review', reason: '（未填写理由）(no reason given)', count: 1 },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// figures from the domain events: events → projectionUpdate → the quarter's item → projectionView →
// the report (the store adds the same increments once per eventId; test/reports/projection.test.ts)

let eventSeq = 0;
function event(
  type: DomainEvent['type'],
  at: string,
  detail: Record<string, unknown>,
  districtCode = '370302',
): DomainEvent {
  eventSeq += 1;
  // through JSON, as EventBridge carries it
  return domainEventSchema.parse(
    JSON.parse(
      JSON.stringify({
        eventId: `EV-${eventSeq}`,
        type,
        at,
        actor: 'tester',
        caseId: `CASE-${eventSeq}`,
        districtCode,
        detail,
      }),
    ),
  );
}

/** The projection items the events make, by `district/year-Qn`, as plain counters. */
function projectionItems(events: readonly DomainEvent[]): Map<string, Record<string, number>> {
  const items = new Map<string, Record<string, number>>();
  for (const e of events) {
    const u = projectionUpdate(e);
    const key = `${u.district}/${u.year}-Q${u.quarter}`;
    const item = items.get(key) ?? {};
    for (const [name, n] of Object.entries(u.increments)) item[name] = (item[name] ?? 0) + n;
    items.set(key, item);
  }
  return items;
}

const milestone = (at: string, detail: Record<string, unknown>, district?: string) =>
  event('MilestoneRecorded', at, detail, district);
const disbursed = (at: string, detail: Record<string, unknown>) => event('AdvanceDisbursed', at, detail);
const replenishment = (at: string, detail: Record<string, unknown>) =>
  event('FundReplenished', at, { entryId: `R-${eventSeq}`, reference: 'R', ...detail });

const EVENTS: DomainEvent[] = [
  // the last half hour of Q1 in Zibo, and ten minutes into Q2 (16:10 UTC on 31 March)
  milestone(Z('2024-03-31', '23:30:00'), { kind: 'vacated', documentIds: ['PH-1'] }),
  milestone(Z('2024-04-01', '00:10:00'), { kind: 'vacated', documentIds: ['PH-2'] }),
  milestone(D('2024-01-05'), { kind: 'vacated', documentIds: ['PH-3'] }),
  // 200.05 + 466.62 = 666.67 m² accepted: exactly 1 mu of quota; direct use produces none
  milestone(D('2024-02-10'), {
    kind: 'disposed',
    disposition: 'reclaimed',
    acceptanceNo: 'FK-1',
    acceptedAreaM2: 200.05,
  }),
  milestone(D('2024-02-11'), {
    kind: 'disposed',
    disposition: 'reclaimed',
    acceptanceNo: 'FK-2',
    acceptedAreaM2: 466.62,
  }),
  milestone(D('2024-02-12'), { kind: 'disposed', disposition: 'direct_use', planApprovalNo: 'GH-1' }),
  milestone(D('2024-03-01'), { kind: 'certificate_cancelled', cancellationNo: 'ZX-1' }),
  milestone(D('2024-03-02'), { kind: 'handed_over', taker: { name: '东坪村股份经济合作社' } }),
  // another district's milestone: not in this report
  milestone(D('2024-03-03'), { kind: 'vacated', documentIds: ['PH-9'] }, '370303'),
  // an advance as the fund publishes it today (no tranche: the one payment, tranche 1) ...
  disbursed(D('2024-01-25'), { amountFen: 500_000_00, requiredApprovals: 1, approvals: 1, entryId: 'ADV-1' }),
  // ... and the payment schedule's tranches (50/30/20 of 500 000 yuan)
  disbursed(D('2024-02-01'), { tranche: 1, milestone: 'approval', amountFen: 250_000_00 }),
  disbursed(D('2024-02-15'), { tranche: 2, milestone: 'disposed', amountFen: 150_000_00 }),
  disbursed(D('2024-03-05'), { tranche: 3, milestone: 'certificate_cancelled', amountFen: 100_000_00 }),
  // a contract-land exit's second tranche (70/30 of 100 000 yuan) falls due at the handover
  disbursed(D('2024-03-06'), { tranche: 2, milestone: 'handed_over', amountFen: 30_000_00 }),
  // quota sales: in m² (333.34 m²), in mu only (1.2345 mu), without a figure (as published today)
  replenishment(D('2024-03-10'), { amountFen: 3_000_000_00, source: 'quota_sale', quotaM2: 333.34 }),
  replenishment(D('2024-03-11'), { amountFen: 1_000_000_00, source: 'quota_sale', quotaMu4: 12_345 }),
  replenishment(D('2024-03-12'), { amountFen: 10_00, source: 'quota_sale' }),
  replenishment(D('2024-03-13'), { amountFen: 5_000_000_00, source: 'appropriation' }),
];

const ITEMS = projectionItems(EVENTS);
const Q1_VIEW = projectionView('370302', { year: 2024, quarter: 1 }, ITEMS.get('370302/2024-Q1'));
const fromEvents = quarterlyReport(CASES, LEDGER, INPUT, LAND, Q1_VIEW);

describe('quarterlyReport: figures from the domain events', () => {
  it('puts the milestone of 23:30 on 31 March (Zibo) in Q1 and that of 00:10 on 1 April in Q2', () => {
    expect(ITEMS.get('370302/2024-Q2')).toEqual({
      events: 1,
      'type#MilestoneRecorded': 1,
      'milestone#vacated': 1,
    });
  });

  it('counts the milestones recorded by kind and the dispositions by kind', () => {
    expect(fromEvents.landLeg.milestones.map((r) => [r.key, r.labelZh, r.count])).toEqual([
      ['vacated', '腾退', 2],
      ['disposed', '处置', 3],
      ['certificate_cancelled', '不动产注销登记', 1],
      ['handed_over', '承包地交回', 1],
    ]);
    expect(fromEvents.landLeg.dispositions.map((r) => [r.key, r.labelZh, r.count])).toEqual([
      ['reclaimed', '复垦并验收', 2],
      ['direct_use', '集体直接利用', 1],
      ['development', '综合开发', 0],
    ]);
  });

  it('sums the accepted area exactly and turns the reclaimed area into quota: 666.67 m² = 1.0000 mu', () => {
    expect(fromEvents.landLeg.accepted).toEqual({ areaCentiM2: 66_667, areaM2: '666.67' });
    expect(fromEvents.quota.produced).toEqual({ areaCentiM2: 66_667, areaM2: '666.67', mu: '1.0000' });
    // the wave-1 figures beside them are unchanged
    expect([fromEvents.quota.mu, fromEvents.quota.soldMu]).toEqual([report.quota.mu, report.quota.soldMu]);
  });

  it('adds up the quota sold: m² where the event states it, mu-only sales in mu, the rest counted', () => {
    // 333.34 m² = 33 334 × 10 000 / 66 667 = 5 000.07… → 0.5000 mu, + 1.2345 mu = 1.7345 mu
    expect(fromEvents.quota.sold).toEqual({
      sales: 3,
      areaCentiM2: 33_334,
      areaM2: '333.34',
      mu: '1.7345',
      salesInMuOnly: 1,
      salesWithoutQuota: 1,
    });
  });

  it('counts tranches paid by number and by milestone, an event without either as tranche 1 at approval', () => {
    const row = (tranche: number, count: number, amountFen: number) => ({
      tranche,
      labelZh: `第${tranche}期`,
      labelEn: `tranche ${tranche}`,
      count,
      amountFen,
    });
    expect(fromEvents.fund.tranches).toEqual({
      count: 5,
      amountFen: 1_030_000_00,
      // the homestead's tranche 2 (disposed) and the contract land's (handed_over) are both tranche 2
      byTranche: [row(1, 2, 750_000_00), row(2, 2, 180_000_00), row(3, 1, 100_000_00)],
      byMilestone: [
        {
          milestone: 'approval',
          labelZh: '基金批准时',
          labelEn: "at the fund's approval",
          count: 2,
          amountFen: 750_000_00,
        },
        { milestone: 'disposed', labelZh: '处置后', labelEn: 'at disposed', count: 1, amountFen: 150_000_00 },
        {
          milestone: 'certificate_cancelled',
          labelZh: '注销登记后',
          labelEn: 'at certificate cancelled',
          count: 1,
          amountFen: 100_000_00,
        },
        {
          milestone: 'handed_over',
          labelZh: '承包地交回后',
          labelEn: 'at handed over',
          count: 1,
          amountFen: 30_000_00,
        },
        {
          milestone: 'cooling_off_ended',
          labelZh: '冷静期结束时',
          labelEn: 'when the cooling-off ends',
          count: 0,
          amountFen: 0,
        },
      ],
    });
    // the events' money advanced is the sum of every AdvanceDisbursed amountFen, and of the tranches
    expect(Q1_VIEW.advancedFen).toBe(1_030_000_00);
    // the ledger's figures are untouched by the events
    expect(fromEvents.fund.advanced).toEqual(report.fund.advanced);
  });

  it('rounds the quota once, on the total: three reclamations of 0.04 m² are 0.0002 mu, not 3 × 0.0001', () => {
    const small = [1, 2, 3].map((i) =>
      milestone(D(`2024-02-0${i}`), {
        kind: 'disposed',
        disposition: 'reclaimed',
        acceptanceNo: `FK-${i}`,
        acceptedAreaM2: 0.04,
      }),
    );
    const view = projectionView(
      '370302',
      { year: 2024, quarter: 1 },
      projectionItems(small).get('370302/2024-Q1'),
    );
    // 12 × 10 000 / 66 667 = 1.79… → 2
    expect(quarterlyReport([], [], INPUT, undefined, view).quota.produced).toEqual({
      areaCentiM2: 12,
      areaM2: '0.12',
      mu: '0.0002',
    });
  });

  it('is zero without a projection and refuses the projection of another district or quarter', () => {
    const none = quarterlyReport([], [], INPUT);
    expect(none.landLeg.milestones.every((r) => r.count === 0)).toBe(true);
    expect(none.quota.produced).toEqual({ areaCentiM2: 0, areaM2: '0.00', mu: '0.0000' });
    expect(none.fund.tranches.byTranche.map((t) => t.tranche)).toEqual([1, 2, 3]);
    const q2 = projectionView('370302', { year: 2024, quarter: 2 }, ITEMS.get('370302/2024-Q2'));
    expect(() => quarterlyReport([], [], INPUT, undefined, q2)).toThrow(/not the report's/);
    const other = projectionView('370303', { year: 2024, quarter: 1 }, ITEMS.get('370303/2024-Q1'));
    expect(() => quarterlyReport([], [], INPUT, undefined, other)).toThrow(/not the report's/);
  });
});
