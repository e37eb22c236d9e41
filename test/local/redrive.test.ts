import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { redriveOpenCases } from '../../local/runtime/redrive.js';
import type { LocalStepFunctions } from '../../local/runtime/stepFunctions.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { caseItem } from '../../shared/adapters/table/caseRepository.js';
import { OPEN_STATUSES, TERMINAL_STATUSES } from '../../shared/domain/lifecycle/transitions.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { DistrictCode } from '../../shared/domain/model/common.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { freshTable, fundReviewCase } from '../fund/harness.js';
import { useApiEnvironment } from '../support/api.js';
import { dynamoCommandsDuring } from '../support/dynamoRequests.js';

/**
 * Issue 17: the re-drive at start-up reads only open cases — one key-condition Query per (district,
 * open status) on ByDistrict — so what it reads follows the open cases, never the closed ones. Against
 * DynamoDB Local with a recording Step Functions double (only `startExecution` is called).
 */
const env = useApiEnvironment();

beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
});

function aCase(n: number, district: DistrictCode, status: CaseStatus): Case {
  const c = fundReviewCase({ caseId: `C-RD-${String(n).padStart(4, '0')}`, amountFen: 1_000, district });
  return { ...c, village: `${district}101201`, status };
}

async function putAll(cases: Case[]): Promise<void> {
  for (let i = 0; i < cases.length; i += 25) {
    await documentClient().send(
      new BatchWriteCommand({
        RequestItems: {
          [requireConfig('TABLE_NAME')]: cases
            .slice(i, i + 25)
            .map((c) => ({ PutRequest: { Item: caseItem(c, undefined) } })),
        },
      }),
    );
  }
}

/** Query requests and the items they returned while `run` runs. */
async function readsOf(run: () => Promise<unknown>): Promise<{ queries: number; items: number }> {
  const queries = (await dynamoCommandsDuring(run)).sent.filter((c) => c.command === 'QueryCommand');
  return { queries: queries.length, items: queries.reduce((n, c) => n + c.items, 0) };
}

function recordingSfn() {
  const started: { name: string; input: { caseId: string; resumeFrom: string } }[] = [];
  const sfn = {
    async startExecution(_arn: string, name: string, input: string) {
      started.push({ name, input: JSON.parse(input) });
      return { executionArn: `arn:${name}` };
    },
  } as unknown as LocalStepFunctions;
  return { sfn, started };
}

describe('re-drive at start-up', () => {
  it('starts every open case but failed ones again, and reads no closed case', async () => {
    const open: CaseStatus[] = OPEN_STATUSES.filter((s) => s !== 'failed');
    const closed: CaseStatus[] = [...TERMINAL_STATUSES, 'draft'];
    const cases: Case[] = [];
    let n = 0;
    for (const district of ['370302', '370303'] as DistrictCode[]) {
      for (const s of open) cases.push(aCase(n++, district, s));
      cases.push(aCase(n++, district, 'failed'));
      // many closed cases: the years' worth a re-drive must not read
      for (let i = 0; i < 40; i += 1)
        cases.push(aCase(n++, district, closed[i % closed.length] as CaseStatus));
    }
    await putAll(cases);
    const { sfn, started } = recordingSfn();
    const reads = await readsOf(() => redriveOpenCases(sfn, 'arn:sm', '2026-12-06T14:00:00.000Z'));
    const expected = cases.filter((c) => open.includes(c.status));
    expect(started.map((s) => s.input.caseId).sort()).toEqual(expected.map((c) => c.caseId).sort());
    for (const s of started) {
      expect(s.input.resumeFrom).toBe(cases.find((c) => c.caseId === s.input.caseId)?.status);
      expect(s.name).toBe(`${s.input.caseId}-redrive-20261206140000`);
    }
    // every item read is a case it starts again
    expect(reads.items).toBe(expected.length);
  });

  it('starts a case once even when it moves on to a later open status while the re-drive still reads', async () => {
    // as the workflow does: a re-driven submitted case is at village review a moment later (seen in
    // bench:scale: the second start of the same execution name was refused and the start-up failed)
    const moving = aCase(1, '370302', 'submitted');
    const waiting = aCase(2, '370302', 'district_approval');
    await putAll([moving, waiting]);
    const started: string[] = [];
    const sfn = {
      async startExecution(_arn: string, name: string, input: string) {
        if (started.includes(name)) throw new Error(`Execution Already Exists: ${name}`);
        started.push(name);
        const { caseId } = JSON.parse(input) as { caseId: string };
        if (caseId === moving.caseId)
          await putAll([{ ...moving, status: 'village_review', version: moving.version + 1 }]);
        return { executionArn: `arn:${name}` };
      },
    } as unknown as LocalStepFunctions;
    const redriven = await redriveOpenCases(sfn, 'arn:sm', '2026-12-06T14:00:00.000Z');
    expect(redriven.sort()).toEqual([moving.caseId, waiting.caseId].sort());
    expect(started).toHaveLength(2);
  });

  it('reads the same whatever the number of closed cases', async () => {
    const cost = async (closedCount: number) => {
      await freshTable(env.services.dynamo.endpoint);
      const cases = [aCase(1, '370302', 'village_review'), aCase(2, '370302', 'town_review')];
      for (let i = 0; i < closedCount; i += 1) cases.push(aCase(100 + i, '370302', 'closed'));
      await putAll(cases);
      return readsOf(() => redriveOpenCases(recordingSfn().sfn, 'arn:sm', '2026-12-06T14:00:00.000Z'));
    };
    expect(await cost(300)).toEqual(await cost(0));
  });
});
