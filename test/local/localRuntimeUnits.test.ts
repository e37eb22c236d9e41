import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_FUNCTION_TIMEOUT_MS } from '../../functions/api/http/idempotency.js';
import { DOCUMENT_FONT_FILE, DOCUMENT_FONTS_SOURCE } from '../../infra/layers/documentFonts.js';
import { projectPath } from '../../infra/paths.js';
import type { AslDefinition } from '../../infra/workflow/asl.js';
import {
  localDefinition,
  MAX_TIMER_SECONDS,
  TIMEOUT_PARAMETER,
  WAIT_FOR_TOKEN,
} from '../../local/runtime/localDefinition.js';
import { loadTemplate } from '../../local/runtime/templateCache.js';
import { readTopology } from '../../local/runtime/topology.js';
import { ROUTE_IDS } from '../../shared/auth/authorization.js';

const source: AslDefinition = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.resumeFrom', IsPresent: false, Next: 'Await' },
        { Variable: '$.resumeFrom', StringEquals: 'offers', Next: 'Notice' },
      ],
      Default: 'Done',
    },
    Await: {
      Type: 'Task',
      Resource: WAIT_FOR_TOKEN,
      Parameters: { FunctionName: 'arn:fn', Payload: { 'taskToken.$': '$$.Task.Token' } },
      TimeoutSecondsPath: '$.deadlines.seconds.village_review',
      Next: 'Notice',
    },
    Notice: { Type: 'Wait', SecondsPath: '$.deadlines.seconds.public_notice', Next: 'Plain' },
    Plain: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:0:function:X', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

describe('localDefinition', () => {
  it('rewrites IsPresent:false (never true in the interpreter) into Not IsPresent:true', () => {
    const { definition } = localDefinition(source, { fastWaits: false });
    expect(definition.States.Route?.Choices?.[0]).toEqual({
      Not: { Variable: '$.resumeFrom', IsPresent: true },
      Next: 'Await',
    });
    expect(definition.States.Route?.Choices?.[1]).toEqual(source.States.Route?.Choices?.[1]);
  });

  it('carries a human step deadline path into the parameters and leaves the wait to the runner', () => {
    const { definition, humanSteps } = localDefinition(source, { fastWaits: false });
    const state = definition.States.Await;
    expect(state?.Parameters?.[`${TIMEOUT_PARAMETER}.$`]).toBe('$.deadlines.seconds.village_review');
    expect(state?.TimeoutSecondsPath).toBeUndefined();
    expect(state?.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(humanSteps.Await).toMatchObject({ timeoutFromInput: true, functionArn: 'arn:fn' });
    // the source is never mutated: the same definition serves AWS and tests
    expect(source.States.Await?.TimeoutSecondsPath).toBe('$.deadlines.seconds.village_review');
  });

  it('gives plain tasks a timer-safe timeout and keeps the notice wait without fast waits', () => {
    const { definition } = localDefinition(source, { fastWaits: false });
    expect(definition.States.Plain?.TimeoutSeconds).toBe(60);
    expect(definition.States.Notice?.SecondsPath).toBe('$.deadlines.seconds.public_notice');
  });

  it('with fast waits caps every Wait at one second', () => {
    const { definition } = localDefinition(source, { fastWaits: true });
    expect(definition.States.Notice).toMatchObject({ Type: 'Wait', Seconds: 1 });
    expect(definition.States.Notice?.SecondsPath).toBeUndefined();
  });
});

const topology = readTopology(await loadTemplate());

describe('readTopology (from the synthesized template)', () => {
  it('maps every API route of the contract to a handler file that exists', () => {
    expect(topology.routes).toHaveLength(ROUTE_IDS.length);
    for (const r of topology.routes) {
      const fn = topology.functions[r.functionId];
      expect(fn, r.path).toBeDefined();
      expect(existsSync(projectPath(fn?.entry ?? 'missing')), fn?.entry).toBe(true);
      expect(r.authorized).toBe(true);
    }
  });

  it('resolves every function environment to plain strings naming local resources', () => {
    for (const fn of Object.values(topology.functions)) {
      for (const value of Object.values(fn.environment)) expect(typeof value).toBe('string');
      if (fn.environment.TABLE_NAME) expect(fn.environment.TABLE_NAME).toBe(topology.table.name);
    }
  });

  it("reads a queue consumer's batch size and batching window from its event source mapping", () => {
    const queues = topology.rules.flatMap((r) => r.targets).filter((t) => t.kind === 'queue');
    const entryOf = (q: (typeof queues)[number]) =>
      q.kind === 'queue' ? topology.functions[q.functionId]?.entry : undefined;
    expect(queues.map(entryOf).sort()).toEqual([
      'functions/events/reportingProjection.ts',
      'functions/registry/importRegistry.ts',
    ]);
    // the projection's batches of events; the registry import one file at a time, at once (issue 19)
    for (const q of queues) {
      expect(q).toMatchObject(
        entryOf(q) === 'functions/registry/importRegistry.ts'
          ? { batchSize: 1, batchingWindowSeconds: 0 }
          : { batchSize: 10, batchingWindowSeconds: 10 },
      );
    }
  });

  it('names the table after a stack name when given one, and every function reads that table', async () => {
    // several runtimes share one DynamoDB Local in the test run (test/support/localServices.ts)
    const named = readTopology(await loadTemplate(), { stackName: 'homestead-e2e-x1' });
    expect(named.table.name).toBe(`homestead-e2e-x1-${topology.table.name}`);
    const readers = Object.values(named.functions).filter((fn) => fn.environment.TABLE_NAME);
    expect(readers.length).toBeGreaterThan(30);
    for (const fn of readers) expect(fn.environment.TABLE_NAME).toBe(named.table.name);
    expect(named.bucketNames).toEqual(topology.bucketNames);
  });

  it("gives every function the template's timeout and memory, which the Lambda context reports", () => {
    const fns = Object.values(topology.functions);
    const api = fns.find((fn) => fn.entry === 'functions/api/reviewCase.ts');
    const document = fns.find((fn) => fn.entry === 'functions/api/getAgreement.ts');
    expect(api?.timeoutSeconds).toBe(10);
    expect(document?.memoryMb).toBe(1024);
    for (const fn of fns) {
      expect(fn.timeoutSeconds).toBeGreaterThan(0);
      expect(fn.timeoutSeconds).toBeLessThanOrEqual(900);
    }
  });

  it('no POST function runs longer than the idempotency record is held in progress', () => {
    // functions/api/http/idempotency.ts caps the in-progress expiry at API_FUNCTION_TIMEOUT_MS: a POST
    // function allowed to run longer could still be working when a retry with its key is let through
    for (const r of topology.routes.filter((route) => route.method === 'POST')) {
      const fn = topology.functions[r.functionId];
      expect(fn?.timeoutSeconds, r.path).toBeLessThanOrEqual(API_FUNCTION_TIMEOUT_MS / 1000);
    }
  });

  it('mounts the documents font layer where the template says /opt/…, only for the functions that set PDFs', () => {
    const withFont = Object.values(topology.functions).filter((fn) => fn.environment.DOCUMENT_FONT);
    expect(withFont.map((fn) => fn.entry).sort()).toEqual([
      'functions/api/chooseResettlement.ts',
      'functions/api/getAgreement.ts',
      'functions/api/getNoticeList.ts',
      'functions/api/getPaymentReceipt.ts',
    ]);
    for (const fn of withFont) {
      expect(fn.environment.DOCUMENT_FONT).toBe(projectPath(DOCUMENT_FONTS_SOURCE, DOCUMENT_FONT_FILE));
      expect(existsSync(fn.environment.DOCUMENT_FONT ?? '')).toBe(true);
    }
  });

  it('finds the upload verification notification and the event rules', () => {
    expect(topology.s3Notifications).toEqual([
      expect.objectContaining({ bucket: topology.documentsBucket, prefix: 'cases/' }),
      // issue 19: the registry's import files
      expect.objectContaining({ bucket: topology.documentsBucket, prefix: 'registry-imports/' }),
    ]);
    const targets = topology.rules.flatMap((r) => r.targets);
    expect(targets.filter((t) => t.kind === 'lambda').length).toBeGreaterThan(0);
    // the reporting projection's queue and the registry import's are delivered to their consumers (the
    // event source mappings)
    expect(
      targets.flatMap((t) => (t.kind === 'queue' ? [topology.functions[t.functionId]?.entry] : [])).sort(),
    ).toEqual(['functions/events/reportingProjection.ts', 'functions/registry/importRegistry.ts']);
  });

  it('extracts the definition with Lambda ARNs that name functions of the template', () => {
    for (const state of Object.values(topology.definition.States)) {
      if (state.Type !== 'Task') continue;
      const arn = String(state.Resource === WAIT_FOR_TOKEN ? state.Parameters?.FunctionName : state.Resource);
      expect(topology.functions[arn.split(':').pop() ?? '']).toBeDefined();
    }
  });
});
