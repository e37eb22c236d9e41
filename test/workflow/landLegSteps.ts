import { expect } from 'vitest';
import { newId } from '../../shared/adapters/ids.js';
import { documentKey } from '../../shared/documents/documentModel.js';
import { putDocumentRecord } from '../../shared/documents/documentStore.js';
import type { HumanStep } from '../../shared/workflow/contract.js';
import { invoke, loadRoutes, type TestPrincipal } from '../support/api.js';
import { principals } from '../support/seed.js';
import { invokeTask, loadTasks } from './harness.js';

/**
 * The land leg as the people who record it would (DOMAIN.md wave 2), for tests that take a case past
 * the payment: each step registers its wait (as the state machine would), then its milestone is recorded
 * over the API by its role. The vacating photo is stored as an accepted document of the case.
 */
const { register } = await loadTasks();
const { recordMilestone } = await loadRoutes('recordMilestone');

/** An accepted photo of the case, as the upload's verification leaves it. */
export async function acceptedPhoto(caseId: string): Promise<string> {
  const at = new Date().toISOString();
  const documentId = newId('D', at);
  await putDocumentRecord({
    documentId,
    caseId,
    key: documentKey(caseId, documentId),
    kind: 'photo',
    contentType: 'image/jpeg',
    sizeBytes: 2048,
    status: 'accepted',
    createdAt: at,
    verifiedAt: at,
    uploadedBy: principals.villageClerk.sub,
  });
  return documentId;
}

/** Registers the step's wait, records its milestone, and checks the token was resumed. */
export async function record(
  caseId: string,
  step: HumanStep,
  principal: TestPrincipal,
  body: Record<string, unknown>,
  token = `${step}-${caseId}`,
) {
  await invokeTask(register.handler, { caseId, step, taskToken: token });
  const res = await invoke(recordMilestone, { principal, pathParameters: { caseId }, body });
  expect(res.status, res.text).toBe(200);
  return res;
}

/** A homestead case in `vacating` taken to `closed`: vacated, reclaimed (accepted area), cancelled. */
export async function homesteadLandLeg(caseId: string, acceptedAreaM2 = 200) {
  await record(caseId, 'vacated', principals.villageClerk, {
    kind: 'vacated',
    documentIds: [await acceptedPhoto(caseId)],
  });
  await record(caseId, 'disposed', principals.landOfficer, {
    kind: 'disposed',
    disposition: 'reclaimed',
    acceptanceNo: `FKYS-${caseId}`,
    acceptedAreaM2,
  });
  return record(caseId, 'certificate_cancelled', principals.registrar, {
    kind: 'certificate_cancelled',
    cancellationNo: `ZX-${caseId}`,
  });
}
