import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../paths.js';

/**
 * zod as the Lambda bundles use it: zod itself, but for its JSON Schema generator (issue 17, bundle
 * size). Since zod 4.2 every schema of zod's classic API carries a `toJSONSchema()` method and its
 * processors, so each bundle that validates anything held ≈ 16 KiB of JSON Schema code (core/
 * to-json-schema.js, core/json-schema-processors.js) that no function calls: the functions validate,
 * they never describe a schema. esbuild cannot leave out a file that a bundled file imports, and the
 * CDK runs esbuild as a command (no plugins), so the bundles import a copy of the zod package in which
 * those two files are stubs: `toJSONSchema()` and its kin throw, everything else is zod's own file. So do
 * the few getters built on the JSON Schema code (a string schema's `minLength`, `maxLength` and `format`,
 * a number's `minValue`, `maxValue`, `isInt`, `isFinite`): no function reads them (they describe a schema,
 * as JSON Schema does), and keeping them cost 1.7 KiB, which the largest bundle did not have.
 *
 * The copy is made once per zod version and version of this file, in the system's temporary folder.
 * A new zod whose files export another name fails the bundling (esbuild: "No matching export"), and
 * test/infra/synth.test.ts checks a bundle's zod parses as zod does and throws on toJSONSchema.
 */

/** zod's files that are replaced, relative to the package. */
const STUBBED = ['v4/core/to-json-schema.js', 'v4/core/json-schema-processors.js'] as const;
export const JSON_SCHEMA_LEFT_OUT =
  "zod's JSON Schema generation (and the minLength, maxLength, format, minValue, maxValue, isInt, isFinite getters) is left out of the Lambda bundles (infra/bundling/zodWithoutJsonSchema.ts)";

/** Every name an ES module file exports (zod's are `export const|function name` and `export { a as b }`). */
function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/^export (?:const|let|function\*?|class) ([\w$]+)/gm))
    names.add(m[1] ?? '');
  for (const m of source.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  names.delete('');
  return [...names];
}

function stubOf(source: string): string {
  const lines = [`const leftOut = () => { throw new Error(${JSON.stringify(JSON_SCHEMA_LEFT_OUT)}); };`];
  for (const name of exportedNames(source)) {
    // createToJSONSchemaMethod and its kin run as each schema is made: the method they give throws
    lines.push(`export const ${name} = ${/^create\w*Method$/.test(name) ? '() => leftOut' : 'leftOut'};`);
  }
  return `${lines.join('\n')}\n`;
}

const zodRoot = () => dirname(projectPath('node_modules/zod/package.json'));

/**
 * The entry file of the copy (its ES module index), made if it does not exist yet: the value of
 * esbuild's `--alias:zod=…` for the functions' bundles.
 */
export function zodWithoutJsonSchema(): string {
  const source = zodRoot();
  const hash = createHash('sha256')
    .update(readFileSync(join(source, 'package.json')))
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex')
    .slice(0, 16);
  const target = join(tmpdir(), `homestead-zod-${hash}`);
  const entry = join(target, 'index.js');
  if (existsSync(entry)) return entry;
  const staging = mkdtempSync(join(tmpdir(), 'homestead-zod-staging-'));
  // ES module files and package.json only (no CommonJS twins, types or sources): what esbuild reads
  cpSync(source, staging, {
    recursive: true,
    filter: (path) => !/\.(cjs|d\.ts|d\.cts|ts|map)$/.test(path) && !path.includes('/src/'),
  });
  for (const file of STUBBED) {
    writeFileSync(join(staging, file), stubOf(readFileSync(join(source, file), 'utf8')));
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    // another synthesis made it meanwhile: theirs is the same
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
  return entry;
}
