import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'homestead-cdk-'));
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

function once(key: string, make: () => Synthesized): Synthesized {
  let s = shared.get(key);
  if (!s) {
    const made = make();
    process.once('exit', () => made.cleanup());
    s = { ...made, cleanup: () => undefined };
    shared.set(key, s);
  }
  return s;
}

/**
 * The synthesis without context (no portal assets), made once per process and shared: the stack, nag
 * and edge tests read the same app, and the CDK test files run several to a worker process (project
 * `cdk` in vitest.config.ts), so a file after the first gets it without a synthesis of its own. Its cloud
 * assembly stays until the process exits, as a file's afterAll must not remove what the next file reads
 * (`cleanup` is a no-op). Tests must not change it (the cycle test changes a copy).
 */
export function synthesizeShared(): Synthesized {
  return once('default', () => synthesize());
}

/** The app with a (one-page) portal build, a custom domain and a Cognito domain prefix, shared as above. */
export const PORTAL_DOMAIN_CONTEXT = {
  portalDomain: 'exit.example.cn',
  portalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
  cognitoDomainPrefix: 'zibo-homestead-exit',
} as const;

export function synthesizeWithPortal(): Synthesized {
  return once('portal', () => {
    const assets = mkdtempSync(join(tmpdir(), 'homestead-portal-'));
    writeFileSync(join(assets, 'index.html'), '<!doctype html><title>portal</title>');
    const made = synthesize({ portalAssets: assets, ...PORTAL_DOMAIN_CONTEXT });
    return {
      ...made,
      cleanup: () => {
        made.cleanup();
        rmSync(assets, { recursive: true, force: true });
      },
    };
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
