import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { projectPath } from '../paths.js';

/**
 * The document libraries as one Lambda layer (issue 17): pdfmake with pdfkit, fontkit and brotli (the
 * functions that set a PDF), exceljs (the spreadsheet exports) and pdf-lib's parser (the upload
 * verifier) are ≈ 0.5–1.3 MiB of minified code that only seven functions use. Each of those functions
 * leaves these packages out of its bundle (esbuild `external`) and imports them by name; the layer holds
 * them under nodejs/node_modules, the folder Lambda documents for a Node.js layer (/opt/nodejs/node_modules,
 * which the Node.js 18+ runtimes search for a function's ES module imports too). Plain constants and a
 * build function: the CDK construct (infra/constructs/documentLibraries.ts), the bench and the synth test
 * read them without the CDK.
 */

/** The packages the layer provides: a function given the layer leaves every import of these out. */
export const DOCUMENT_LIBRARY_PACKAGES = ['pdfmake', 'fontkit', 'exceljs', 'pdf-lib'] as const;

/**
 * Every specifier the project imports from those packages (shared/documents/pdf/render.ts, glyphs.ts,
 * shared/exports/xlsx.ts, shared/documents/upload/pdf.ts), each an entry of the layer's build. A new
 * import of another file of these packages must be added here: the synth test loads every document
 * function's bundle with the layer in place and fails on a missing one.
 */
export const DOCUMENT_LIBRARY_SPECIFIERS = [
  'pdfmake',
  'fontkit',
  'exceljs',
  'pdf-lib/cjs/core/objects/PDFArray.js',
  'pdf-lib/cjs/core/objects/PDFDict.js',
  'pdf-lib/cjs/core/objects/PDFName.js',
  'pdf-lib/cjs/core/objects/PDFRef.js',
  'pdf-lib/cjs/core/objects/PDFStream.js',
  'pdf-lib/cjs/core/parser/PDFParser.js',
] as const;

/** The layer's folder in the project (a README; the files are built into the asset at synthesis). */
export const DOCUMENT_LIBRARIES_SOURCE = 'infra/layers/documentLibraries';

/**
 * The CommonJS code in the layer calls require() (Node built-ins) and reads __dirname (pdfmake's virtual
 * file system strips it from every path it is given, the font's included), which an ES module lacks:
 * without them pdfmake throws "__dirname is not defined in ES module scope" on the first font it loads.
 */
const COMMONJS_BANNER = [
  "import { createRequire as __hxRequire } from 'node:module';",
  "import { dirname as __hxDirname } from 'node:path';",
  "import { fileURLToPath as __hxPath } from 'node:url';",
  'const require = __hxRequire(import.meta.url);',
  'const __filename = __hxPath(import.meta.url);',
  'const __dirname = __hxDirname(__filename);',
].join(' ');

/** `pdf-lib/cjs/core/PDFContext.js` → package `pdf-lib`, subpath `./cjs/core/PDFContext.js` */
function splitSpecifier(specifier: string): { pkg: string; subpath: string } {
  const parts = specifier.split('/');
  const pkgParts = specifier.startsWith('@') ? 2 : 1;
  const pkg = parts.slice(0, pkgParts).join('/');
  const rest = parts.slice(pkgParts).join('/');
  return { pkg, subpath: rest ? `./${rest}` : '.' };
}

/**
 * Builds the layer's files into `outDir`: nodejs/node_modules/<package>/… one minified ES module per
 * specifier (.mjs, code shared between them in nodejs/node_modules/.chunks), and a package.json per
 * package whose `exports` maps each specifier to its file, so Node resolves `import 'pdfmake'` and
 * `import 'pdf-lib/cjs/core/objects/PDFArray.js'` as it did in node_modules. The same esbuild options as
 * the functions (infra/constructs/appFunction.ts): a default import of a CommonJS file gives its
 * `module.exports`, as Node's own loader does. Returns the layer's bytes.
 */
export function buildDocumentLibraries(outDir: string): number {
  const modules = join(outDir, 'nodejs', 'node_modules');
  const entries = DOCUMENT_LIBRARY_SPECIFIERS.map((specifier) => {
    const { pkg, subpath } = splitSpecifier(specifier);
    const file = subpath === '.' ? 'index' : subpath.slice(2).replace(/\.js$/, '');
    return { specifier, pkg, subpath, out: `${pkg}/${file}` };
  });
  const result = buildSync({
    entryPoints: entries.map((e) => ({ in: e.specifier, out: e.out })),
    outdir: modules,
    outExtension: { '.js': '.mjs' },
    chunkNames: '.chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    charset: 'utf8',
    legalComments: 'eof',
    external: ['@aws-sdk/*'],
    banner: { js: COMMONJS_BANNER },
    absWorkingDir: projectPath(),
    logLevel: 'warning',
    metafile: true,
  });
  for (const pkg of new Set(entries.map((e) => e.pkg))) {
    const version = (
      JSON.parse(readFileSync(projectPath('node_modules', pkg, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const exports = Object.fromEntries(
      entries.filter((e) => e.pkg === pkg).map((e) => [e.subpath, `./${e.out.slice(pkg.length + 1)}.mjs`]),
    );
    mkdirSync(join(modules, pkg), { recursive: true });
    writeFileSync(
      join(modules, pkg, 'package.json'),
      `${JSON.stringify({ name: pkg, version, type: 'module', exports }, null, 2)}\n`,
    );
  }
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
}

/**
 * What the layer is built from: this file, the lock file (the packages' versions) and esbuild's
 * version. The asset's hash, so a synthesis rebuilds the layer only when one of them changes.
 */
export function documentLibrariesHash(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(projectPath('package-lock.json')));
  hash.update(readFileSync(join(dirname(projectPath('node_modules/esbuild/package.json')), 'package.json')));
  return hash.digest('hex');
}
