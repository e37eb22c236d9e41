import { describe, expect, it } from 'vitest';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { WORKFLOW_ACTOR } from '../../shared/cases/commands/caseChange.js';
import { caseEvent, moveCase, touchCase } from '../../shared/cases/moveCase.js';
import { invoke, loadRoutes } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { principals } from '../support/seed.js';
import { caseOf, invokeTask, loadTasks, useWorkflowEnvironment } from './harness.js';

/**
 * A task and an API request writing the same case at the same moment. Whichever write wins, the
 * loser's conditional write fails, it reads again and decides on what it sees: the case never ends
 * in a state neither side meant, and a waiting step is resumed exactly once.
 */
const env = useWorkflowEnvironment();
const tasks = await loadTasks();
const { withdrawCase, createObjection } = await loadRoutes('withdrawCase', 'createObjection');
const ROUNDS = 8;

describe('races', () => {
  it('registerTask against a withdrawal: the token is resumed with "withdrawn" exactly once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { caseId, case: c } = await caseOf('village_review');
      const token = `race-token-${caseId}`;
      const applicant = { sub: `applicant-${round}`, groups: ['applicant'], householdId: c.householdId };
      const withdraw = () => invoke(withdrawCase, { principal: applicant, pathParameters: { caseId } });
      let [, withdrawal] = await Promise.all([
        // every other round as the state machine calls it, with the wait's deadline: the write without a read
        invokeTask(tasks.register.handler, {
          caseId,
          step: 'village_review',
          taskToken: token,
          ...(round % 2 === 0 ? { deadlineSeconds: 15 * 86_400 } : {}),
        }),
        withdraw(),
      ]);
      // the withdrawal lost the race to the token's write: 409, and the household tries again
      if (withdrawal.status === 409) withdrawal = await withdraw();
      expect(withdrawal.status, withdrawal.text).toBe(200);
      const stored = await getCase(caseId);
      expect(stored?.case.status).toBe('withdrawn');
      expect(stored?.pendingToken).toBeUndefined();
      expect(env.doubles.workflow.resumed.filter((r) => r.token === token)).toEqual([
        { token, output: { outcome: 'withdrawn' } },
      ]);
    }
  });

  // which side wins is up to the scheduler (the objection usually does, the notice's step reads more
  // first); the deterministic lost-race case is the runStep test below
  it('closeNotice against an objection: never offers with an unresolved objection on the case', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { caseId } = await caseOf('public_notice');
      const [route, objection] = await Promise.all([
        invokeTask(tasks.close.handler, { caseId }),
        invoke(createObjection, {
          principal: principals.reviewer,
          pathParameters: { caseId },
          body: { text: `边界争议 ${round}` },
        }),
      ]);
      const c = (await getCase(caseId))?.case;
      if (objection.status === 201) {
        // the objection was stored before the notice closed: the case goes back to review
        expect(c?.status).toBe('village_review');
        expect(route).toMatchObject({ next: 'village_review' });
      } else {
        // the notice had closed: the objection is refused and the town audits the case
        expect(objection.status, objection.text).toBe(409);
        expect(c?.status).toBe('town_review');
        expect(c?.objections).toEqual([]);
        expect(route).toMatchObject({ next: 'town_review' });
      }
    }
  });

  it('runStep: a write that loses to a concurrent one is decided again on the new state, never forced', async () => {
    const { caseId } = await caseOf('public_notice');
    const { runStep } = tasks.task;
    const seen: string[] = [];
    const result = await runStep(caseId, async (stored) => {
      seen.push(`${stored.case.status}@${stored.case.version}`);
      if (seen.length === 1) {
        // another writer commits between this read and this write (an objection arriving)
        await saveCase(
          stored,
          touchCase(stored.case, { actor: 'villager', at: new Date().toISOString(), note: 'objection' }),
          { audit: { actor: 'villager', action: 'objection.raised' } },
        );
      }
      const next = moveCase(stored.case, 'town_review', {
        actor: WORKFLOW_ACTOR,
        at: new Date().toISOString(),
        note: 'x',
      });
      return {
        kind: 'write',
        write: {
          next,
          audit: { action: 'test' },
          events: [caseEvent('NoticeClosed', next, WORKFLOW_ACTOR, 'public_notice')],
        },
        result: { value: stored.case.version },
      };
    });
    expect(seen).toEqual(['public_notice@0', 'public_notice@1']);
    // decided on the second read; the first decision was never written
    expect(result).toBe(1);
    const c = (await getCase(caseId))?.case;
    expect(c?.version).toBe(2);
    expect(c?.timeline.map((t) => t.actor)).toEqual(['seed', 'villager', WORKFLOW_ACTOR]);
    expect((await caseAuditTrail(caseId)).map((a) => a.action)).toEqual([
      'case.seeded',
      'objection.raised',
      'test',
    ]);
    expect(env.doubles.events.ofCase(caseId)).toHaveLength(1);
  });

  it('runStep gives up after a bounded number of lost races', async () => {
    const { caseId } = await caseOf('public_notice');
    const { runStep } = tasks.task;
    let reads = 0;
    const run = runStep(caseId, async (stored) => {
      reads++;
      await saveCase(
        stored,
        touchCase(stored.case, { actor: 'someone', at: new Date().toISOString(), note: 'busy' }),
        { audit: { actor: 'someone', action: 'busy' } },
      );
      const next = touchCase(stored.case, {
        actor: WORKFLOW_ACTOR,
        at: new Date().toISOString(),
        note: 'never',
      });
      return { kind: 'write', write: { next, audit: { action: 'never' }, events: [] }, result: { value: 0 } };
    });
    await expect(run).rejects.toMatchObject({ status: 409 });
    expect(reads).toBe(9);
    expect((await getCase(caseId))?.case.timeline.some((t) => t.note === 'never')).toBe(false);
  });
});
