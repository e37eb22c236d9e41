import type { Role } from '../auth/principal.js';
import type { DocumentKind } from '../contract/documents.js';
import { WITHDRAWABLE_STATUSES } from '../domain/lifecycle/transitions.js';
import type { CaseStatus } from '../domain/model/status.js';

/**
 * Who may add which evidence to a case, when. The household adds its documents while the case is still
 * open to it (up to signing). The land leg's evidence (wave 2) comes from the staff who record the
 * milestone it proves: the village's photo of the vacated land and its handover record, the land
 * officer's reclamation acceptance certificate — each only while that milestone is pending.
 */
const LAND_LEG_EVIDENCE: Partial<Record<CaseStatus, { role: Role; kinds: readonly DocumentKind[] }>> = {
  vacating: { role: 'village_reviewer', kinds: ['photo'] },
  handing_over: { role: 'village_reviewer', kinds: ['handover_record', 'photo'] },
  disposing: { role: 'land_officer', kinds: ['acceptance_certificate', 'photo'] },
};

/** Whether `role` may add a document of `kind` to a case in `status`. */
export function mayAddDocument(role: Role, status: CaseStatus, kind: DocumentKind): boolean {
  if (role === 'applicant') {
    return (
      WITHDRAWABLE_STATUSES.includes(status) && !['ineligible', 'rights_blocked', 'rejected'].includes(status)
    );
  }
  const rule = LAND_LEG_EVIDENCE[status];
  return rule !== undefined && rule.role === role && rule.kinds.includes(kind);
}
