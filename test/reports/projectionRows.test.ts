import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { putHousehold } from '../../shared/adapters/table/registryRepository.js';
import { caseEvent } from '../../shared/cases/moveCase.js';
import type { Case, CaseStatus } from '../../shared/domain/index.js';
import type { DomainEvent } from '../../shared/domain/model/event.js';
import { quarterlyReport, reportFromSums } from '../../shared/reports/quarterly.js';
import type { LandRecords, QuarterlyReportInput } from '../../shared/reports/quarterlyTypes.js';
import { homestead, makeHousehold } from '../domain/fixtures.js';
import { lambdaContext, useApiEnvironment } from '../support/api.js';
import { agreement, makeCase, offerWithLines, type Step } from './fixtures.js';
import { quarterlyReport as oracleReport } from './oracle/quarterly.js';

/**
 * Issue 17: the quarterly report is read from the projection (a row per case and Zibo quarter, the
 * district's cases now by creation quarter), never from every case. Its figures must be those the report
 * computed from every case before (test/reports/oracle/, the old code, unchanged): in memory on random
 * cases, and from DynamoDB Local after the consumer saw the cases' events (late, twice, out of order) or
 * the rebuild read them. And the report's DynamoDB requests must not grow with the cases of other
 * quarters and districts.
 */

const D = (day: string, time = '00:00:00') => `${day}T${time}Z`;
const STATUSES: CaseStatus[] = [
  'submitted',
  'resubmitted',
  'eligibility',
  'ineligible',
  'rights_blocked',
  'village_review',
  'rejected',
  'public_notice',
  'offers',
  'agreement_signed',
  'withdrawn',
  'rescinded',
  'disbursed',
  'reserved',
  'closed',
];
const QUARTERS = [2025, 2026].flatMap((year) => [1, 2, 3, 4].map((quarter) => ({ year, quarter })));
const START = Date.parse('2024-12-20T00:00:00Z');

/** A case of random statuses at random times over 2025 and 2026 (the report's functions read any timeline). */
const caseArb = (i: number) =>
  fc
    .record({
      type: fc.constantFrom('homestead_exit', 'contract_land_exit') as fc.Arbitrary<Case['type']>,
      district: fc.constantFrom('370302', '370303') as fc.Arbitrary<Case['districtCode']>,
      gaps: fc.array(fc.integer({ min: 0, max: 40 * 86_400_000 }), { minLength: 1, maxLength: 12 }),
      statuses: fc.array(fc.constantFrom(...STATUSES), { minLength: 12, maxLength: 12 }),
      rejectAt: fc.option(fc.integer({ min: 0, max: 700 }), { nil: undefined }),
      reason: fc.constantFrom(' 面积不符', '面积不符', '证件不全', '=1+1'),
      areaInRegistry: fc.boolean(),
    })
    .map((g) => {
      let t = START;
      const steps: Step[] = [['draft', new Date(t).toISOString()]];
      g.gaps.forEach((gap, k) => {
        t += gap;
        steps.push([g.statuses[k] ?? 'submitted', new Date(t).toISOString()]);
      });
      const caseId = `R-${i}`;
      const ids = [`P${i}`];
      const c = makeCase({
        caseId,
        type: g.type,
        districtCode: g.district,
        ...(g.type === 'homestead_exit' ? { parcelIds: ids } : { plotIds: ids }),
        steps,
        extra: {
          agreement: agreement(caseId, steps[0]?.[1] ?? D('2025-01-01'), [
            { right: g.type === 'homestead_exit' ? 'homestead_use' : 'contract_land', items: ids },
          ]),
          offers: [
            offerWithLines([
              g.type === 'homestead_exit'
                ? {
                    subject: ids[0] ?? '',
                    component: 'land_within_standard',
                    formula: '120.25 m² × 100 元',
                    amountFen: 1,
                  }
                : {
                    subject: ids[0] ?? '',
                    component: 'plot_rent',
                    formula: '1.2500 亩 × 100 元',
                    amountFen: 1,
                  },
            ]),
          ],
          reviews:
            g.rejectAt === undefined
              ? []
              : [
                  {
                    decision: 'reject',
                    reasons: [g.reason],
                    resolution: {
                      meetingDate: '2025-04-05',
                      membersPresent: 9,
                      votesFor: 1,
                      votesAgainst: 8,
                    },
                    reviewer: 'vr1',
                    at: new Date(START + g.rejectAt * 86_400_000).toISOString(),
                  },
                ],
        },
      });
      return { c, areaInRegistry: g.areaInRegistry };
    });

function landOf(cases: { c: Case; areaInRegistry: boolean }[]): LandRecords {
  return {
    households: cases
      .filter((x) => x.areaInRegistry && x.c.type === 'homestead_exit')
      .map((x) =>
        makeHousehold({
          householdId: x.c.householdId,
          homesteads: [homestead({ parcelId: `P${x.c.caseId.slice(2)}`, areaM2: 133.33 })],
        }),
      ),
  };
}

describe('the report summed from rows equals the report computed from every case (in memory)', () => {
  it('for random cases, every quarter and district', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 12 })
          .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => caseArb(i)))),
        (generated) => {
          const cases = generated.map((g) => g.c);
          const land = landOf(generated);
          for (const district of ['370302', '370303'] as const) {
            for (const q of QUARTERS) {
              const input: QuarterlyReportInput = { ...q, district, generatedAt: D('2027-01-01') };
              expect(quarterlyReport(cases, [], input, land)).toEqual(oracleReport(cases, [], input, land));
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// DynamoDB Local: the consumer and the rebuild write the rows, the route's reader reads them

describe('the report read from the projection in DynamoDB Local', () => {
  useApiEnvironment();
  type Handler = (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse>;
  let handler: Handler;
  let source: typeof import('../../shared/reports/source.js');
  let rebuild: typeof import('../../shared/reports/rebuild.js');
  let caseStore: typeof import('../support/caseStore.js');
  let repo: typeof import('../../shared/adapters/table/caseRepository.js');
  let clients: typeof import('../../shared/adapters/clients.js');
  beforeAll(async () => {
    handler = (await import('../../functions/events/reportingProjection.js')).handler as unknown as Handler;
    source = await import('../../shared/reports/source.js');
    rebuild = await import('../../shared/reports/rebuild.js');
    caseStore = await import('../support/caseStore.js');
    repo = await import('../../shared/adapters/table/caseRepository.js');
    clients = await import('../../shared/adapters/clients.js');
  });

  function record(detail: DomainEvent): SQSRecord {
    return {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify({ version: '0', id: randomUUID(), 'detail-type': detail.type, detail }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'events.amazonaws.com',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:Projection',
      awsRegion: 'us-east-1',
    };
  }
  const deliver = async (events: DomainEvent[]) => {
    const res = await handler({ Records: events.map(record) }, lambdaContext('reportingProjection'));
    expect(res.batchItemFailures).toEqual([]);
  };

  /** Writes a case version by version (as the workflow would) and returns the event of each version. */
  async function writeVersions(full: Case): Promise<DomainEvent[]> {
    const events: DomainEvent[] = [];
    for (let k = 1; k <= full.timeline.length; k += 1) {
      const timeline = full.timeline.slice(0, k);
      const last = timeline.at(-1);
      const c: Case = {
        ...full,
        status: last?.status ?? full.status,
        version: k,
        updatedAt: last?.at ?? full.updatedAt,
        timeline,
      };
      if (k === 1) await caseStore.createCase(c, { actor: 'seed', action: 'case.seeded' });
      else {
        const read = await repo.getCase(c.caseId);
        if (!read) throw new Error('seeded case not found');
        await caseStore.saveCase(read, c, { audit: { actor: 'seed', action: 'case.moved' } });
      }
      const from = k > 1 ? full.timeline[k - 2]?.status : undefined;
      events.push(caseEvent(k === 1 ? 'CaseCreated' : 'CaseSubmitted', c, 'seed', from));
    }
    return events;
  }

  async function fromProjection(input: QuarterlyReportInput) {
    const data = await source.loadQuarterData(input);
    return { report: reportFromSums(data.sums, data.now, data.ledger, input, data.projection), data };
  }

  async function fromCases(input: QuarterlyReportInput, projection: Parameters<typeof oracleReport>[4]) {
    const cases = await source.allDistrictCases(input.district);
    const land = await source.exitLandRecords(cases, input);
    return oracleReport(cases, [], input, land, projection);
  }

  /** Counts the DynamoDB requests `run` makes, by command. */
  async function requests<T>(run: () => Promise<T>): Promise<{ total: number; result: T }> {
    let total = 0;
    let counting = true;
    const name = `count-${randomUUID()}`;
    clients.dynamoClient().middlewareStack.add(
      (next) => async (args) => {
        if (counting) total += 1;
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const result = await run();
      return { total, result };
    } finally {
      counting = false;
      clients.dynamoClient().middlewareStack.remove(name);
    }
  }

  const exitCase = (caseId: string, district: Case['districtCode'], steps: Step[]) =>
    makeCase({
      caseId,
      householdId: `H-${caseId}`,
      districtCode: district,
      parcelIds: [`P-${caseId}`],
      steps,
      extra: {
        agreement: agreement(caseId, steps[0]?.[1] ?? D('2025-01-01'), [
          { right: 'homestead_use', items: [`P-${caseId}`] },
        ]),
      },
    });

  it('events delivered late, twice and out of order give the rows of the cases as stored', async () => {
    const district = '370304' as Case['districtCode'];
    const a = exitCase('PR-A', district, [
      ['draft', D('2027-03-20')],
      ['submitted', D('2027-03-31', '15:59:59')], // Q1 in Zibo
      ['village_review', D('2027-03-31', '16:00:00')], // Q2 in Zibo
      ['public_notice', D('2027-04-10')],
      ['offers', D('2027-04-17')],
      ['agreement_signed', D('2027-04-20')],
      ['disbursed', D('2027-05-02')],
    ]);
    const b = exitCase('PR-B', district, [
      ['draft', D('2027-04-01')],
      ['submitted', D('2027-04-02')],
      ['ineligible', D('2027-04-03')],
    ]);
    await putHousehold(
      makeHousehold({
        householdId: 'H-PR-A',
        homesteads: [homestead({ parcelId: 'P-PR-A', areaM2: 201.5 })],
      }),
      'seed',
      D('2027-01-01'),
    );
    const ea = await writeVersions(a);
    const eb = await writeVersions(b);
    // late and out of order: the last events first, then everything again in another order
    await deliver([ea.at(-1), eb.at(-1)].filter((e): e is DomainEvent => e !== undefined));
    await deliver([...ea].reverse());
    await deliver([...eb, ...ea.slice(0, 3)]);
    for (const quarter of [1, 2]) {
      const input = { year: 2027, quarter, district, generatedAt: D('2027-07-01') };
      const { report, data } = await fromProjection(input);
      expect(report).toEqual(await fromCases(input, data.projection));
    }
    const q2 = (await fromProjection({ year: 2027, quarter: 2, district })).report;
    expect(q2.exits.homestead).toEqual({ cases: 1, parcels: 1, areaCentiM2: 20_150, areaM2: '201.50' });
    expect(q2.cases.byStatus.find((r) => r.key === 'ineligible')?.count).toBe(1);
    // counted once although delivered three times
    expect((await fromProjection({ year: 2027, quarter: 2, district })).data.projection.events).toBe(
      ea.length + eb.length - 2,
    );
  });

  it('the rebuild writes the same rows as the events, and a second run writes nothing', async () => {
    const district = '370305' as Case['districtCode'];
    const viaEvents = exitCase('PR-E', district, [
      ['draft', D('2028-01-05')],
      ['submitted', D('2028-01-06')],
      ['village_review', D('2028-01-08')],
      ['rejected', D('2028-02-01')],
    ]);
    const seededOnly = exitCase('PR-S', district, [
      ['draft', D('2027-12-01')],
      ['submitted', D('2027-12-02')],
      ['agreement_signed', D('2028-02-01')],
      ['disbursed', D('2028-03-01')],
      ['closed', D('2028-05-01')],
    ]);
    await deliver(await writeVersions(viaEvents));
    await caseStore.createCase(seededOnly, { actor: 'seed', action: 'case.seeded' });
    const input = { year: 2028, quarter: 1, district, generatedAt: D('2028-07-01') };
    const before = await fromProjection(input);
    expect(before.report.exits.cases).toBe(0);
    await rebuild.rebuildDistrictProjection(district);
    const after = await fromProjection(input);
    expect(after.report).toEqual(await fromCases(input, after.data.projection));
    expect(after.report.exits.cases).toBe(1);
    expect(after.report.cases.createdByQuarterEnd).toBe(2);
    const again = await requests(() => rebuild.rebuildDistrictProjection(district));
    // the second run reads the cases (one Query page, one TransactGetItems) and writes nothing
    expect(again.total).toBe(2);
    expect((await fromProjection(input)).report).toEqual(after.report);
  });

  it('a case that cannot be read fails only its own records; redelivered once fixed, nothing counts twice', async () => {
    const district = '370322' as Case['districtCode'];
    const good = exitCase('PB-G', district, [
      ['draft', D('2031-01-05')],
      ['submitted', D('2031-01-06')],
    ]);
    const broken = exitCase('PB-X', district, [['draft', D('2031-01-07')]]);
    const goodEvents = await writeVersions(good);
    const brokenEvents = await writeVersions(broken);
    const { PutCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { TABLE_NAME } = await import('../support/api.js');
    const keys = { PK: 'CASE#PB-X', SK: 'CASE' };
    const stored = (await clients.documentClient().send(new GetCommand({ TableName: TABLE_NAME, Key: keys })))
      .Item;
    // a case item that no longer reads (as after a bad migration)
    await clients
      .documentClient()
      .send(new PutCommand({ TableName: TABLE_NAME, Item: { ...stored, data: { caseId: 'PB-X' } } }));
    const records = [...goodEvents, ...brokenEvents].map(record);
    const res = await handler({ Records: records }, lambdaContext('reportingProjection'));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      records.slice(goodEvents.length).map((r) => r.messageId),
    );
    const input = { year: 2031, quarter: 1, district };
    const before = await fromProjection(input);
    // the events are counted (their guards and counters are written with the others of their key); the
    // broken case's rows and figures now are not, and its records come again for them
    expect(before.data.projection.events).toBe(goodEvents.length + brokenEvents.length);
    expect(before.report.cases.createdByQuarterEnd).toBe(1);
    await clients.documentClient().send(new PutCommand({ TableName: TABLE_NAME, Item: stored }));
    // SQS delivers the failed records again, and by chance a good one too
    await deliver([...brokenEvents, ...goodEvents.slice(0, 1)]);
    const after = await fromProjection(input);
    expect(after.data.projection.events).toBe(goodEvents.length + brokenEvents.length);
    expect(after.report).toEqual(await fromCases(input, after.data.projection));
    expect(after.report.cases.createdByQuarterEnd).toBe(2);
  });

  it('concurrent batches about the same cases count each case once now', async () => {
    const district = '370323' as Case['districtCode'];
    const cases = ['PC-1', 'PC-2', 'PC-3'].map((id, i) =>
      exitCase(id, district, [
        ['draft', D(`2032-02-0${i + 1}`)],
        ['submitted', D(`2032-02-1${i + 1}`)],
        ['village_review', D(`2032-02-2${i + 1}`)],
      ]),
    );
    const events = (await Promise.all(cases.map(writeVersions))).flat();
    // five consumers at once, each with all the events in another order
    await Promise.all(
      [0, 1, 2, 3, 4].map((k) => deliver([...events.slice(k), ...events.slice(0, k)].reverse())),
    );
    const input = { year: 2032, quarter: 1, district };
    const { report, data } = await fromProjection(input);
    expect(report).toEqual(await fromCases(input, data.projection));
    expect(report.cases.byStatus.find((r) => r.key === 'village_review')?.count).toBe(3);
    expect(report.cases.createdByQuarterEnd).toBe(3);
    expect(data.projection.events).toBe(events.length);
  });

  it('two cases of one household in one batch read the household once', async () => {
    const district = '370302' as Case['districtCode'];
    const [h, c] = ['PH-H', 'PH-C'].map((id, i) =>
      makeCase({
        caseId: id,
        householdId: 'H-PH-SHARED',
        type: i === 0 ? 'homestead_exit' : 'contract_land_exit',
        ...(i === 0 ? { parcelIds: ['P-PH'] } : { plotIds: ['L-PH'] }),
        steps: [
          ['draft', D('2033-01-02')],
          ['disbursed', D(`2033-02-0${i + 1}`)],
        ],
        extra: {
          agreement: agreement(id, D('2033-01-02'), [
            i === 0
              ? { right: 'homestead_use', items: ['P-PH'] }
              : { right: 'contract_land', items: ['L-PH'] },
          ]),
        },
      }),
    ) as [Case, Case];
    await putHousehold(
      makeHousehold({
        householdId: 'H-PH-SHARED',
        homesteads: [homestead({ parcelId: 'P-PH', areaM2: 150.25 })],
      }),
      'seed',
      D('2033-01-01'),
    );
    const events = [...(await writeVersions(h)), ...(await writeVersions(c))];
    await deliver(events);
    const input = { year: 2033, quarter: 1, district };
    const { report, data } = await fromProjection(input);
    expect(report).toEqual(await fromCases(input, data.projection));
    expect(report.exits.homestead.areaM2).toBe('150.25');
    expect(report.exits.cases).toBe(2);
  });

  it("the report's requests do not grow with the cases of other quarters and districts", async () => {
    const district = '370306' as Case['districtCode'];
    const input = { year: 2029, quarter: 2, district, generatedAt: D('2029-07-01') };
    const seed = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        const other = i % 3 === 0 ? ('370321' as Case['districtCode']) : district;
        // cases of 2028 and 2030 (other quarters), and of another district in the report's quarter
        const year = other === district ? (i % 2 === 0 ? 2028 : 2030) : 2029;
        await caseStore.createCase(
          exitCase(`PQ-${i}`, other, [
            ['draft', D(`${year}-05-01`)],
            ['submitted', D(`${year}-05-02`)],
            ['disbursed', D(`${year}-05-20`)],
          ]),
          { actor: 'seed', action: 'case.seeded' },
        );
      }
      await rebuild.rebuildDistrictProjection(district);
      await rebuild.rebuildDistrictProjection('370321');
    };
    // the quarter's own activity: two cases
    for (const id of ['PQ-Q1', 'PQ-Q2']) {
      await caseStore.createCase(
        exitCase(id, district, [
          ['draft', D('2029-04-02')],
          ['disbursed', D('2029-05-02')],
        ]),
        { actor: 'seed', action: 'case.seeded' },
      );
    }
    await seed(0, 20);
    const small = await requests(() => fromProjection(input));
    await seed(20, 200);
    const large = await requests(() => fromProjection(input));
    expect(large.result.report.exits.cases).toBe(2);
    expect(small.result.report.exits.cases).toBe(2);
    // cases of 2028 count in createdByQuarterEnd; those of 2030 and of the other district do not
    expect(large.result.report.cases.createdByQuarterEnd).toBe(
      2 + Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 !== 0 && i % 2 === 0).length,
    );
    expect(large.result.report).toEqual(await fromCases(input, large.result.data.projection));
    // the quarter's counters and sums (1 Query), the days of its medians (1 BatchGetItem), figures now
    // (1 page), the ledger's quarter sums and where they began (1 BatchGetItem) and, this fund having
    // no record of that (no entry written), the ledger range (1 page): never the quarter's case rows
    expect(small.total).toBe(5);
    expect(large.total).toBe(small.total);
    // seeding 200 cases through the case adapter takes a while on a busy machine
  }, 180_000);
});
