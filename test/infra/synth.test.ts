import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, STACK_NAME } from '../../infra/buildApp.js';
import { DOCUMENT_FONT_FILE, DOCUMENT_FONTS_SOURCE } from '../../infra/layers/documentFonts.js';
import {
  DOCUMENT_LIBRARY_PACKAGES,
  DOCUMENT_LIBRARY_SPECIFIERS,
} from '../../infra/layers/documentLibraries.js';
import { projectPath } from '../../infra/paths.js';
import { lambdaEntries, type TemplateJson } from '../../infra/workflow/asl.js';

/**
 * The real synthesis `npm run synth` does, esbuild bundling of every function included, with no
 * network and no Docker: each function becomes a minified ESM bundle with a source map, the AWS SDK
 * left to the runtime, and the createRequire banner that CommonJS dependencies (Powertools' tracer)
 * need inside an ES module.
 */
let outdir: string;
let template: TemplateJson & {
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
};

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

/**
 * Every bundle stays within 200 KiB of minified code (issue 17: cold starts), bytes as deployed, with no
 * exception (since 2026-12-06; docs/performance.md, "Lambda bundles"). The document libraries (pdfmake,
 * fontkit, exceljs, pdf-lib's parser) come from their layer, which is measured apart (below and
 * bench/bundleTable.ts).
 */
const BUNDLE_LIMIT = 204_800;

/** A bare import of a document library in a bundle: `from"pdfmake"`, `import("exceljs")` (minified). */
const LIBRARY_IMPORT = new RegExp(
  `(?:from|import\\()\\s*["'](${DOCUMENT_LIBRARY_PACKAGES.join('|')})(/[^"']*)?["']`,
  'g',
);
const libraryImports = (code: string) =>
  [...code.matchAll(LIBRARY_IMPORT)].map((m) => `${m[1]}${m[2] ?? ''}`);

/** The folder of the document libraries' layer in the cloud assembly, and the functions it is attached to. */
function libraryLayer(): { dir: string; functionIds: string[] } {
  const layers = Object.entries(template.Resources).filter(
    ([, r]) =>
      r.Type === 'AWS::Lambda::LayerVersion' && String(r.Properties?.Description).startsWith('pdfmake'),
  );
  const [layerId, layer] = layers[0] ?? [];
  if (layers.length !== 1 || !layerId || !layer)
    throw new Error(`expected one library layer, found ${layers.length}`);
  const functionIds = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .filter(([, r]) =>
      ((r.Properties?.Layers as { Ref?: string }[] | undefined) ?? []).some((l) => l.Ref === layerId),
    )
    .map(([id]) => id);
  return { dir: join(outdir, String(layer.Metadata?.['aws:asset:path'])), functionIds };
}

/**
 * A function's bundle where Lambda puts it, with the library layer's node_modules where Node's resolution
 * finds it from there: <dir>/task/index.mjs and <dir>/node_modules (Lambda: /var/task and the layer's
 * /opt/nodejs/node_modules, which its Node.js 18+ runtimes search for ES module imports too).
 */
function withLayer(bundleDir: string): string {
  const root = mkdtempSync(join(tmpdir(), 'homestead-layered-'));
  mkdirSync(join(root, 'task'));
  copyFileSync(join(bundleDir, 'index.mjs'), join(root, 'task', 'index.mjs'));
  symlinkSync(join(libraryLayer().dir, 'nodejs', 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

describe('npm run synth', () => {
  it('bundles every function (the synth time is a figure in docs/performance.md, not a test)', () => {
    expect(bundles().length).toBe(61);
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
    }
  });

  it('every bundle is within 200 KiB (204 800 bytes) minified', () => {
    for (const { entry, dir } of bundles()) {
      expect(statSync(join(dir, 'index.mjs')).size, entry).toBeLessThanOrEqual(BUNDLE_LIMIT);
    }
  });

  it('the document libraries are imported from their layer, never bundled, and only by functions that have it', () => {
    const { functionIds } = libraryLayer();
    const importing = bundles().filter(
      ({ dir }) => libraryImports(readFileSync(join(dir, 'index.mjs'), 'utf8')).length > 0,
    );
    // the four that set a PDF, the two spreadsheet exports, the upload verifier, and the registry import's
    // template, start (its header check) and worker (issue 19)
    expect(importing.map((b) => b.entry).sort()).toEqual(
      [
        'functions/api/chooseResettlement.ts',
        'functions/api/exportLedger.ts',
        'functions/api/getRegistryImportTemplate.ts',
        'functions/api/startRegistryImport.ts',
        'functions/registry/importRegistry.ts',
        'functions/api/getAgreement.ts',
        'functions/api/getNoticeList.ts',
        'functions/api/getPaymentReceipt.ts',
        'functions/api/getQuarterlyReport.ts',
        'functions/documents/verifyUpload.ts',
      ].sort(),
    );
    expect(importing.map((b) => b.id).sort()).toEqual([...functionIds].sort());
    for (const { entry, dir } of importing) {
      for (const specifier of libraryImports(readFileSync(join(dir, 'index.mjs'), 'utf8'))) {
        expect(DOCUMENT_LIBRARY_SPECIFIERS as readonly string[], `${entry} imports ${specifier}`).toContain(
          specifier,
        );
      }
    }
  });

  it('carries only the parts of zod it uses: `import * as z` lets esbuild drop the rest (locales, JSON schema…)', () => {
    for (const { entry, dir } of bundles()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // `import { z } from 'zod'` keeps zod's whole namespace object, ≈ 443 KiB of every bundle (cold starts);
      // with the namespace import and without the X-Ray SDK (≈ 119 KiB) the largest bundle is ≈ 218 KiB
      // (the document libraries come from their layer)
      expect(
        Buffer.byteLength(code),
        `${entry}: does a module import { z } from 'zod' again?`,
      ).toBeLessThanOrEqual(BUNDLE_LIMIT);
      // one of the locale tables that a whole-namespace bundle carries (zod's German messages)
      expect(code, entry).not.toContain('Ungültige Eingabe');
      // nor zod's JSON Schema generator (infra/bundling/zodWithoutJsonSchema.ts; test/infra/zodBundle.test.ts)
      expect(code, entry).not.toContain('json-schema.org/draft');
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

  it("a document function loads with the library layer in place, and the layer sets a PDF in the documents' font", async () => {
    for (const entry of [
      'functions/api/getAgreement.ts',
      'functions/documents/verifyUpload.ts',
      'functions/registry/importRegistry.ts',
    ]) {
      const bundle = bundles().find((b) => b.entry === entry);
      if (!bundle) throw new Error(`${entry} was not bundled`);
      const root = withLayer(bundle.dir);
      try {
        const mod = (await import(
          /* @vite-ignore */ pathToFileURL(join(root, 'task', 'index.mjs')).href
        )) as {
          handler?: unknown;
        };
        expect(typeof mod.handler, entry).toBe('function');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    // every specifier the project imports (exceljs only dynamically, so loading a bundle does not reach it),
    // from a module where a function's bundle would be
    const root = withLayer(bundles()[0]?.dir ?? '');
    try {
      const probe = join(root, 'task', 'probe.mjs');
      writeFileSync(
        probe,
        `${DOCUMENT_LIBRARY_SPECIFIERS.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}
export const loaded = [${DOCUMENT_LIBRARY_SPECIFIERS.map((_, i) => `m${i}`).join(', ')}];
export async function pdf(font) {
  const pdfmake = m0.default;
  pdfmake.setFonts({ f: { normal: font, bold: font, italics: font, bolditalics: font } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === font);
  return pdfmake.createPdf({ content: ['宅基地自愿有偿退出协议'], defaultStyle: { font: 'f' } }).getBuffer();
}
export async function xlsx() {
  const workbook = new m2.default.Workbook();
  workbook.addWorksheet('季度报表').addRow(['区县', 1]);
  return workbook.xlsx.writeBuffer();
}
`,
      );
      const mod = (await import(/* @vite-ignore */ pathToFileURL(probe).href)) as {
        loaded: unknown[];
        pdf: (font: string) => Promise<Buffer>;
        xlsx: () => Promise<ArrayBuffer>;
      };
      expect(mod.loaded.length).toBe(DOCUMENT_LIBRARY_SPECIFIERS.length);
      // pdfmake's CommonJS reads __dirname for every file it opens: the layer's banner must define it
      const pdf = await mod.pdf(projectPath(DOCUMENT_FONTS_SOURCE, DOCUMENT_FONT_FILE));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(
        Buffer.from(await mod.xlsx())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
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
      // keeps property names and the names it imports from the SDK, which stays external); the one
      // DeleteItemCommand is the idempotency records' (functions/api/http/idempotencyStore.ts), in the
      // POSTs, under IDEMPOTENCY# only
      expect(/\bDeleteItemCommand\b/.test(code), entry).toBe(deletePrefixes(id).includes('IDEMPOTENCY#*'));
      const deletes = /[{,]Delete:\{/.test(code) || /\bDeleteCommand\b/.test(code);
      const granted = deletePrefixes(id).filter((p) => p !== 'IDEMPOTENCY#*');
      expect(granted.length > 0, `${entry}: deletes items ${deletes}, granted ${granted.join(' ')}`).toBe(
        deletes,
      );
      if (deletes) deleting += 1;
    }
    // the five case decisions that end a case, the assessment, the household registry and its bulk import
    expect(deleting).toBe(8);
  });

  it('writes the cloud assembly with the validation report clean', () => {
    expect(existsSync(join(outdir, `${STACK_NAME}.template.json`))).toBe(true);
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  });
});
