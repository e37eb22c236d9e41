import { isConditionFailure, transact } from '../adapters/table/dynamo.js';
import { listStoredVersions } from '../adapters/table/policyRepository.js';
import { authorizeResource } from '../auth/authorization.js';
import type { Principal } from '../auth/principal.js';
import { chinaDate } from '../domain/chinaDate.js';
import type { DistrictCode } from '../domain/model/common.js';
import { type PolicyParameters, policyParametersSchema } from '../domain/model/policy.js';
import { checkProposedParameters } from '../domain/policy/proposedParameters.js';
import { proposalConflict } from '../domain/review/separationOfDuties.js';
import {
  AlreadyDecided,
  AlreadyExists,
  Forbidden,
  NotFound,
  RuleRefused,
  ValidationFailed,
} from '../errors/appError.js';
import {
  approvalItems,
  districtOfVersion,
  getProposal,
  newVersionId,
  type ParameterProposal,
  proposalItems,
} from './proposals.js';

/**
 * The two commands of a parameter change (issue 19): a district approver proposes a whole new version
 * with a future effective date; another district approver of the same district approves it, which
 * writes the version (scheduled until its day comes). A version in force is never edited; cases keep the
 * version they were priced with.
 */
const DISTRICT_APPROVER = { zh: '区级审批人', en: 'district approver' };

export interface ProposeInput {
  district: DistrictCode;
  effectiveFrom: string;
  parameters: unknown;
  reason: string;
}

/** The version a proposal becomes on approval. */
export function versionOf(p: ParameterProposal): PolicyParameters {
  return policyParametersSchema.parse({
    ...p.parameters,
    version: p.versionId,
    districtCode: p.districtCode,
    effectiveFrom: p.effectiveFrom,
  });
}

export async function proposeParameters(
  input: ProposeInput,
  principal: Principal,
  now: string,
): Promise<ParameterProposal> {
  authorizeResource('proposePolicyParameters', principal, { districtCode: input.district });
  const today = chinaDate(now);
  const errors = [];
  if (input.effectiveFrom <= today)
    errors.push({
      path: 'body.effectiveFrom',
      message: `must be after today (${today}, Zibo): a version takes effect on a day still to come`,
      messageZh: `须晚于今天（${today}，北京时间）：新版本只能自以后的日期起施行`,
    });
  const checked = checkProposedParameters(input.parameters);
  if (!checked.ok)
    errors.push(
      ...checked.errors.map((e) => ({
        ...e,
        path: e.path ? `body.parameters.${e.path}` : 'body.parameters',
      })),
    );
  if (errors.length > 0 || !checked.ok)
    throw new ValidationFailed(
      { zh: '参数调整方案有误，请按提示修改。', en: 'the proposed parameters are not valid' },
      errors,
    );
  const proposal: ParameterProposal = {
    versionId: newVersionId(input.district, input.effectiveFrom),
    districtCode: input.district,
    effectiveFrom: input.effectiveFrom,
    status: 'proposed',
    parameters: checked.value as unknown as Record<string, unknown>,
    reason: input.reason,
    proposedBy: principal.sub,
    proposedAt: now,
  };
  await transact(proposalItems(proposal));
  return proposal;
}

export async function approveParameters(
  versionId: string,
  principal: Principal,
  now: string,
): Promise<ParameterProposal> {
  // the district is in the id: someone of another district is refused before anything is read
  authorizeResource('approvePolicyParameters', principal, { districtCode: districtOfVersion(versionId) });
  const p = await getProposal(versionId);
  if (!p) throw new NotFound(`no proposal ${versionId}`);
  const conflict = proposalConflict(p.proposedBy, principal, DISTRICT_APPROVER);
  if (conflict)
    throw new Forbidden(
      { zh: conflict.zh, en: conflict.en },
      { conflict: conflict.kind, proposalConflict: true },
    );
  if (p.status === 'scheduled') {
    // the same approver again (a retry after a lost answer) gets the same answer
    if (p.approvedBy === principal.sub) return p;
    throw approvedByAnother(versionId);
  }
  const today = chinaDate(now);
  if (p.effectiveFrom <= today)
    throw new RuleRefused({
      zh: `该方案的施行日（${p.effectiveFrom}）已到，不能再批准；请以以后的日期重新提出。`,
      en: `the day this proposal would take effect (${p.effectiveFrom}) has come; propose it again with a later date`,
    });
  const sameDay = (await listStoredVersions(p.districtCode)).find(
    (v) => v.version.effectiveFrom === p.effectiveFrom,
  );
  if (sameDay) throw sameDayTaken(p.effectiveFrom, sameDay.version.version);
  try {
    await transact(approvalItems(p, versionOf(p), principal.sub, now));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const again = await getProposal(versionId);
    if (again?.status === 'scheduled' && again.approvedBy === principal.sub) return again;
    if (again?.status === 'scheduled') throw approvedByAnother(versionId);
    throw sameDayTaken(p.effectiveFrom);
  }
  return { ...p, status: 'scheduled', approvedBy: principal.sub, approvedAt: now };
}

function approvedByAnother(versionId: string): AlreadyDecided {
  return new AlreadyDecided({
    zh: '该参数版本已由他人批准。',
    en: `version ${versionId} was already approved by someone else`,
  });
}

/** Another version takes effect on that day (named when it was read; a lost race does not know which). */
function sameDayTaken(effectiveFrom: string, version?: string): AlreadyExists {
  return new AlreadyExists({
    zh: `本区已有自 ${effectiveFrom} 起施行的参数版本${version ? `（${version}）` : ''}。`,
    en: `${version ? `version ${version}` : 'another version'} already takes effect on ${effectiveFrom}`,
  });
}
