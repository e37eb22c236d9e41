import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { projectPath } from '../infra/paths.js';
import { decodePng, encodePng, shrink } from './manual/png.js';

/**
 * `npm run docs:manual`: the pictures of the operating guides (docs/操作手册/) come from the screenshots
 * the browser tests take (test-artifacts/screenshots/<name>-<390|1280>.png, test/portal/harness.ts), never
 * pasted by hand (issue 18). Every `images/<name>-<width>.png` a guide references is copied from there,
 * shrunk so that the guides stay a few MB (desktop shots halved to 640 px, every shot cut to its top part),
 * and images no guide references any more are removed. A referenced screenshot that does not exist is
 * listed with the exit code 1: run the browser tests first (`npx vitest run test/portal/portal.test.ts
 * test/portal/journeys.test.ts`), or rename the reference when a test renamed its screenshot.
 * test/scripts/manualScreenshots.test.ts checks without a browser that each reference names a screenshot
 * some test takes.
 */
export const MANUAL_DIR = projectPath('docs/操作手册');
export const IMAGES_DIR = join(MANUAL_DIR, 'images');
export const SCREENSHOTS_DIR = projectPath('test-artifacts/screenshots');

/** The widths the harness shoots at, and what a guide keeps of each (source pixels). */
const KEEP = {
  '390': { halve: false, maxHeight: 1800 },
  '1280': { halve: true, maxHeight: 3400 },
} as const;

export interface ImageReference {
  guide: string;
  file: string;
  /** the name the browser test gives `record`/`screenshot` */
  screenshot: string;
  width: keyof typeof KEEP;
}

const REFERENCE = /\]\(images\/([^)\s]+)\)/g;
const SHOT_FILE = /^(.+)-(390|1280)\.png$/;

export function guides(dir = MANUAL_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();
}

/** Every image the guides reference; a file that is not `<name>-390.png` or `<name>-1280.png` throws. */
export function imageReferences(dir = MANUAL_DIR): ImageReference[] {
  return guides(dir).flatMap((guide) =>
    [...readFileSync(join(dir, guide), 'utf8').matchAll(REFERENCE)].map((m) => {
      const file = m[1] ?? '';
      const shot = SHOT_FILE.exec(file);
      if (!shot?.[1]) throw new Error(`${guide}: images/${file} is not a browser test's screenshot name`);
      return { guide, file, screenshot: shot[1], width: shot[2] as keyof typeof KEEP };
    }),
  );
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? testFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/**
 * The screenshot names the browser tests take, each with the file that takes it: the literal name of
 * every `record(page, '…')`, `run.record(page, '…')` and `screenshot(page, '…')` call under test/.
 */
export function screenshotsTakenByTests(root = projectPath('test')): Map<string, string> {
  const taken = new Map<string, string>();
  const call = /\b(?:record|screenshot)\(\s*[\w.]+,\s*'([a-z0-9-]+)'\s*\)/g;
  for (const file of testFiles(root)) {
    for (const m of readFileSync(file, 'utf8').matchAll(call)) {
      if (m[1] && !taken.has(m[1])) taken.set(m[1], relative(projectPath(), file));
    }
  }
  return taken;
}

export interface Regenerated {
  written: { file: string; bytes: number }[];
  removed: string[];
  missing: ImageReference[];
}

/** Copies and shrinks every referenced screenshot; lists the missing ones rather than stopping at the first. */
export function regenerate(
  opts: { screenshots?: string; manual?: string; images?: string } = {},
): Regenerated {
  const screenshots = opts.screenshots ?? SCREENSHOTS_DIR;
  const images = opts.images ?? IMAGES_DIR;
  const references = imageReferences(opts.manual ?? MANUAL_DIR);
  mkdirSync(images, { recursive: true });
  const result: Regenerated = { written: [], removed: [], missing: [] };
  const done = new Set<string>();
  for (const ref of references) {
    if (done.has(ref.file)) continue;
    done.add(ref.file);
    const source = join(screenshots, ref.file);
    if (!existsSync(source)) {
      result.missing.push(ref);
      continue;
    }
    const png = encodePng(shrink(decodePng(readFileSync(source)), KEEP[ref.width]));
    writeFileSync(join(images, ref.file), png);
    result.written.push({ file: ref.file, bytes: png.length });
  }
  for (const file of readdirSync(images)) {
    if (file.endsWith('.png') && !done.has(file)) {
      rmSync(join(images, file));
      result.removed.push(file);
    }
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const result = regenerate();
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  for (const w of result.written) console.log(`  ${w.file.padEnd(40)} ${kb(w.bytes)}`);
  for (const r of result.removed) console.log(`  removed ${r} (no guide references it)`);
  const total = readdirSync(IMAGES_DIR).reduce((t, f) => t + statSync(join(IMAGES_DIR, f)).size, 0);
  console.log(
    `${result.written.length} images written to ${relative(projectPath(), IMAGES_DIR)} (${kb(total)} in all)`,
  );
  if (result.missing.length > 0) {
    const takers = screenshotsTakenByTests();
    console.error('missing screenshots (run the browser tests that take them, or fix the reference):');
    for (const m of result.missing) {
      const taker = takers.get(m.screenshot);
      console.error(
        `  ${m.guide}: test-artifacts/screenshots/${m.file} — ${taker ? `taken by ${taker}` : 'no test takes it'}`,
      );
    }
    process.exitCode = 1;
  }
}
