/**
 * Hand-built cases for the quarterly report: a case is a list of (status, time) steps; everything else
 * a step does not decide gets a valid default, checked by the model's schema.
 */
import type { Agreement, Case, CaseStatus, Offer } from '../../shared/domain/index.js';
import { caseSchema } from '../../shared/domain/index.js';

export type Step = readonly [CaseStatus, string];

export interface CaseSpec {
  caseId: string;
  type?: Case['type'];
  householdId?: string;
  districtCode?: Case['districtCode'];
  parcelIds?: string[];
  plotIds?: string[];
  steps: readonly Step[];
  /** overrides the status of the last step (a case whose status the timeline does not show) */
  status?: CaseStatus;
  extra?: Partial<Case>;
}

export function makeCase(spec: CaseSpec): Case {
  const type = spec.type ?? 'homestead_exit';
  const householdId = spec.householdId ?? `H-${spec.caseId}`;
  const districtCode = spec.districtCode ?? '370302';
  const consents = [{ memberId: 'm1', consented: true, signedAt: '2023-01-01T00:00:00Z' }];
  const declarations = { voluntary: true };
  const application =
    type === 'homestead_exit'
      ? { type, householdId, parcelIds: spec.parcelIds ?? ['P1'], consents, declarations }
      : {
          type,
          householdId,
          scope: spec.plotIds ? 'partial' : 'all',
          term: 'current_term',
          ...(spec.plotIds ? { plotIds: spec.plotIds } : {}),
          consents,
          declarations,
        };
  const first = spec.steps[0];
  const last = spec.steps.at(-1);
  if (!first || !last) throw new Error('fixture: a case needs at least one step');
  return caseSchema.parse({
    caseId: spec.caseId,
    type,
    householdId,
    village: `${districtCode}101201`,
    districtCode,
    application,
    status: spec.status ?? last[0],
    version: spec.steps.length,
    createdAt: first[1],
    updatedAt: last[1],
    timeline: spec.steps.map(([status, at]) => ({ at, status, actor: 'fixture', note: '' })),
    ...spec.extra,
  });
}

export function agreement(
  caseId: string,
  signedAt: string,
  surrendered: Agreement['surrendered'],
  option: Agreement['option'] = 'cash',
): Agreement {
  return {
    agreementId: `A-${caseId}`,
    caseId,
    option,
    amountFen: 100,
    payableFen: 100,
    rewardIncluded: false,
    signedAt,
    surrendered,
    parametersVersion: 'v1',
    documentKey: `agreements/${caseId}.pdf`,
  };
}

/** A minimal offer whose lines are the given ones (for cases whose amounts do not matter). */
export function offerWithLines(lines: Offer['lines'], option: Offer['option'] = 'cash'): Offer {
  return {
    option,
    amountFen: 0,
    amountWithoutRewardFen: 0,
    breakdown: { landFen: 0, buildingFen: 0, attachmentsFen: 0, premiumFen: 0, rewardFen: 0 },
    lines,
  };
}
