import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { putHousehold, putVillage } from '../../shared/adapters/table/registryRepository.js';
import { claimTargets, holdExactly, readClaims } from '../../shared/cases/landClaims.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import type { Application, HomesteadApplication } from '../../shared/domain/model/application.js';
import type { DomainEvent } from '../../shared/domain/model/event.js';
import { type Household, type HouseholdInput, householdSchema } from '../../shared/domain/model/household.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { type Village, villageSchema } from '../../shared/domain/model/village.js';
import type { TaskEvent } from '../../shared/workflow/contract.js';
import { lambdaContext, useApiEnvironment } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import {
  applicationBody,
  type Doubles,
  householdRecord,
  installDoubles,
  OWN_DISTRICT,
  OWN_VILLAGE,
  type SeedCaseOptions,
  seedCase,
  seedRegistry,
} from '../support/seed.js';

/**
 * The environment of the workflow task tests: DynamoDB Local with the real table, the registry and
 * the illustrative policy parameters of every district, and recording doubles for the workflow and
 * event ports. The doubles stand in for Step Functions and EventBridge because neither runs here (the
 * local runtime that executes the state machine arrives later): what a task owes them is a call
 * (resume a token, publish an event), which the doubles record so the tests can count the calls.
 */
export const BLOCKING_VILLAGE = '370302101299';

/** A village whose adopted exit terms (村规民约) demand the contract land of every exiting household. */
export const blockingVillage: Village = villageSchema.parse({
  villageCode: BLOCKING_VILLAGE,
  name: '南岭村',
  townName: '西河镇',
  districtCode: OWN_DISTRICT,
  tier: 2,
  exitConditions: [{ right: 'contract_land', text: '退出宅基地的农户须同时交回承包地' }],
});

export interface WorkflowEnvironment {
  doubles: Doubles;
}

export function useWorkflowEnvironment(): WorkflowEnvironment {
  useApiEnvironment();
  const env = {} as WorkflowEnvironment;
  beforeAll(async () => {
    await seedRegistry();
    const at = '2025-01-01T00:00:00.000Z';
    await putVillage(blockingVillage, 'seed', at);
  });
  beforeEach(() => {
    env.doubles = installDoubles();
  });
  return env;
}

/**
 * The task modules, imported once the environment is in place (Powertools reads it on first import):
 * each step is its command module (shared/cases/commands/steps: the function under the task's name, its
 * notes and events) with the Lambda `handler` of functions/workflow; `task` is the runStep module.
 */
export async function loadTasks() {
  const [assess, register, escalate, start, close, cooling, fund, reserve, closeCase, failure, task] =
    await Promise.all([
      step(
        import('../../shared/cases/commands/steps/assessCase.js'),
        import('../../functions/workflow/assessCase.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/registerTask.js'),
        import('../../functions/workflow/registerTask.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/escalate.js'),
        import('../../functions/workflow/escalate.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/startNotice.js'),
        import('../../functions/workflow/startNotice.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/closeNotice.js'),
        import('../../functions/workflow/closeNotice.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/startCoolingOff.js'),
        import('../../functions/workflow/startCoolingOff.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/openFundReview.js'),
        import('../../functions/workflow/openFundReview.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/reserveParcel.js'),
        import('../../functions/workflow/reserveParcel.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/closeCase.js'),
        import('../../functions/workflow/closeCase.js'),
      ),
      step(
        import('../../shared/cases/commands/steps/recordFailure.js'),
        import('../../functions/workflow/recordFailure.js'),
      ),
      import('../../shared/cases/commands/steps/runStep.js'),
    ]);
  return { assess, register, escalate, start, close, cooling, fund, reserve, closeCase, failure, task };
}

async function step<C, F>(command: Promise<C>, lambda: Promise<{ handler: F }>) {
  const [c, { handler }] = await Promise.all([command, lambda]);
  return { ...c, handler };
}

type TaskHandler<R> = (event: never, context: ReturnType<typeof lambdaContext>) => Promise<R>;

/** Invokes a task's exported Lambda handler as Step Functions does: the payload and a Lambda context. */
export function invokeTask<R>(handler: TaskHandler<R>, event: Partial<TaskEvent> | unknown): Promise<R> {
  return handler(event as never, lambdaContext('workflow-task-test'));
}

/** What a re-run must leave unchanged: the stored case item (task token included) and its audit trail. */
export async function snapshot(caseId: string) {
  const stored = await getCase(caseId);
  const audit = await caseAuditTrail(caseId);
  return { stored, auditCount: audit.length };
}

/** The distinct events of a case (a re-run may re-send an event with the same id; consumers keep one). */
export function distinctEvents(published: readonly DomainEvent[], caseId: string): DomainEvent[] {
  const seen = new Map<string, DomainEvent>();
  for (const e of published) if (e.caseId === caseId && !seen.has(e.eventId)) seen.set(e.eventId, e);
  return [...seen.values()];
}

/** Every item of the table under a partition key (inbox checks). */
export async function itemsUnder(pk: string): Promise<Record<string, unknown>[]> {
  const out = await documentClient().send(
    new ScanCommand({
      TableName: requireConfig('TABLE_NAME'),
      FilterExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return out.Items ?? [];
}

/**
 * A household of its own for one test, registered under a fresh id: cases of the same household see
 * each other (H-NO-DUPLICATE), so tests that share one would depend on each other's leftovers.
 */
export async function newHousehold(
  overrides: Partial<HouseholdInput> = {},
  villageCode: string = OWN_VILLAGE,
): Promise<Household> {
  const householdId = `H-T-${randomBytes(4).toString('hex')}`;
  const household = householdSchema.parse({ ...householdRecord(householdId, villageCode), ...overrides });
  await putHousehold(household, 'seed', new Date().toISOString());
  return household;
}

/** The seed's homestead application (parcel P1, both adults consenting) for another household. */
export function homesteadApplication(householdId: string): HomesteadApplication {
  return {
    type: 'homestead_exit',
    householdId,
    parcelIds: ['P1'],
    consents: ['m1', 'm2'].map((memberId) => ({
      memberId,
      consented: true as const,
      signedAt: '2025-06-01T09:00:00+08:00',
    })),
    declarations: { voluntary: true },
  };
}

/** A case in `status` of a fresh household (or the one given), stored as the application stores it. */
export async function caseOf(
  status: CaseStatus,
  opts: { household?: Household; villageCode?: string } & Omit<SeedCaseOptions, 'status' | 'household'> = {},
) {
  const villageCode = opts.villageCode ?? OWN_VILLAGE;
  const household = opts.household ?? (await newHousehold({}, villageCode));
  const { household: _h, villageCode: _v, ...rest } = opts;
  return seedCase({
    // each case has a household of its own here, so the status-held land of cases stored before claims
    // is what the duplicate tests meet unless a test says otherwise (`patch: { landClaims: [] }`)
    legacyClaims: true,
    ...rest,
    status,
    patch: {
      householdId: household.householdId,
      village: villageCode,
      // the seed's application of the case's type, for this household
      application:
        rest.type && rest.type !== 'homestead_exit'
          ? (applicationBody(household.householdId, rest.type) as Application)
          : homesteadApplication(household.householdId),
      ...rest.patch,
    },
  });
}

/** Who holds each claim of the household, as `kind:id → caseId`. */
export async function holders(h: Household): Promise<Record<string, string>> {
  const claims = await readClaims(h.householdId);
  return Object.fromEntries(claims.map((c) => [`${c.kind}:${c.id}`, c.caseId]));
}

/** A case in `status` that holds its land as the assessment would have left it (claims written). */
export async function holding(status: CaseStatus, h: Household, opts: Parameters<typeof caseOf>[1] = {}) {
  const seeded = await caseOf(status, { household: h, ...opts });
  const stored = await getCase(seeded.caseId);
  if (!stored) throw new Error('no case');
  const at = new Date().toISOString();
  const change = holdExactly(stored.case, claimTargets(stored.case.application, h), at);
  await saveCase(
    stored,
    touchCase(stored.case, {
      actor: 'seed',
      at,
      note: 'holds its land',
      patch: { landClaims: change.landClaims },
    }),
    { audit: { actor: 'seed', action: 'claims.seeded' }, extra: change.extra },
  );
  return seeded;
}
