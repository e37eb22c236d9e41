import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JSON_SCHEMA_LEFT_OUT, zodWithoutJsonSchema } from '../../infra/bundling/zodWithoutJsonSchema.js';
import { projectPath } from '../../infra/paths.js';

/**
 * The zod the Lambda bundles import (`--alias:zod=…`, infra/constructs/appFunction.ts): zod's own files
 * but for the JSON Schema generator. A probe module bundled with that alias must validate exactly as zod
 * does here (the same results and the same issues), and refuse to describe a schema.
 */
const dir = mkdtempSync(join(tmpdir(), 'homestead-zod-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROBE = `import * as z from 'zod';
export const schema = z.object({
  caseId: z.string().regex(/^C-\\d{4}$/),
  amountFen: z.coerce.bigint().nonnegative(),
  kind: z.enum(['cash', 'house']),
  at: z.iso.datetime().optional(),
  items: z.array(z.discriminatedUnion('type', [
    z.object({ type: z.literal('a'), n: z.number().int().min(1) }),
    z.object({ type: z.literal('b'), text: z.string().min(2).max(5) }),
  ])).max(3),
}).strict();
export const describe = () => z.toJSONSchema(schema);
export const describeBySchema = () => schema.toJSONSchema();
export const textMax = () => z.string().max(5).maxLength;
`;

async function bundledProbe(): Promise<{
  schema: z.ZodType;
  describe: () => unknown;
  describeBySchema: () => unknown;
  textMax: () => number | null;
}> {
  const entry = join(dir, 'probe.ts');
  writeFileSync(entry, PROBE);
  const result = await build({
    entryPoints: [entry],
    outfile: join(dir, 'probe.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    alias: { zod: zodWithoutJsonSchema() },
    absWorkingDir: projectPath(),
    nodePaths: [projectPath('node_modules')],
    logLevel: 'error',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((i) => i.endsWith('core/to-json-schema.js'))).toBe(true);
  expect(inputs.every((i) => !i.includes('node_modules/zod/'))).toBe(true);
  return import(/* @vite-ignore */ pathToFileURL(join(dir, 'probe.mjs')).href);
}

const INPUTS: unknown[] = [
  { caseId: 'C-0001', amountFen: '120000', kind: 'cash', items: [{ type: 'a', n: 2 }] },
  { caseId: 'C-1', amountFen: '-3', kind: 'land', items: [{ type: 'b', text: 'x' }], extra: 1 },
  { caseId: 'C-0002', amountFen: 5, kind: 'house', at: '2026-12-06T10:00:00Z', items: [] },
  { caseId: 'C-0003', amountFen: 'abc', kind: 'house', at: 'yesterday', items: [{ type: 'c' }] },
  null,
];

describe('zod in the Lambda bundles', () => {
  it('validates as zod does, issue for issue, and throws when asked for a JSON Schema', async () => {
    const probe = await bundledProbe();
    // the same schema built with the zod of node_modules, for the comparison
    const reference = z
      .object({
        caseId: z.string().regex(/^C-\d{4}$/),
        amountFen: z.coerce.bigint().nonnegative(),
        kind: z.enum(['cash', 'house']),
        at: z.iso.datetime().optional(),
        items: z
          .array(
            z.discriminatedUnion('type', [
              z.object({ type: z.literal('a'), n: z.number().int().min(1) }),
              z.object({ type: z.literal('b'), text: z.string().min(2).max(5) }),
            ]),
          )
          .max(3),
      })
      .strict();
    for (const input of INPUTS) {
      const got = probe.schema.safeParse(input);
      const want = reference.safeParse(input);
      expect(got.success, JSON.stringify(input)).toBe(want.success);
      if (got.success && want.success) expect(got.data).toEqual(want.data);
      else expect(got.error?.issues).toEqual(want.error?.issues);
    }
    expect(() => probe.textMax()).toThrow(JSON_SCHEMA_LEFT_OUT);
    expect(() => probe.describe()).toThrow(JSON_SCHEMA_LEFT_OUT);
    expect(() => probe.describeBySchema()).toThrow(JSON_SCHEMA_LEFT_OUT);
    // the zod of node_modules, unbundled, still describes schemas (tests and scripts may)
    expect(z.toJSONSchema(z.string())).toMatchObject({ type: 'string' });
  });
});
