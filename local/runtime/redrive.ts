import { allCases } from '../../shared/adapters/table/caseRepository.js';
import { OPEN_STATUSES } from '../../shared/domain/lifecycle/transitions.js';
import { DISTRICT_CODES } from '../../shared/domain/model/common.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import type { LocalStepFunctions } from './stepFunctions.js';

/**
 * On start, every case the workflow was still carrying is re-driven from its last durable point, its
 * status: a new execution resumes there (the state machine's ResumeFrom choice). Every task is
 * idempotent and every human step consumes its token in a conditional write, so a re-drive never pays,
 * notifies or records twice. Only open cases are read (issue 17): one key-condition Query per (district,
 * open status) on ByDistrict, whose sort key begins with the status, so start-up reads O(open cases),
 * never the closed ones that pile up over the years.
 */
// every open status but `failed`, which waits for a person (its cause is on the case)
const REDRIVEN: readonly CaseStatus[] = OPEN_STATUSES.filter((x) => x !== 'failed');

export async function redriveOpenCases(
  sfn: LocalStepFunctions,
  stateMachineArn: string,
  startedAt: string,
): Promise<string[]> {
  const stamp = startedAt.replace(/\D/g, '').slice(0, 14);
  // every open case is read before any is started: a re-driven case moves on at once (submitted →
  // eligibility → village review …), and a later status's Query would find it again (and its execution
  // name would already exist)
  const open = new Map<string, CaseStatus>();
  for (const districtCode of DISTRICT_CODES) {
    for (const status of REDRIVEN) {
      for (const c of await allCases({ index: 'ByDistrict', districtCode, status })) {
        // the index is a projection: the item read is the case, and its status is what decides
        if (c.status === status && !open.has(c.caseId)) open.set(c.caseId, c.status);
      }
    }
  }
  const redriven: string[] = [];
  for (const [caseId, status] of open) {
    await sfn.startExecution(
      stateMachineArn,
      `${caseId}-redrive-${stamp}`,
      JSON.stringify({ caseId, resumeFrom: status }),
    );
    redriven.push(caseId);
  }
  return redriven;
}
