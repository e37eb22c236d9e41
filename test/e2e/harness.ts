import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../local/demo/client.js';
import type { DemoContext, Driver, ScenarioResult } from '../../local/demo/scenarios.js';
import { type Runtime, startRuntime } from '../../local/runtime/runtime.js';
import { sharedRuntimeDynamo } from '../support/localServices.js';

/**
 * The end-to-end tests talk HTTP to the whole local system (DynamoDB Local, s3rver, the real handlers
 * and the synthesized state machine on aws-local-stepfunctions), started once per test file on a free
 * port with fast waits and a fresh data directory; its table lives in the run's shared DynamoDB Local.
 */

export interface E2eSystem {
  runtime: Runtime;
  api: ApiClient;
  ctx: DemoContext;
  dataDir: string;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'homestead-e2e-'));
}

export async function startSystem(dataDir?: string): Promise<E2eSystem> {
  const dir = dataDir ?? (await makeDataDir());
  const runtime = await startRuntime({
    port: 0,
    dataDir: dir,
    fastWaits: true,
    ...sharedRuntimeDynamo(dir),
  });
  const api = new ApiClient(runtime.url);
  return { runtime, api, ctx: { api, timeoutMs: 60_000 }, dataDir: dir };
}

export async function removeDataDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * Starts drivers with at most `limit` running at once and hands back one promise per driver. The
 * drivers never reject (a wrong outcome is a problem in the row), so nothing is left unhandled.
 */
export function startDrivers(
  ctx: DemoContext,
  drivers: Driver[],
  limit: number,
): Map<string, Promise<ScenarioResult>> {
  let running = 0;
  const queue: (() => void)[] = [];
  const slot = () =>
    new Promise<void>((resolve) => {
      if (running < limit) {
        running += 1;
        resolve();
      } else queue.push(() => resolve());
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };
  const out = new Map<string, Promise<ScenarioResult>>();
  for (const d of drivers) {
    out.set(
      d.name,
      slot().then(async () => {
        try {
          return await d.run(ctx);
        } finally {
          release();
        }
      }),
    );
  }
  return out;
}

/** The year the offers were computed in, which fixes building age and remaining contract years. */
export function offerYear(r: ScenarioResult): number {
  const at = r.case?.offeredAt;
  if (!at) throw new Error(`case ${r.caseId} has no offer time`);
  // the year in Zibo (UTC+8), as the pricing reckons it
  return new Date(Date.parse(at) + 8 * 3_600_000).getUTCFullYear();
}
