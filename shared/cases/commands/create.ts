import { caseNumberPointerPut } from '../../adapters/table/caseNumbers.js';
import type { Application } from '../../domain/model/application.js';
import type { Case } from '../../domain/model/case.js';
import type { CaseNames } from '../../domain/model/caseNames.js';
import type { Village } from '../../domain/model/village.js';
import { caseEvent } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';

/**
 * What a filing is known by besides its id (issue 18): the case number allocated for it
 * (shared/adapters/table/caseNumbers.ts) and the names of the registry at filing.
 */
export interface Filing {
  caseNumber?: string;
  names?: CaseNames;
}

/**
 * POST /cases: a draft application of a household, in the village and district the registry puts it.
 * With a case number, its pointer item (number → case) is written in the same transaction, only where
 * none exists: a number names one case.
 */
export function createChange(
  caseId: string,
  application: Application,
  village: Pick<Village, 'villageCode' | 'districtCode'>,
  actor: string,
  now: string,
  filing: Filing = {},
): CaseChange {
  const c: Case = {
    caseId,
    ...(filing.caseNumber ? { caseNumber: filing.caseNumber } : {}),
    ...(filing.names ? { names: filing.names } : {}),
    type: application.type,
    householdId: application.householdId,
    village: village.villageCode,
    districtCode: village.districtCode,
    application,
    status: 'draft',
    version: 0,
    createdAt: now,
    updatedAt: now,
    findings: [],
    reviews: [],
    objections: [],
    offers: [],
    timeline: [{ at: now, status: 'draft', actor, note: '申请已创建 / application created' }],
    appeals: [],
  };
  return {
    read: undefined,
    next: c,
    token: 'keep',
    audit: { actor, action: 'case.created' },
    ...(filing.caseNumber ? { extra: [caseNumberPointerPut(filing.caseNumber, caseId)] } : {}),
    events: [caseEvent('CaseCreated', c, actor, undefined, { type: c.type })],
  };
}
