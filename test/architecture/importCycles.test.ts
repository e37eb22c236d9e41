import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderCycles } from '../../scripts/importCycles.js';

/** DEVELOPERS.md: no circles between folders. The command layer depends on the rest, never back. */
describe('import cycles between folders', () => {
  it.each(['shared', 'functions', 'local'])('%s/ has none', (root) => {
    expect(folderCycles(root)).toEqual([]);
  });

  const tmp = mkdtempSync(join(tmpdir(), 'cycles-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds a cycle through three folders and names the imports that make it', () => {
    for (const [folder, next] of [
      ['cases', 'fund'],
      ['fund', 'ports'],
      ['ports', 'cases'],
    ] as const) {
      mkdirSync(join(tmp, folder), { recursive: true });
      writeFileSync(join(tmp, folder, 'x.ts'), `import { y } from '../${next}/x.js';\nexport const y = 1;\n`);
    }
    mkdirSync(join(tmp, 'domain'), { recursive: true });
    writeFileSync(join(tmp, 'domain', 'pure.ts'), 'export const pure = 1;\n');
    writeFileSync(join(tmp, 'cases', 'uses.ts'), "import { pure } from '../domain/pure.js';\n");
    const cycles = folderCycles(tmp);
    expect(cycles.map((c) => c.cycle)).toEqual([['cases', 'fund', 'ports', 'cases']]);
    expect(cycles[0]?.because).toContain('cases/x.ts imports ../fund/x.js');
  });
});
