import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/adapters/ids.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { documentKey } from '../../shared/documents/documentModel.js';
import { putDocumentRecord } from '../../shared/documents/documentStore.js';
import type { Household } from '../../shared/domain/model/household.js';
import { invoke, loadRoutes, type TestPrincipal } from '../support/api.js';
import { principals } from '../support/seed.js';
import {
  caseOf,
  homesteadApplication,
  invokeTask,
  loadTasks,
  newHousehold,
  useWorkflowEnvironment,
} from './harness.js';

/**
 * 保障资格权 (DOMAIN.md wave 2) against DynamoDB Local with the real handlers: a household surrenders its
 * qualification right only with an accepted housing certificate (submit is 400 naming it before), and the
 * registry reflects the choice after the exit — a surrendered right is gone with the certificate's
 * cancellation, a kept one stays. Pricing and the rights check are tested in test/domain/qualification.test.ts.
 */
useWorkflowEnvironment();
const { register } = await loadTasks();
const { submitCase, recordMilestone } = await loadRoutes('submitCase', 'recordMilestone');

const applicantOf = (h: Household): TestPrincipal => ({
  sub: `applicant-${h.householdId}`,
  groups: ['applicant'],
  householdId: h.householdId,
});

async function housingCertificate(caseId: string, status: 'accepted' | 'pending') {
  const at = new Date().toISOString();
  const documentId = newId('D', at);
  await putDocumentRecord({
    documentId,
    caseId,
    key: documentKey(caseId, documentId),
    kind: 'housing_certificate',
    contentType: 'application/pdf',
    sizeBytes: 2048,
    status,
    createdAt: at,
    ...(status === 'accepted' ? { verifiedAt: at } : {}),
    uploadedBy: 'applicant',
  });
}

describe('the qualification right (资格权)', () => {
  it('a surrender is submitted only with an accepted housing certificate', async () => {
    const h = await newHousehold();
    const { caseId } = await caseOf('draft', {
      household: h,
      patch: { application: { ...homesteadApplication(h.householdId), qualificationRight: 'surrender' } },
    });
    const submit = () => invoke(submitCase, { principal: applicantOf(h), pathParameters: { caseId } });
    const without = await submit();
    expect(without.status, without.text).toBe(400);
    expect(without.json.errors).toEqual([expect.objectContaining({ path: 'documents.housing_certificate' })]);
    await housingCertificate(caseId, 'pending');
    expect((await submit()).status).toBe(400);
    await housingCertificate(caseId, 'accepted');
    const ok = await submit();
    expect(ok.status, ok.text).toBe(202);
    expect((await getCase(caseId))?.case.status).toBe('submitted');
  });

  it('keeping the right needs nothing', async () => {
    const h = await newHousehold();
    const { caseId } = await caseOf('draft', { household: h });
    const ok = await invoke(submitCase, { principal: applicantOf(h), pathParameters: { caseId } });
    expect(ok.status, ok.text).toBe(202);
  });

  it.each([
    ['surrender', false],
    ['keep', true],
  ] as const)(
    'after the certificate is cancelled, a %s leaves the right %s in the registry',
    async (choice, held) => {
      const h = await newHousehold();
      const { caseId } = await caseOf('cancelling', {
        household: h,
        patch: { application: { ...homesteadApplication(h.householdId), qualificationRight: choice } },
      });
      await invokeTask(register.handler, {
        caseId,
        step: 'certificate_cancelled',
        taskToken: `cancel-${caseId}`,
      });
      const res = await invoke(recordMilestone, {
        principal: principals.registrar,
        pathParameters: { caseId },
        body: { kind: 'certificate_cancelled', cancellationNo: `ZX-${caseId}` },
      });
      expect(res.status, res.text).toBe(200);
      const after = await getHousehold(h.householdId);
      expect(after?.rights.homesteadQualification).toBe(held);
      expect(after?.homesteads[0]?.status).toBe('exited');
    },
  );
});
