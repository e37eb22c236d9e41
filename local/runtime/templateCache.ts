import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../infra/paths.js';
import type { TemplateJson } from '../../infra/workflow/asl.js';

/**
 * The synthesized template, kept on disk under a key made of everything the synthesis reads, so that
 * the local runtime does not run the CDK app (about 13 s in a cold process, 4 s warm) every time it
 * starts: the test suite starts it a dozen times, `npm start` once. The cache holds exactly what a
 * synthesis would give: a change to any file the app could read (infra, shared, functions, the CDK
 * and cdk-nag versions in the lock file, cdk.json, the built portal the app deploys) is a new key and
 * a new synthesis. Nothing is declared here: on a miss, this is `buildApp().synth()`.
 */
const SOURCE_DIRS = ['infra', 'shared', 'functions'];
const SOURCE_FILES = ['package-lock.json', 'cdk.json', 'tsconfig.json'];
const CACHE_DIR = projectPath('.local/template-cache');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : [join(dir, d.name)]));
}

/** The cache key: a hash of the path and content of every input of the synthesis. */
export function templateKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...SOURCE_DIRS.flatMap((d) => sourceFiles(projectPath(d))),
    ...SOURCE_FILES.map((f) => projectPath(f)),
  ];
  for (const file of files) {
    if (!existsSync(file)) continue;
    hash.update(`${file}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  // the app deploys the built portal: its asset hash is in the template
  const portal = projectPath('portal/dist/index.html');
  hash.update(existsSync(portal) ? `portal:${statSync(portal).mtimeMs}` : 'portal:none');
  return hash.digest('hex').slice(0, 32);
}

async function synthesize(): Promise<TemplateJson> {
  // imported on a miss only: the CDK and cdk-nag take seconds to load
  const { buildApp } = await import('../../infra/buildApp.js');
  // a cloud assembly of its own: two runtimes (test files) synthesizing at once into one folder read each
  // other's half-written manifests ("Unterminated string in JSON" in the CDK's metadata reader)
  const outdir = mkdtempSync(join(tmpdir(), 'homestead-synth-'));
  try {
    const { app, stack } = buildApp({ bundle: false, outdir });
    return app.synth().getStackByName(stack.stackName).template as TemplateJson;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The template of the app as the working tree is now: from the cache, or synthesized and cached. */
export async function loadTemplate(): Promise<TemplateJson> {
  const path = join(CACHE_DIR, `${templateKey()}.json`);
  if (existsSync(path)) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as TemplateJson;
    } catch {
      // a torn or foreign file: synthesize again and replace it
    }
  }
  const template = await synthesize();
  mkdirSync(CACHE_DIR, { recursive: true });
  // written aside and renamed, so a runtime starting in parallel never reads half a file
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(template));
  renameSync(partial, path);
  prune();
  return template;
}

/** Keeps the newest few templates (a branch switch back finds its own), drops the rest. */
function prune(keep = 8): void {
  const entries = readdirSync(CACHE_DIR)
    .filter((n) => n.endsWith('.json'))
    .map((n) => ({ path: join(CACHE_DIR, n), at: statSync(join(CACHE_DIR, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const e of entries.slice(keep)) rmSync(e.path, { force: true });
}
