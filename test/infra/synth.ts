import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, STACK_NAME } from '../../infra/buildApp.js';
import type { HomesteadExitStack } from '../../infra/stack.js';
import { type AslDefinition, stateMachineDefinition, type TemplateJson } from '../../infra/workflow/asl.js';

export interface Synthesized {
  app: App;
  stack: HomesteadExitStack;
  json: TemplateJson & { Outputs?: Record<string, unknown> };
  template: Template;
  definition: AslDefinition;
  cleanup(): void;
}

/**
 * One synthesis of the real app (cdk-nag included) without esbuild bundling, for assertion tests:
 * seconds instead of half a minute. Call once per test file (beforeAll); `npm run synth` and
 * test/infra/synth.test.ts bundle for real.
 */
export function synthesize(context: Record<string, unknown> = {}, parent = tmpdir()): Synthesized {
  const outdir = mkdtempSync(join(parent, 'homestead-cdk-'));
  const { app, stack } = buildApp({ outdir, bundle: false, context: { portalAssets: '', ...context } });
  const assembly = app.synth();
  const json = assembly.getStackByName(STACK_NAME).template as Synthesized['json'];
  return {
    app,
    stack,
    json,
    template: Template.fromJSON(json),
    definition: stateMachineDefinition(json),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

const shared = new Map<string, Synthesized>();

/**
 * The shared syntheses' folder of this process. A worker process is ended without its exit handlers
 * running, so nothing can remove it then; each process removes instead the folders of processes that
 * have ended, and a run leaves at most its own workers' (tens of MB).
 */
const SHARED_ROOT = join(tmpdir(), 'homestead-cdk-shared');
const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
function sharedDir(): string {
  mkdirSync(SHARED_ROOT, { recursive: true });
  for (const name of readdirSync(SHARED_ROOT)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid || running(pid)) continue;
    rmSync(join(SHARED_ROOT, name), { recursive: true, force: true });
  }
  const dir = join(SHARED_ROOT, String(process.pid));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function once(key: string, make: (dir: string) => Synthesized): Synthesized {
  let s = shared.get(key);
  if (!s) {
    s = { ...make(sharedDir()), cleanup: () => undefined };
    shared.set(key, s);
  }
  return s;
}

/**
 * The synthesis without context (no portal assets), made once per process and shared: the stack, nag
 * and edge tests read the same app, and the CDK test files run several to a worker process (project
 * `cdk` in vitest.config.ts), so a file after the first gets it without a synthesis of its own. Its cloud
 * assembly stays for the process's life (`sharedDir`), as a file's afterAll must not remove what the next
 * file reads (`cleanup` is a no-op). Tests must not change it (the cycle test changes a copy).
 */
export function synthesizeShared(): Synthesized {
  return once('default', (dir) => synthesize({}, dir));
}

/** The app with a (one-page) portal build, a custom domain and a Cognito domain prefix, shared as above. */
export const PORTAL_DOMAIN_CONTEXT = {
  portalDomain: 'exit.example.cn',
  portalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
  cognitoDomainPrefix: 'zibo-homestead-exit',
} as const;

export function synthesizeWithPortal(): Synthesized {
  return once('portal', (dir) => {
    const assets = mkdtempSync(join(dir, 'portal-'));
    writeFileSync(join(assets, 'index.html'), '<!doctype html><title>portal</title>');
    return synthesize({ portalAssets: assets, ...PORTAL_DOMAIN_CONTEXT }, dir);
  });
}

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
} & Record<string, unknown>;

export function resourcesOfType(json: TemplateJson, type: string): [string, Resource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type) as [string, Resource][];
}
