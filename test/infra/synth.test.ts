import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/api/routes.js';
import { buildApp, STACK_NAME } from '../../infra/buildApp.js';
import { projectPath } from '../../infra/paths.js';
import { lambdaEntries, type TemplateJson } from '../../infra/workflow/asl.js';

/**
 * The real synthesis `npm run synth` does, esbuild bundling of every function included, with no
 * network and no Docker: each function becomes a minified ESM bundle with a source map, the AWS SDK
 * left to the runtime, and the createRequire banner that CommonJS dependencies (Powertools' tracer)
 * need inside an ES module.
 */
let outdir: string;
let template: TemplateJson & { Resources: Record<string, { Metadata?: Record<string, unknown> }> };

/**
 * The CDK runs a project's own esbuild as `npx --no-install esbuild …`, once per function: npm's CLI
 * starts each time (≈ 0.7 s here, 40 functions). For this test a shim answers `npx --no-install <bin>`
 * with the project's node_modules/.bin/<bin> itself — the same binary, the same arguments, the same
 * bundles — and passes anything else to the real npx.
 */
let shimDir: string;
function withNpxShim<T>(run: () => T): T {
  shimDir = mkdtempSync(join(tmpdir(), 'homestead-npx-'));
  const bin = projectPath('node_modules/.bin');
  const realNpx = execFileSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(shimDir, 'npx'),
    `#!/bin/sh\nif [ "$1" = "--no-install" ] && [ -x "${bin}/$2" ]; then shift; b="$1"; shift; exec "${bin}/$b" "$@"; fi\nexec "${realNpx}" "$@"\n`,
    { mode: 0o755 },
  );
  const path = process.env.PATH;
  process.env.PATH = `${shimDir}:${path ?? ''}`;
  try {
    return run();
  } finally {
    process.env.PATH = path;
  }
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'homestead-synth-'));
  // the CDK bundles while it builds the app (asset staging), so the shim covers both
  template = withNpxShim(() => {
    const { app } = buildApp({ outdir, context: { portalAssets: '' } });
    return app.synth().getStackByName(STACK_NAME).template;
  });
}, 180_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  if (shimDir) rmSync(shimDir, { recursive: true, force: true });
});

const bundles = () =>
  Object.entries(lambdaEntries(template)).map(([id, entry]) => {
    const assetPath = template.Resources[id]?.Metadata?.['aws:asset:path'];
    return { id, entry, dir: join(outdir, String(assetPath)) };
  });

/** Functions whose bundles carry a document library, each with its own limit (the others: 300 000). */
const DOCUMENT_SETTERS = new Set(
  (Object.keys(ROUTES) as (keyof typeof ROUTES)[])
    .filter((id) => ROUTES[id].documentFont)
    .map((id) => `functions/api/${id}.ts`),
);
const SPREADSHEET_WRITERS = new Set(['functions/api/getQuarterlyReport.ts', 'functions/api/exportLedger.ts']);
/**
 * The upload verifier parses every uploaded PDF with pdf-lib's parser (issue 16; shared/documents/upload/
 * pdf.ts imports only its parser and object files: ≈ 320 KiB, of which 130 KiB are the standard fonts'
 * metrics that pdf-lib's utilities import and a parser never uses). It runs on S3 events, off any
 * user's request; its own limit.
 */
const PDF_READERS = new Set(['functions/documents/verifyUpload.ts']);
const PDF_READER_LIMIT = 600_000;

describe('npm run synth', () => {
  it('bundles every function (the synth time is a figure in docs/performance.md, not a test)', () => {
    expect(bundles().length).toBe(50);
    for (const { dir, entry } of bundles()) expect(existsSync(join(dir, 'index.mjs')), entry).toBe(true);
  });

  it('each bundle is minified ESM with the createRequire banner and a source map, and leaves the AWS SDK out', () => {
    for (const { entry, dir } of bundles()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(
        code.startsWith(
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        ),
        entry,
      ).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), `${entry} source map`).toBe(true);
      // minified: a few very long lines (esbuild keeps the newlines inside template literals); source
      // code averages ≈ 40 characters a line, the small sign-in trigger's bundle ≈ 1 600
      expect(code.length / code.split('\n').length, `${entry} is minified`).toBeGreaterThan(1000);
      // the SDK stays an import of the runtime's copy, never bundled
      expect(code, entry).not.toMatch(/@smithy\/smithy-client|class DynamoDBClient\b/);
      expect(code.length, entry).toBeLessThan(DOCUMENT_SETTERS.has(entry) ? 1_600_000 : 3_000_000);
    }
  });

  it('carries only the parts of zod it uses: `import * as z` lets esbuild drop the rest (locales, JSON schema…)', () => {
    for (const { entry, dir } of bundles()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // `import { z } from 'zod'` keeps zod's whole namespace object, ≈ 443 KiB of every bundle (cold starts);
      // with the namespace import and without the X-Ray SDK (≈ 119 KiB) the largest bundle is ≈ 218 KiB
      // the functions that set a PDF carry pdfmake with pdfkit and fontkit (≈ 1.1 MiB; docs/documents.md),
      // and the exports carry exceljs: their own budget below
      const own = DOCUMENT_SETTERS.has(entry) || SPREADSHEET_WRITERS.has(entry);
      const limit = own ? 1_600_000 : PDF_READERS.has(entry) ? PDF_READER_LIMIT : 300_000;
      expect(code.length, `${entry}: does a module import { z } from 'zod' again?`).toBeLessThan(limit);
      // one of the locale tables that a whole-namespace bundle carries (zod's German messages)
      expect(code, entry).not.toContain('Ungültige Eingabe');
    }
  });

  it('a bundle loads as an ES module and exports its handler', async () => {
    const bundle = bundles().find((b) => b.entry === 'functions/workflow/loadDeadlines.ts');
    if (!bundle) throw new Error('loadDeadlines was not bundled');
    const mod = (await import(/* @vite-ignore */ pathToFileURL(join(bundle.dir, 'index.mjs')).href)) as {
      handler?: unknown;
    };
    expect(typeof mod.handler).toBe('function');
  });

  it('a function may delete outside its idempotency records exactly when its code deletes items (issue 16)', () => {
    const resources = template.Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }
    >;
    /** the LeadingKeys of the DeleteItem statements in the policies of the function's role */
    const deletePrefixes = (fnId: string): string[] => {
      const fn = resources[fnId];
      if (!fn) throw new Error(`no resource ${fnId}`);
      const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      return Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
        .flatMap(
          (p) =>
            (
              p.Properties.PolicyDocument as {
                Statement: {
                  Action: string | string[];
                  Condition?: Record<string, Record<string, string[]>>;
                }[];
              }
            ).Statement,
        )
        .filter((st) => ([] as string[]).concat(st.Action).includes('dynamodb:DeleteItem'))
        .flatMap((st) => st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['<any>']);
    };
    let deleting = 0;
    for (const { id, entry, dir } of bundles()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // a Delete in a TransactWriteItems request, or a lone DeleteCommand of lib-dynamodb (minified code
      // keeps property names and the names it imports from the SDK, which stays external)
      const deletes = /[{,]Delete:\{/.test(code) || /\bDeleteCommand\b/.test(code);
      const granted = deletePrefixes(id).filter((p) => p !== 'IDEMPOTENCY#*');
      expect(granted.length > 0, `${entry}: deletes items ${deletes}, granted ${granted.join(' ')}`).toBe(
        deletes,
      );
      if (deletes) deleting += 1;
    }
    // the five case decisions that end a case, the assessment, and the household registry
    expect(deleting).toBe(7);
  });

  it('writes the cloud assembly with the validation report clean', () => {
    expect(existsSync(join(outdir, `${STACK_NAME}.template.json`))).toBe(true);
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  });
});
