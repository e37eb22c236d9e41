import { villageItem } from '../../shared/adapters/table/registryRepository.js';
import { townOfVillage } from '../../shared/auth/town.js';
import type { CaseType } from '../../shared/domain/model/application.js';
import { DISTRICT_CODES, type DistrictCode } from '../../shared/domain/model/common.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import type { Village } from '../../shared/domain/model/village.js';
import { ILLUSTRATIVE_PARAMETERS } from '../../shared/domain/policy/defaults.js';
import { readFund } from '../../shared/fund/ledger.js';
import { readSumsStart } from '../../shared/fund/ledgerQuarter.js';
import type { BatchWriter, UpdateInput } from './batchWriter.js';
import { buildCase, type FundPayment } from './cases.js';
import { bundleItems, type Item } from './items.js';
import { growLedger } from './ledgerFill.js';
import { type CaseProjectionTotals, caseEvents, type ProjectionTotals } from './projectionFill.js';
import { statusFor, TYPE_WEIGHTS } from './statuses.js';
import { LARGE_DISTRICT, LARGE_SHARE } from './world.js';

/**
 * Grows the table from `from` to `to` cases (numbers from..to-1): each case placed by a seeded
 * pseudo-random draw (the same case number always gives the same case), its items written in chunks,
 * then each district's ledger and the projection's touched quarters. Remembers what the measurement
 * needs: the busiest queues, a sample of case ids, a household with cases.
 */

/** mulberry32: a small deterministic generator, so two runs build the same table */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY = 86_400_000;
const FIRST_FILING = Date.parse('2025-01-01T02:00:00Z');
const TERMINAL: readonly CaseStatus[] = [
  'closed',
  'rejected',
  'withdrawn',
  'ineligible',
  'rights_blocked',
  'rescinded',
];
const CHUNK = 1_000;
/** a progress line every so many cases (the large fill takes many minutes) */
const PROGRESS_EVERY = 1_000;

export interface Census {
  cases: number;
  byDistrict: Map<DistrictCode, number>;
  byStatus: Map<CaseStatus, number>;
  /** village → its cases waiting for the village review */
  villageReview: Map<string, number>;
  /** town → its cases waiting for the town review */
  townReview: Map<string, number>;
  /** a sample of case ids of the large district, every status */
  sampleCaseIds: string[];
  /** a household of the large district with a case, and its id */
  household?: string;
  ledgerEntries: Map<DistrictCode, number>;
  projectionEvents: number;
}

export function emptyCensus(): Census {
  return {
    cases: 0,
    byDistrict: new Map(),
    byStatus: new Map(),
    villageReview: new Map(),
    townReview: new Map(),
    sampleCaseIds: [],
    ledgerEntries: new Map(),
    projectionEvents: 0,
  };
}

const bump = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

function pick<T>(weights: readonly [T, number][], u: number): T {
  let acc = 0;
  for (const [v, w] of weights) {
    acc += w;
    if (u < acc) return v;
  }
  const last = weights.at(-1);
  if (!last) throw new Error('no weights');
  return last[0];
}

export async function writeVillages(writer: BatchWriter, villages: readonly Village[], now: string) {
  await writer.write(villages.map((v) => villageItem(v, now)));
}

export async function fill(opts: {
  writer: BatchWriter;
  villages: readonly Village[];
  from: number;
  to: number;
  census: Census;
  projection: ProjectionTotals;
  /** the report's case rows, states, figures now and quarter sums */
  caseProjection: CaseProjectionTotals;
  now: string;
  log: (m: string) => void;
}): Promise<void> {
  const { writer, census, projection, caseProjection, log } = opts;
  const nowMs = Date.parse(opts.now);
  const byDistrict = new Map<DistrictCode, Village[]>();
  for (const v of opts.villages)
    byDistrict.set(v.districtCode, [...(byDistrict.get(v.districtCode) ?? []), v]);
  const params = new Map(ILLUSTRATIVE_PARAMETERS.map((p) => [p.districtCode, p]));
  const others = DISTRICT_CODES.filter((d) => d !== LARGE_DISTRICT);
  const districtWeights: [DistrictCode, number][] = [
    [LARGE_DISTRICT, LARGE_SHARE],
    ...others.map((d): [DistrictCode, number] => [d, (1 - LARGE_SHARE) / others.length]),
  ];
  const typeWeights = Object.entries(TYPE_WEIGHTS) as [CaseType, number][];
  const payments: FundPayment[] = [];
  const queued = new Map<DistrictCode, { count: number; fen: number }>();
  const started = performance.now();
  let items: Item[] = [];
  let itemsWritten = 0;
  let writeMs = 0;
  const flush = async () => {
    const t = performance.now();
    await writer.write(items);
    writeMs += performance.now() - t;
    itemsWritten += items.length;
    items = [];
  };

  for (let i = opts.from; i < opts.to; i += 1) {
    const r = rng(i + 1);
    const district = pick(districtWeights, r());
    const list = byDistrict.get(district) ?? [];
    // some villages file far more than others: the square skews the draw toward the first ones
    const village = list[Math.floor(r() ** 2 * list.length)];
    const p = params.get(district);
    if (!village || !p) throw new Error(`no village or parameters in ${district}`);
    const type = pick(typeWeights, r());
    const status = statusFor(type, r());
    const createdAt = TERMINAL.includes(status)
      ? FIRST_FILING + r() * (nowMs - 80 * DAY - FIRST_FILING)
      : nowMs - 80 * DAY - r() * 120 * DAY;
    const b = buildCase({ n: 100_000 + i, type, status, village, params: p, createdAt });
    items.push(...bundleItems(b, opts.now));
    payments.push(...b.payments);
    if (b.queuedFen > 0) {
      const q = queued.get(district) ?? { count: 0, fen: 0 };
      queued.set(district, { count: q.count + 1, fen: q.fen + b.queuedFen });
    }
    for (const e of caseEvents(b)) projection.add(e);
    items.push(...caseProjection.add(b));

    census.cases += 1;
    bump(census.byDistrict, district);
    bump(census.byStatus, status);
    if (status === 'village_review') bump(census.villageReview, village.villageCode);
    if (status === 'town_review') bump(census.townReview, townOfVillage(village.villageCode));
    if (district === LARGE_DISTRICT) {
      if (census.sampleCaseIds.length < 400) census.sampleCaseIds.push(b.case.caseId);
      census.household ??= b.case.householdId;
    }
    if (items.length >= CHUNK * 20) await flush();
    const done = i + 1 - opts.from;
    if (done % PROGRESS_EVERY === 0) {
      const s = (performance.now() - started) / 1000;
      log(
        `fill: ${done}/${opts.to - opts.from} cases, ${itemsWritten} items, ${(done / s).toFixed(0)} cases/s (${(writeMs / 1000).toFixed(0)} s of it writing)`,
      );
    }
  }
  await flush();

  let ledgerItems: Item[] = [];
  const quarterAdds: UpdateInput[] = [];
  const tag = `${opts.from}-${opts.to}`;
  for (const d of DISTRICT_CODES) {
    const grown = growLedger(
      await readFund(d),
      payments.filter((x) => x.district === d),
      queued.get(d) ?? { count: 0, fen: 0 },
      tag,
      await readSumsStart(d),
    );
    ledgerItems.push(...grown.items);
    quarterAdds.push(...grown.quarterAdds);
    bump(census.ledgerEntries, d, grown.entries);
    for (const e of grown.events) projection.add(e);
    if (ledgerItems.length > CHUNK * 20) {
      await writer.write(ledgerItems);
      itemsWritten += ledgerItems.length;
      ledgerItems = [];
    }
  }
  await writer.write(ledgerItems);
  await writer.update(quarterAdds);
  itemsWritten += ledgerItems.length + quarterAdds.length;
  const projectionItems = projection.takeItems();
  await writer.write(projectionItems);
  // after the cases' rows and states: what the new cases add to the figures now and the quarter sums
  const sums = caseProjection.takeUpdates(writer.table);
  await writer.update(sums);
  itemsWritten += projectionItems.length + sums.length;
  census.projectionEvents = projection.events;
  const s = (performance.now() - started) / 1000;
  log(
    `fill: ${opts.to - opts.from} cases, ${itemsWritten} items in ${s.toFixed(1)} s, ${(writeMs / 1000).toFixed(1)} s of it writing cases (${((opts.to - opts.from) / s).toFixed(0)} cases/s, ${(itemsWritten / s).toFixed(0)} items/s, ${writer.requests} BatchWriteItem so far, ${writer.retried} unprocessed retried)`,
  );
}
