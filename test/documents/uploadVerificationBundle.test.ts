import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { projectPath } from '../../infra/paths.js';
import type { verifyUpload as VerifyUpload } from '../../shared/documents/verifyUpload.js';
import * as files from '../support/uploadFiles.js';

/**
 * shared/documents/upload/pdf.ts imports pdf-lib's CommonJS files one by one, and a default import of
 * a CommonJS file is not the same object under Vitest's loader as under Node and esbuild (`classOf`
 * takes either). The other tests run the Vitest way; this one bundles the verifier as the Lambda's
 * bundle is built (bench/bundles.ts, infra/constructs/appFunction.ts: ESM, module-first main fields,
 * minified, the createRequire banner) and runs the bundle in Node, with a real PDF and issue 16's fake.
 */
const outDir = mkdtempSync(join(tmpdir(), 'verify-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('the bundled verifier parses a real PDF and refuses %PDF- followed by a page', async () => {
  const result = await build({
    entryPoints: [projectPath('shared/documents/verifyUpload.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    absWorkingDir: projectPath(),
    logLevel: 'silent',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const code = result.outputFiles[0]?.text ?? '';
  const file = join(outDir, 'verifyUpload.mjs');
  writeFileSync(file, code);
  const bundled = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    verifyUpload: typeof VerifyUpload;
  };
  const judge = (bytes: Buffer) =>
    bundled.verifyUpload(
      { contentType: 'application/pdf', sizeBytes: bytes.length },
      { sizeBytes: bytes.length, bytes },
    );
  expect(await judge(await files.realPdf())).toEqual({ status: 'accepted' });
  expect(await judge(await files.pdfWithLaunch())).toMatchObject({
    status: 'rejected',
    reason: expect.stringContaining('/Launch'),
  });
  expect(await judge(files.PDF_THEN_HTML_WITH_TRAILER)).toMatchObject({ status: 'rejected' });
  // the parser alone, not the whole package (≈ 430 KiB): docs/documents.md
  expect(code.length).toBeLessThan(450_000);
});
