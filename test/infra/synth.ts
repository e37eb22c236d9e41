import { mkdtempSync, rmSync } from 'node:fs';
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

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
} & Record<string, unknown>;

export function resourcesOfType(json: TemplateJson, type: string): [string, Resource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type) as [string, Resource][];
}
