import type { Application } from '../../domain/model/application.js';
import type { Case } from '../../domain/model/case.js';
import type { Village } from '../../domain/model/village.js';
import { caseEvent } from '../moveCase.js';
import type { CaseChange } from './caseChange.js';

/** POST /cases: a draft application of a household, in the village and district the registry puts it. */
export function createChange(
  caseId: string,
  application: Application,
  village: Pick<Village, 'villageCode' | 'districtCode'>,
  actor: string,
  now: string,
): CaseChange {
  const c: Case = {
    caseId,
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
    events: [caseEvent('CaseCreated', c, actor, undefined, { type: c.type })],
  };
}
