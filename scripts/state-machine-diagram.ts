import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, STACK_NAME } from '../infra/buildApp.js';
import { projectPath } from '../infra/paths.js';
import { stateMachineDefinition, type TemplateJson } from '../infra/workflow/asl.js';
import { withDiagram } from '../infra/workflow/mermaid.js';

/**
 * Regenerates the diagram in docs/state-machine.md from the synthesized template (no bundling, so it
 * takes seconds). test/infra/stateMachine.test.ts fails while the document is out of date.
 */
const outdir = mkdtempSync(join(tmpdir(), 'homestead-diagram-'));
try {
  const { app } = buildApp({ outdir, bundle: false, context: { portalAssets: '' } });
  const assembly = app.synth();
  const template = assembly.getStackByName(STACK_NAME).template as TemplateJson;
  const path = projectPath('docs/state-machine.md');
  const doc = readFileSync(path, 'utf8');
  const next = withDiagram(doc, stateMachineDefinition(template));
  if (next !== doc) writeFileSync(path, next);
  console.log(next === doc ? 'docs/state-machine.md is up to date' : 'docs/state-machine.md updated');
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
