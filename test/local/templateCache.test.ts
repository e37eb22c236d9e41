import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.js';
import { projectPath } from '../../infra/paths.js';
import { loadTemplate, templateKey } from '../../local/runtime/templateCache.js';

/**
 * The local runtime reads the template from a cache keyed by the synthesis's inputs. What it reads must
 * be what a synthesis gives now, so the cached copy is compared with a fresh synthesis of the app.
 */
describe('the local runtime’s template cache', () => {
  it('gives exactly the template a synthesis of the working tree gives, and keeps it under the key', async () => {
    const cached = await loadTemplate();
    const path = join(projectPath('.local/template-cache'), `${templateKey()}.json`);
    expect(existsSync(path)).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(cached);
    const { app, stack } = buildApp({ bundle: false, outdir: projectPath('.local/cdk.out') });
    const fresh = app.synth().getStackByName(stack.stackName).template;
    expect(cached).toEqual(fresh);
  });

  it('keys on the inputs: the same tree gives the same key', () => {
    expect(templateKey()).toMatch(/^[0-9a-f]{32}$/);
    expect(templateKey()).toBe(templateKey());
  });
});
