import type { DistrictCode } from '../model/common.js';
import type { PolicyParameters } from '../model/policy.js';

export class NoParametersInForceError extends Error {
  constructor(
    readonly districtCode: string,
    readonly onDate: string,
  ) {
    super(`no policy parameters in force for district ${districtCode} on ${onDate}`);
    this.name = 'NoParametersInForceError';
  }
}

/**
 * The version in force for a district on a date (YYYY-MM-DD): the latest effectiveFrom not after the
 * date. Two versions with the same effectiveFrom are ambiguous and refused rather than picked at random.
 */
export function parametersInForce(
  versions: readonly PolicyParameters[],
  districtCode: DistrictCode,
  onDate: string,
): PolicyParameters {
  const day = onDate.slice(0, 10);
  const candidates = versions
    .filter((v) => v.districtCode === districtCode && v.effectiveFrom <= day)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0));
  const [latest, next] = candidates;
  if (!latest) throw new NoParametersInForceError(districtCode, day);
  if (next && next.effectiveFrom === latest.effectiveFrom) {
    throw new Error(
      `ambiguous policy parameters for ${districtCode}: ${latest.version} and ${next.version} both start ${latest.effectiveFrom}`,
    );
  }
  return latest;
}
