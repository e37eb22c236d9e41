import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, STACK_NAME } from '../infra/buildApp.js';
import { projectPath } from '../infra/paths.js';
import { stateMachineDefinition, type TemplateJson } from '../infra/workflow/asl.js';
import { withDiagram } from '../infra/workflow/mermaid.js';

/**
 * Regenerates the diagram in docs/state-machine.md and docs/architecture.md from the synthesized template (no bundling, so it
 * takes seconds). test/infra/stateMachine.test.ts fails while the document is out of date.
 */
const outdir = mkdtempSync(join(tmpdir(), 'homestead-diagram-'));
try {
  const { app } = buildApp({ outdir, bundle: false, context: { portalAssets: '' } });
  const assembly = app.synth();
  const template = assembly.getStackByName(STACK_NAME).template as TemplateJson;
  const definition = stateMachineDefinition(template);
  for (const file of ['docs/state-machine.md', 'docs/architecture.md']) {
    const path = projectPath(file);
    const doc = readFileSync(path, 'utf8');
    const next = withDiagram(doc, definition);
    if (next !== doc) writeFileSync(path, next);
    console.log(next === doc ? `${file} is up to date` : `${file} updated`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
