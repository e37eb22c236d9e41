import { listStoredVersions } from '../adapters/table/policyRepository.js';
import { chinaDate } from '../domain/chinaDate.js';
import { sampleCashOfferFen } from '../domain/policy/sampleHousehold.js';
import { listProposals } from './proposals.js';

/**
 * Every parameter version of a district, newest effective day first, with who proposed and who
 * approved it (seeded versions have neither), its standing on the Zibo day `at`, and what the sample
 * household's cash offer would be under it: what an approver compares before approving (issue 19).
 */
export type VersionStanding = 'proposed' | 'scheduled' | 'in_force' | 'superseded';

export interface VersionHistoryItem {
  versionId: string;
  districtCode: string;
  effectiveFrom: string;
  status: VersionStanding;
  seeded: boolean;
  reason?: string;
  proposedBy?: string;
  proposedAt?: string;
  approvedBy?: string;
  approvedAt?: string;
  parameters: Record<string, unknown>;
  sampleCashOfferFen: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function parameterHistory(district: string, now: string): Promise<VersionHistoryItem[]> {
  const today = chinaDate(now);
  const [versions, proposals] = await Promise.all([listStoredVersions(district), listProposals(district)]);
  const inForce = versions
    .filter((v) => v.version.effectiveFrom <= today)
    .sort((a, b) => (a.version.effectiveFrom < b.version.effectiveFrom ? 1 : -1))[0]?.version.version;
  const approved: VersionHistoryItem[] = versions.map(({ version, meta }) => {
    const { version: versionId, districtCode, effectiveFrom, ...parameters } = version;
    const proposedBy = str(meta.proposedBy);
    return {
      versionId,
      districtCode,
      effectiveFrom,
      status: effectiveFrom > today ? 'scheduled' : versionId === inForce ? 'in_force' : 'superseded',
      seeded: proposedBy === undefined,
      ...(str(meta.reason) ? { reason: str(meta.reason) } : {}),
      ...(proposedBy ? { proposedBy } : {}),
      ...(str(meta.proposedAt) ? { proposedAt: str(meta.proposedAt) } : {}),
      ...(str(meta.approvedBy) ? { approvedBy: str(meta.approvedBy) } : {}),
      ...(str(meta.approvedAt) ? { approvedAt: str(meta.approvedAt) } : {}),
      parameters,
      // every sample priced at the same instant (now), so that versions compare on their rates alone:
      // a building's newness depends on the year it is priced in
      sampleCashOfferFen: sampleCashOfferFen(parameters, now),
    };
  });
  const pending: VersionHistoryItem[] = proposals
    .filter((p) => p.status === 'proposed')
    .map((p) => ({
      versionId: p.versionId,
      districtCode: p.districtCode,
      effectiveFrom: p.effectiveFrom,
      status: 'proposed',
      seeded: false,
      reason: p.reason,
      proposedBy: p.proposedBy,
      proposedAt: p.proposedAt,
      parameters: p.parameters,
      sampleCashOfferFen: sampleCashOfferFen(
        p.parameters as unknown as Parameters<typeof sampleCashOfferFen>[0],
        now,
      ),
    }));
  return [...pending, ...approved].sort((a, b) =>
    a.effectiveFrom === b.effectiveFrom ? 0 : a.effectiveFrom < b.effectiveFrom ? 1 : -1,
  );
}
