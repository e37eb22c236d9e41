import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { householdsToFile } from '../shared/registryImport/householdsFile.js';
import { checkRegistryFile, parseRegistryFile } from '../shared/registryImport/parse.js';
import { machineDescription } from './machine.js';
import { importHouseholds, importVillageCodes } from './registryImportHouseholds.js';

/**
 * How long reading a registry import file takes (issue 19 item 2: 10 000 households in ≤ 60 s in all,
 * docs/registry-import.md "The template"): the file written by householdsToFile, the cheap header check
 * of the upload, and the full parse with every row's checks, for xlsx and CSV.
 *
 *   npx tsx bench/registryImportParse.ts [households=10000]
 */
const count = Number(process.argv[2] ?? 10_000);

/** Wall time, and CPU time of this process (less sensitive to a shared machine's load). */
async function timed<T>(what: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await what();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
console.log(`registry import, reading: ${count} households`);
console.log(`commit ${commit}; ${machineDescription()}`);
console.log(
  `load before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()})`,
);
const households = importHouseholds(count);
const codes = importVillageCodes();
const known = async (asked: readonly string[]) => new Set(asked.filter((c) => codes.has(c)));
for (const format of ['csv', 'xlsx'] as const) {
  const written = await timed(() => householdsToFile(format, households));
  const bytes = written.value;
  const check = await timed(() => checkRegistryFile(format, bytes));
  const parsed = await timed(() => parseRegistryFile(format, bytes, known));
  const r = parsed.value;
  if (r.households.length !== count || r.errors.length > 0) {
    throw new Error(
      `${format}: ${r.households.length} of ${count} households read, ${r.errors.length} errors`,
    );
  }
  console.log(
    `${format.padEnd(4)} ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${r.rows} rows: ` +
      `write ${s(written.ms)} (CPU ${s(written.cpuMs)}), header check ${check.ms.toFixed(0)} ms ` +
      `(CPU ${check.cpuMs.toFixed(0)} ms), parse ${s(parsed.ms)} (CPU ${s(parsed.cpuMs)})`,
  );
}
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
