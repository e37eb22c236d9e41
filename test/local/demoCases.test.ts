import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type CaseView } from '../../local/demo/client.js';
import { type Runtime, startRuntime } from '../../local/runtime/runtime.js';
import { deciderOf, WAITING_CASES } from '../../local/seed/demoCases.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../local/seed/demoData.js';
import { findFreePort } from '../../local/services/dynamoLocal.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import type { ReviewStep } from '../../shared/domain/model/case.js';
import { makeDataDir, removeDataDir } from '../e2e/harness.js';

/**
 * `npm start`'s demo cases: the first start of a fresh data directory puts a case waiting at each review
 * step (村 → 镇 → 区), written through the product's commands; the re-drive on start gives each its
 * execution, which registers the waiting step; each reviewer finds theirs in their queue; a second start
 * of the same directory adds none.
 */
const T = 60_000;

let dataDir: string | undefined;
let startedAt = '';
let runtime: Runtime | undefined;
const byStep = new Map<ReviewStep, CaseView>();

const start = async (dir: string) =>
  startRuntime({ port: await findFreePort(), dataDir: dir, fastWaits: true, demoCases: true });

function waiting(step: ReviewStep) {
  const { scenario } = WAITING_CASES.find((w) => w.step === step) ?? {};
  const d = DEMO_HOUSEHOLDS.find((h) => h.scenario === scenario);
  const village = DEMO_VILLAGES.find((v) => v.villageCode === d?.record.villageCode);
  if (!d || !village) throw new Error(`no demo household for ${step}`);
  return { d, village, decider: deciderOf(step, village) };
}

function system(): { runtime: Runtime; api: ApiClient } {
  if (!runtime) throw new Error('the runtime did not start');
  return { runtime, api: new ApiClient(runtime.url) };
}

beforeAll(async () => {
  dataDir = await makeDataDir();
  startedAt = new Date().toISOString();
  runtime = await start(dataDir);
}, 240_000);

afterAll(async () => {
  await runtime?.stop();
  await removeDataDir(dataDir);
}, 120_000);

describe('the demo cases of npm start', () => {
  it('wait at the three review steps, each with its task registered by the re-drive', async () => {
    const { runtime: rt, api } = system();
    for (const { step } of WAITING_CASES) {
      const { d, decider } = waiting(step);
      const mine = (await (await api.login(`applicant-${d.record.householdId}`)).listCases()).items;
      expect(mine.map((c) => c.status)).toEqual([step]);
      const caseId = mine[0]?.caseId ?? '';
      expect(rt.redriven).toContain(caseId);
      // the decider reads it, waiting: the re-drive's execution resumed at the status and registered the step
      const c = await (await api.login(decider)).waitForTask(caseId, step, step, { timeoutMs: T });
      byStep.set(step, c);
      expect(c.pendingTask?.kind).toBe(step);
      // its deadline counts from the registration at the re-drive, not from the dated-back history
      expect(Date.parse(c.pendingTask?.dueAt ?? '')).toBeGreaterThan(Date.parse(startedAt));
      const stored = await getCase(caseId);
      expect(stored?.pendingToken?.status).toBe(step);

      // a real history: the rules' findings, the land held, the decisions of the steps before
      expect(c.findings.length).toBeGreaterThan(0);
      expect(c.findings.every((f) => f.passed)).toBe(true);
      expect(c.rightsCheck?.passed).toBe(true);
      expect(stored?.case.landClaims?.length ?? 0).toBeGreaterThan(0);
      const before = WAITING_CASES.slice(
        0,
        WAITING_CASES.findIndex((w) => w.step === step),
      );
      expect(c.reviews.map((r) => [r.step, r.decision, r.reviewer])).toEqual(
        before.map((w) => [w.step, 'approve', deciderOf(w.step, waiting(step).village)]),
      );
      const statuses = c.timeline.map((t) => t.status);
      expect(statuses.slice(0, 4)).toEqual(['draft', 'submitted', 'eligibility', 'village_review']);
      if (step !== 'village_review') {
        expect(statuses).toContain('public_notice');
        expect(c.timeline.find((t) => t.action === 'notice.closed')?.status).toBe('town_review');
      }
      const times = c.timeline.map((t) => Date.parse(t.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  }, 180_000);

  it(
    'are in the village reviewer’s, the town reviewer’s and the district approver’s queues',
    async () => {
      const { api } = system();
      for (const { step } of WAITING_CASES) {
        const queue = await (await api.login(waiting(step).decider)).listCases({ status: step, limit: 100 });
        expect(queue.items.map((c) => c.caseId)).toContain(byStep.get(step)?.caseId);
      }
    },
    T,
  );

  it('are seeded once: a second start of the same data adds none', async () => {
    const { runtime: first } = system();
    const district = waiting('village_review').village.districtCode;
    const auditor = `auditor-${district}`;
    const before = (await (await new ApiClient(first.url).login(auditor)).listCases({ limit: 100 })).items;
    expect(before.map((c) => c.caseId).sort()).toEqual([...byStep.values()].map((c) => c.caseId).sort());
    await first.stop();
    runtime = undefined;
    if (!dataDir) throw new Error('no data directory');
    runtime = await start(dataDir);
    const after = (await (await system().api.login(auditor)).listCases({ limit: 100 })).items;
    expect(after.map((c) => c.caseId).sort()).toEqual(before.map((c) => c.caseId).sort());
    expect([...runtime.redriven].sort()).toEqual(before.map((c) => c.caseId).sort());
  }, 240_000);
});
