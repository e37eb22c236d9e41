import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_STACK_NAME, STACK_NAME } from '../../infra/buildApp.js';
import { EdgeStack } from '../../infra/edgeStack.js';
import { projectPath } from '../../infra/paths.js';
import { loadTemplate } from '../../local/runtime/templateCache.js';

/**
 * The synthesized templates pass cfn-lint (issue 19 item 3): no error in either stack, and no warning but
 * the kinds infra/README.md lists with their reason ("cfn-lint"), so a new kind of warning fails here
 * until it is fixed or explained there.
 *
 * The main stack's template is the local runtime's cached synthesis (local/runtime/templateCache.ts: the
 * same app, without esbuild bundling, which changes only asset paths), so this file adds the lint and not
 * another synthesis; the edge stack (the web ACL, us-east-1) is small and synthesized here.
 *
 * cfn-lint is a Python tool. The project's machines come with it (1.51.0, under pyenv) and reach no
 * Python package index, so `pip install cfn-lint` works only elsewhere; without it on PATH the file is
 * skipped and says why (infra/README.md).
 */
const CFN_LINT = process.env.CFN_LINT ?? 'cfn-lint';

/** Warning kinds that remain, each explained in infra/README.md. */
export const ACCEPTED_WARNINGS = ['W3005'] as const;

interface Match {
  Filename: string;
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Rule: { Id: string };
  Location: { Path: (string | number)[] };
}

const version = spawnSync(CFN_LINT, ['--version'], { encoding: 'utf8' });
const available = version.error === undefined && version.status === 0;
if (!available) {
  console.warn(
    `test/infra/cfnLint.test.ts skipped: ${CFN_LINT} is not on PATH. It is a Python tool (pip install cfn-lint); ` +
      'the project’s machines come with it and reach no Python package index to install it from. ' +
      'See infra/README.md "cfn-lint".',
  );
}

/**
 * The edge template with its web ACL's scope misspelt and its default action gone: linted with the real
 * ones, it shows that cfn-lint read the files and reports errors (this file could not pass otherwise).
 */
const BROKEN = 'BrokenEdge';
function broken(template: unknown): unknown {
  const copy = structuredClone(template) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  for (const r of Object.values(copy.Resources)) {
    if (r.Type !== 'AWS::WAFv2::WebACL') continue;
    r.Properties.Scope = 'GLOBAL';
    delete r.Properties.DefaultAction;
  }
  return copy;
}

let dir = '';
let matches: Match[] = [];
const templatePath = (stack: string) => join(dir, `${stack}.json`);

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'homestead-cfn-lint-'));
  writeFileSync(templatePath(STACK_NAME), JSON.stringify(await loadTemplate(), null, 1));
  const app = new App({ outdir: join(dir, 'edge.out') });
  new EdgeStack(app, EDGE_STACK_NAME);
  const edge = app.synth().getStackByName(EDGE_STACK_NAME).template as unknown;
  writeFileSync(templatePath(EDGE_STACK_NAME), JSON.stringify(edge, null, 1));
  writeFileSync(templatePath(BROKEN), JSON.stringify(broken(edge), null, 1));
  // one process for all three: most of cfn-lint's time is loading its resource specifications
  const run = spawnSync(
    CFN_LINT,
    ['--format', 'json', ...[STACK_NAME, EDGE_STACK_NAME, BROKEN].map(templatePath)],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  // exit status is a bit mask (2 error, 4 warning, 8 informational); 1 is cfn-lint's own failure
  if (run.error !== undefined || (run.status ?? 1) & 1) {
    throw new Error(`cfn-lint failed to run: ${run.error?.message ?? run.stderr}`);
  }
  matches = JSON.parse(run.stdout || '[]') as Match[];
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const describeLint = available ? describe : describe.skip;

describeLint(`cfn-lint (${version.stdout?.trim() || 'not installed'}) on the synthesized templates`, () => {
  const show = (m: Match) => `${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`;

  const real = () => matches.filter((m) => m.Filename !== templatePath(BROKEN));

  it('finds no error in either stack', () => {
    expect(
      real()
        .filter((m) => m.Level === 'Error')
        .map(show),
    ).toEqual([]);
  });

  it('finds no warning but the kinds infra/README.md lists with their reason', () => {
    const accepted = new Set<string>(ACCEPTED_WARNINGS);
    expect(
      real()
        .filter((m) => m.Level !== 'Error' && !accepted.has(m.Rule.Id))
        .map(show),
    ).toEqual([]);
    const readme = readFileSync(projectPath('infra/README.md'), 'utf8');
    for (const id of ACCEPTED_WARNINGS) {
      expect(readme.includes(`\`${id}\``), `infra/README.md explains ${id}`).toBe(true);
    }
  });

  it('lints both stacks: the edge stack has no finding, a broken copy of it has errors', () => {
    const of = (stack: string) => matches.filter((m) => m.Filename === templatePath(stack));
    expect(of(EDGE_STACK_NAME).map(show)).toEqual([]);
    const errors = of(BROKEN).filter((m) => m.Level === 'Error');
    expect(errors.map((m) => m.Location.Path.slice(-1)[0])).toEqual(
      expect.arrayContaining(['Scope', 'Properties']),
    );
    // the main stack's warnings are the function → role DependsOn of CDK's Function (README)
    expect(of(STACK_NAME).every((m) => m.Location.Path[0] === 'Resources')).toBe(true);
  });
});
