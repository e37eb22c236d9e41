import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { projectPath } from '../infra/paths.js';
import { BUNDLE_OPTIONS } from './bundles.js';
import { table } from './table.js';

/**
 * `npx tsx bench/bundleInputs.ts functions/api/getCase.ts [pattern]`: what one function's bundle is made
 * of, file by file (minified bytes each file adds), and for every file whose path contains `pattern`
 * the chain of imports that brought it in: the question to ask before cutting a bundle down.
 */
const kb = (n: number) => (n / 1024).toFixed(1);

/** The shortest import chain from the entry to `target` (breadth first over the metafile's inputs). */
function chain(meta: Metafile, entry: string, target: string): string[] {
  const previous = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    if (at === target) break;
    for (const i of meta.inputs[at]?.imports ?? []) {
      if (i.external || previous.has(i.path)) continue;
      previous.set(i.path, at);
      queue.push(i.path);
    }
  }
  const out: string[] = [];
  for (let at = target; at; at = previous.get(at) ?? '') out.unshift(at);
  return out;
}

async function main(): Promise<void> {
  const [entry, pattern] = process.argv.slice(2);
  if (!entry) throw new Error('usage: bundleInputs.ts <entry> [pattern]');
  const dir = await mkdtemp(join(tmpdir(), 'hx-inputs-'));
  try {
    const result = await build({
      ...BUNDLE_OPTIONS,
      entryPoints: [projectPath(entry)],
      outfile: join(dir, 'index.mjs'),
      absWorkingDir: projectPath(),
      metafile: true,
    });
    const meta = result.metafile;
    const output = Object.values(meta.outputs).find((o) => o.entryPoint);
    if (!output) throw new Error('no output');
    const inputs = Object.entries(output.inputs)
      .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
      .filter((i) => i.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes);
    console.log(`${entry}: ${kb(output.bytes)} KiB\n`);
    console.log(
      table(
        ['file', 'KiB'],
        inputs.slice(0, Number(process.env.TOP ?? 60)).map((i) => [i.path, kb(i.bytes)]),
      ),
    );
    if (pattern) {
      const root = Object.keys(meta.inputs).find((p) => projectPath(p) === projectPath(entry)) ?? entry;
      for (const i of inputs.filter((x) => x.path.includes(pattern))) {
        console.log(`\n${i.path} (${kb(i.bytes)} KiB):\n  ${chain(meta, root, i.path).join('\n  → ')}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
