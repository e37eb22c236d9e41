import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Folder-level import cycles: `npx tsx scripts/importCycles.ts shared` prints every cycle between the
 * top-level folders of a tree (shared/cases → shared/fund → shared/cases …) and exits non-zero when
 * there is one. It reads import specifiers as text (static `import … from`, `export … from` and
 * `import('…')` with a literal), resolves the relative ones to files, and maps each file to its folder
 * right below the root. test/infra/importCycles.test.ts runs it on shared/ and functions/.
 */
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The folder right below `root` that a file lies in ('.' for a file at the root itself). */
function folderOf(root: string, file: string): string {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? (parts[0] ?? '.') : '.';
}

/** Edges folder → folder (inside `root` only), each with one import that makes it, for the message. */
export function folderGraph(root: string): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  const absRoot = resolve(root);
  for (const file of sourceFiles(absRoot)) {
    const from = folderOf(absRoot, file);
    // files at the root (an entry point, an index) belong to no folder: they may import any
    if (from === '.') continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec?.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(absRoot + sep)) continue;
      const to = folderOf(absRoot, target);
      if (to === from || to === '.') continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(absRoot, file)} imports ${spec}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every elementary cycle's folders, found by depth-first search from each folder in name order. */
export function folderCycles(root: string): { cycle: string[]; because: string[] }[] {
  const graph = folderGraph(root);
  const found = new Map<string, { cycle: string[]; because: string[] }>();
  const walk = (start: string, at: string, path: string[]) => {
    for (const next of (graph.get(at) ?? new Map<string, string>()).keys()) {
      if (next === start) {
        const cycle = [...path];
        const key = [...cycle].sort().join('>');
        if (!found.has(key)) {
          const because = cycle.map((f, i) => graph.get(f)?.get(cycle[(i + 1) % cycle.length] ?? '') ?? '');
          found.set(key, { cycle: [...cycle, start], because });
        }
      } else if (!path.includes(next) && next > start) {
        walk(start, next, [...path, next]);
      }
    }
  };
  for (const folder of [...graph.keys()].sort()) walk(folder, folder, [folder]);
  return [...found.values()];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const roots = process.argv.slice(2);
  let bad = 0;
  for (const root of roots.length > 0 ? roots : ['shared']) {
    for (const { cycle, because } of folderCycles(root)) {
      bad++;
      console.log(`cycle in ${root}: ${cycle.join(' → ')}`);
      for (const b of because) console.log(`  ${b}`);
    }
  }
  if (bad === 0) console.log('no import cycles between folders');
  process.exitCode = bad > 0 ? 1 : 0;
}
