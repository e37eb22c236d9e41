import { loadavg } from 'node:os';
import { startDynamoLocal } from '../local/services/dynamoLocal.js';
import { dynamoClient, resetClients } from '../shared/adapters/clients.js';
import { resetAppConfig } from '../shared/adapters/config.js';
import { villageItem } from '../shared/adapters/table/registryRepository.js';
import { REGISTRY_IMPORT_FORMATS, type RegistryImportFormat } from '../shared/contract/registryImports.js';
import { type Household, householdSchema } from '../shared/domain/model/household.js';
import { nationalIdCheckChar } from '../shared/domain/model/nationalIdChecksum.js';
import { householdsToFile } from '../shared/registryImport/householdsFile.js';
import { createImport, getImport } from '../shared/registryImport/importStore.js';
import { knownVillages } from '../shared/registryImport/knownVillages.js';
import { parseRegistryFile } from '../shared/registryImport/parse.js';
import { importFile } from '../shared/registryImport/runImport.js';
import { createTable } from '../test/support/createTable.js';
import {
  commitDescription,
  javaChildCpuSeconds,
  javaVersion,
  machineDescription,
  nodeCpuSeconds,
} from './machine.js';
import { BatchWriter } from './scale/batchWriter.js';
import { scaleVillages } from './scale/world.js';
import { f } from './table.js';

/**
 * `npm run bench:import` (issue 19 item 2: 10 000 households in ≤ 60 s, parse included): a DynamoDB
 * Local of its own in memory, the bench's villages registered, a file of BENCH_IMPORT_HOUSEHOLDS
 * households (default 10 000; four members, one or two parcels and one or two plots each) written in
 * the template's layout (householdsToFile), then imported as the worker does (importFile: parse, apply,
 * progress, the record's end; not over HTTP, no upload). Then the same file again, which must change
 * nothing (unchanged = every household). Prints households/s, the parse and apply split and the
 * DynamoDB requests of each run.
 *
 *   BENCH_IMPORT_FORMAT      xlsx (default) or csv
 *   BENCH_IMPORT_HOUSEHOLDS  default 10000
 *   BENCH_IMPORT_WARMUP      households of an uncounted import first (other ids), default 500: a freshly
 *                            started DynamoDB Local spends its first seconds compiling (a deployed table,
 *                            or the local runtime's long-running one, does not); 0 to measure cold
 *
 * The machine is shared: the load average is printed with the figures; a high one makes them pessimistic.
 */
const FORMAT = (process.env.BENCH_IMPORT_FORMAT ?? 'xlsx') as RegistryImportFormat;
const COUNT = Number(process.env.BENCH_IMPORT_HOUSEHOLDS ?? 10_000);
const BUDGET_S = 60;
/** households of another import run first, uncounted, so that DynamoDB Local's JVM is past its JIT warm-up */
const WARMUP = Number(process.env.BENCH_IMPORT_WARMUP ?? 500);

const started = Date.now();
const log = (m: string) =>
  console.log(`[import ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** DynamoDB requests the handlers' client sends, by command, while counting. */
function countRequests() {
  const counts = new Map<string, number>();
  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchImportCount' },
  );
  return {
    take(): string {
      const out = [...counts].sort((a, b) => b[1] - a[1]);
      counts.clear();
      const total = out.reduce((n, [, c]) => n + c, 0);
      return `${total} (${out.map(([c, n]) => `${c} ${n}`).join(', ')})`;
    },
  };
}

const nationalId = (n: number, birth: string) => {
  const first17 = `370302${birth.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${nationalIdCheckChar(first17)}`;
};

/** Household n: four members, one or two parcels, one or two plots (≈ 3 parcels and plots on average). */
function benchHousehold(n: number, villageCode: string): Household {
  const householdId = `HB-${String(n).padStart(6, '0')}`;
  const births = ['1970-03-08', '1972-05-20', '1995-07-01', '1998-11-30'];
  const relations = ['户主', '配偶', '子女', '子女'];
  const parcels = 1 + (n % 2);
  const plots = 1 + ((n >> 1) % 2);
  return householdSchema.parse({
    householdId,
    villageCode,
    headMemberId: 'm1',
    members: births.map((birthDate, i) => ({
      memberId: `m${i + 1}`,
      name: `成员${n % 997}${i}`,
      nationalId: nationalId(n * 4 + i, birthDate),
      birthDate,
      relation: relations[i],
    })),
    homesteads: Array.from({ length: parcels }, (_, i) => ({
      parcelId: `P${i + 1}`,
      certificateNo: `鲁(2020)淄博市不动产权第${String(n).padStart(6, '0')}-${i + 1}号`,
      areaM2: 180 + (n % 90),
      status: 'registered',
      mortgageeConsent: false,
      building: { floorAreaM2: 120 + (n % 50), structure: 'brick_concrete', yearBuilt: 1990 + (n % 30) },
      attachments: [{ item: 'well', quantity: 1 }],
    })),
    contractPlots: Array.from({ length: plots }, (_, i) => ({
      plotId: `C${i + 1}`,
      areaMu: 1 + (n % 7) / 4,
      termEnd: '2057-12-31',
      status: 'normal',
      mortgageeConsent: false,
    })),
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: n % 10 },
    nonFarm: { socialInsuranceMonths: n % 120, urbanResidenceMonths: n % 60, businessLicenceMonths: 0 },
    socialInsurance: ['medical'],
  });
}

interface RunFigures {
  seconds: number;
  parseSeconds: number;
  applySeconds: number;
  requests: string;
  view: Awaited<ReturnType<typeof getImport>>;
  progressSeen: number;
  /** CPU seconds of this Node process (parse, decisions, the SDK) and of DynamoDB Local's JVM during the run */
  cpuSeconds: { node: number; java: number };
}

async function run(importId: string, bytes: Uint8Array, requests: ReturnType<typeof countRequests>) {
  await createImport({
    importId,
    documentId: `bench-${importId}`,
    format: FORMAT,
    startedBy: 'bench',
    startedAt: new Date().toISOString(),
  });
  requests.take();
  // the parse alone first, to split the time (the run below parses again: its own figure is the total)
  let t = performance.now();
  const parsed = await parseRegistryFile(FORMAT, bytes, knownVillages);
  const parseSeconds = (performance.now() - t) / 1000;
  if (parsed.errors.length > 0)
    throw new Error(`the bench's file has row errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  requests.take();
  // progress as a client polling GET /registry/imports/{id} every 2 s would see it
  let progressSeen = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      await new Promise((r) => setTimeout(r, 2000));
      const v = await getImport(importId);
      if (v?.status === 'running' && v.processed > 0) {
        progressSeen += 1;
        log(`  progress: ${v.processed} / ${v.households} households`);
      }
    }
  })();
  t = performance.now();
  const cpu = { node: nodeCpuSeconds(), java: javaChildCpuSeconds() ?? 0 };
  await importFile({ importId, format: FORMAT, startedBy: 'bench' }, bytes);
  const seconds = (performance.now() - t) / 1000;
  const cpuSeconds = { node: nodeCpuSeconds() - cpu.node, java: (javaChildCpuSeconds() ?? 0) - cpu.java };
  polling = false;
  await poll;
  const view = await getImport(importId);
  return {
    seconds,
    parseSeconds,
    applySeconds: seconds - parseSeconds,
    requests: requests.take(),
    view,
    progressSeen,
    cpuSeconds,
  } satisfies RunFigures;
}

async function main(): Promise<number> {
  if (!REGISTRY_IMPORT_FORMATS.includes(FORMAT))
    throw new Error(`BENCH_IMPORT_FORMAT: xlsx or csv, not ${FORMAT}`);
  log(`load average before the start: ${load()}`);
  const dynamo = await startDynamoLocal({});
  try {
    const TABLE_NAME = 'bench-registry-import';
    Object.assign(process.env, {
      TABLE_NAME,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    resetClients();
    resetAppConfig();
    await createTable(dynamo.endpoint, TABLE_NAME);
    const villages = scaleVillages();
    const now = new Date().toISOString();
    await new BatchWriter(dynamo.endpoint, TABLE_NAME, 8).write(villages.map((v) => villageItem(v, now)));
    log(`DynamoDB Local in memory at ${dynamo.endpoint}; ${villages.length} villages registered`);

    let t = performance.now();
    const households = Array.from({ length: COUNT }, (_, n) =>
      benchHousehold(n, villages[n % villages.length]?.villageCode ?? ''),
    );
    const bytes = await householdsToFile(FORMAT, households);
    const rows = households.reduce(
      (n, h) => n + 1 + h.members.length + h.homesteads.length + h.contractPlots.length,
      0,
    );
    const parcels = households.reduce((n, h) => n + h.homesteads.length + h.contractPlots.length, 0);
    log(
      `file: ${COUNT} households, ${rows} rows, ${f(parcels / COUNT, 2)} parcels and plots a household, ${FORMAT} ${f(bytes.length / 2 ** 20, 1)} MiB, written in ${f((performance.now() - t) / 1000, 1)} s`,
    );

    const requests = countRequests();
    if (WARMUP > 0) {
      t = performance.now();
      const warm = Array.from({ length: WARMUP }, (_, n) =>
        benchHousehold(1_000_000 + n, villages[n % villages.length]?.villageCode ?? ''),
      );
      await createImport({
        importId: 'bench-warm-up',
        documentId: 'bench-warm-up',
        format: FORMAT,
        startedBy: 'bench',
        startedAt: new Date().toISOString(),
      });
      await importFile(
        { importId: 'bench-warm-up', format: FORMAT, startedBy: 'bench' },
        await householdsToFile(FORMAT, warm),
      );
      log(
        `warm-up: an import of ${WARMUP} other households in ${f((performance.now() - t) / 1000, 1)} s (not counted)`,
      );
    }
    log('first import (every household new)');
    const first = await run('bench-1', bytes, requests);
    log(`second import of the same file`);
    const second = await run('bench-2', bytes, requests);

    console.log(`\ncommit ${commitDescription()}, ${new Date().toISOString()}`);
    console.log(`machine: ${machineDescription()}; ${javaVersion()}`);
    console.log(
      WARMUP > 0
        ? `DynamoDB Local warmed up by an uncounted import of ${WARMUP} other households first (BENCH_IMPORT_WARMUP=0: cold)`
        : 'DynamoDB Local cold (no warm-up import)',
    );
    console.log(
      `load average at the end (1, 5, 15 min): ${load()}; the machine is shared, so a high load makes the figures pessimistic.\n`,
    );
    let ok = true;
    for (const [name, r, expect] of [
      ['first', first, { created: COUNT }],
      ['second (same file)', second, { unchanged: COUNT }],
    ] as const) {
      const v = r.view;
      console.log(
        `${name}: ${f(r.seconds, 1)} s total (${f(COUNT / r.seconds, 0)} households/s), parse ≈ ${f(r.parseSeconds, 1)} s, apply ≈ ${f(r.applySeconds, 1)} s; status ${v?.status}, created ${v?.created}, updated ${v?.updated}, unchanged ${v?.unchanged}, conflicts ${v?.conflicts}, rejected ${v?.rejected}, errors ${v?.errors.length}; progress seen ${r.progressSeen} times`,
      );
      console.log(
        `  CPU during the run: Node ${f(r.cpuSeconds.node, 1)} s, DynamoDB Local ${f(r.cpuSeconds.java, 1)} s (of ${f(r.seconds, 1)} s wall on 2 shared cores)`,
      );
      console.log(`  DynamoDB requests of the run (parse's village reads, apply, progress): ${r.requests}`);
      const [field, want] = Object.entries(expect)[0] as [keyof NonNullable<typeof v>, number];
      if (v?.status !== 'done' || v[field] !== want || v.errors.length > 0) {
        console.log(`  UNEXPECTED: wanted ${String(field)} = ${want}, done, no errors`);
        ok = false;
      }
    }
    const verdict = first.seconds <= BUDGET_S ? 'within' : 'OVER';
    console.log(`\n${COUNT} households in ${f(first.seconds, 1)} s: ${verdict} the budget of ${BUDGET_S} s`);
    console.log(
      `the same file again changed nothing: ${second.view?.unchanged === COUNT ? 'yes' : 'NO'} (${f(second.seconds, 1)} s)`,
    );
    return ok ? 0 : 1;
  } finally {
    await dynamo.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[import] failed:', error);
    process.exit(1);
  },
);
