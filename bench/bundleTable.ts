import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate } from '../local/runtime/templateCache.js';
import { readTopology } from '../local/runtime/topology.js';
import { bundleSizes } from './bundles.js';
import { machineDescription } from './machine.js';
import { table } from './table.js';

/**
 * `npx tsx bench/bundleTable.ts`: only the bundle part of `npm run bench` (no runtime, no cases): every
 * Lambda entry of the template bundled as infra/constructs/appFunction.ts does, one row a function, and
 * what the largest bundles are made of. BUNDLE_DETAIL=n prints the packages of the n largest (default 3);
 * BENCH_JSON also writes the figures as JSON.
 */
const kb = (n: number) => (n / 1024).toFixed(1);

async function main(): Promise<void> {
  const { functions } = readTopology(await loadTemplate());
  const dir = await mkdtemp(join(tmpdir(), 'hx-bundles-'));
  try {
    const bundles = (await bundleSizes(functions, dir)).sort((a, b) => b.codeBytes - a.codeBytes);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--', 'functions', 'shared', 'infra', 'bench'],
      {
        encoding: 'utf8',
      },
    ).trim();
    console.log(
      `commit ${commit}${dirty ? ' (with uncommitted changes)' : ''}, ${new Date().toISOString()}, ${machineDescription()}\n`,
    );
    console.log(
      table(
        ['function', 'entry', 'index.mjs KiB', 'gzip -9 KiB', 'source map KiB', 'layer files KiB'],
        bundles.map((b) => [
          b.functionId,
          b.entry,
          kb(b.codeBytes),
          kb(b.gzipBytes),
          kb(b.mapBytes),
          b.layerBytes > 0 ? kb(b.layerBytes) : '—',
        ]),
      ),
    );
    const total = bundles.reduce((a, b) => a + b.codeBytes, 0);
    const over = bundles.filter((b) => b.codeBytes > 200 * 1024);
    console.log(
      `\n${bundles.length} functions, ${kb(total)} KiB of code in total; ${over.length} above 200 KiB\n`,
    );
    const detail = Number(process.env.BUNDLE_DETAIL ?? 3);
    for (const b of bundles.slice(0, detail)) {
      console.log(`What ${b.entry} is made of:\n`);
      console.log(
        table(
          ['package', 'KiB', '%'],
          b.packages
            .slice(0, 12)
            .map((p) => [p.name, kb(p.bytes), ((100 * p.bytes) / b.codeBytes).toFixed(1)]),
        ),
        '\n',
      );
    }
    if (process.env.BENCH_JSON) {
      await writeFile(process.env.BENCH_JSON, `${JSON.stringify({ commit, bundles }, null, 2)}\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
