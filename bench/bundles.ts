import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import { zodWithoutJsonSchema } from '../infra/bundling/zodWithoutJsonSchema.js';
import { buildDocumentLibraries, DOCUMENT_LIBRARY_PACKAGES } from '../infra/layers/documentLibraries.js';
import { projectPath } from '../infra/paths.js';

export interface BundleSize {
  functionId: string;
  entry: string;
  /** index.mjs as deployed, bytes */
  codeBytes: number;
  /** its source map (deployed beside it: NODE_OPTIONS=--enable-source-maps), bytes */
  mapBytes: number;
  /** index.mjs gzipped at level 9: close to what the deployment zip holds for it */
  gzipBytes: number;
  /**
   * files the function reads from its layers (the documents' font, issue 15; the document libraries'
   * layer, all of it, when the bundle imports one of them, issue 17), bytes: deployed once per layer
   * version, not with the function, but loaded by it when it sets or reads a document
   */
  layerBytes: number;
  /** minified bytes in index.mjs by npm package (the project's own code under `(project)`), largest first */
  packages: { name: string; bytes: number }[];
}

/** The esbuild options of infra/constructs/appFunction.ts (what NodejsFunction passes to esbuild). */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  charset: 'utf8',
  alias: { zod: zodWithoutJsonSchema() },
  // the document libraries come from their layer (infra/layers/documentLibraries.ts) in the functions
  // that use them; the other functions never import them, so leaving them out changes nothing there
  external: ['@aws-sdk/*', ...DOCUMENT_LIBRARY_PACKAGES],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
} satisfies BuildOptions;

function packageOf(input: string): string {
  // the Lambda bundles' copy of zod (infra/bundling/zodWithoutJsonSchema.ts) lives outside node_modules
  if (/homestead-zod-[0-9a-f]+\//.test(input)) return 'zod';
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return m?.[1] ?? '(project)';
}

/**
 * Bundles every Lambda entry of the synthesized template with the options of
 * infra/constructs/appFunction.ts (NodejsFunction: ESM, node22, minified, source maps without
 * sources, UTF-8 output, module-first main fields, the AWS SDK left to the runtime, the createRequire banner), each
 * into its own file in `outDir`, and measures the output.
 */
export async function bundleSizes(
  functions: Record<string, { entry: string; environment?: Record<string, string> }>,
  outDir: string,
): Promise<BundleSize[]> {
  const ids = Object.keys(functions).sort();
  const result = await build({
    entryPoints: Object.fromEntries(ids.map((id) => [id, projectPath(functions[id]?.entry ?? '')])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    ...BUNDLE_OPTIONS,
    absWorkingDir: projectPath(),
    metafile: true,
  });
  if (result.errors.length > 0) throw new Error(`esbuild: ${result.errors.length} error(s)`);
  const libraryLayerBytes = buildDocumentLibraries(join(outDir, 'documentLibrariesLayer'));
  const isLibrary = (path: string) =>
    DOCUMENT_LIBRARY_PACKAGES.some((p) => path === p || path.startsWith(`${p}/`));
  const sizes: BundleSize[] = [];
  const outputs = Object.entries(result.metafile?.outputs ?? {});
  for (const id of ids) {
    const code = join(outDir, `${id}.mjs`);
    const meta = outputs.find(([path]) => path.endsWith(`/${id}.mjs`))?.[1];
    const byPackage = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(meta?.inputs ?? {})) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
    // the local runtime resolves a layer's /opt/… path to the layer's folder (local/runtime/topology.ts)
    let layerBytes = meta?.imports.some((i) => i.external && isLibrary(i.path)) ? libraryLayerBytes : 0;
    for (const value of Object.values(functions[id]?.environment ?? {})) {
      if (value.startsWith(projectPath('infra/layers/'))) layerBytes += (await stat(value)).size;
    }
    sizes.push({
      functionId: id,
      layerBytes,
      entry: functions[id]?.entry ?? '',
      codeBytes: (await stat(code)).size,
      mapBytes: (await stat(`${code}.map`)).size,
      gzipBytes: gzipSync(await readFile(code), { level: 9 }).length,
      packages: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    });
  }
  return sizes;
}
