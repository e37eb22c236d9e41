/** Key builders for the single table; every access pattern is listed in docs/data-model.md. */
export const keys = {
  village: (villageCode: string) => ({ PK: `VILLAGE#${villageCode}`, SK: 'VILLAGE' }),
  household: (householdId: string) => ({ PK: `HOUSEHOLD#${householdId}`, SK: 'HOUSEHOLD' }),
  case: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: 'CASE' }),
  document: (caseId: string, documentId: string) => ({ PK: `CASE#${caseId}`, SK: `DOC#${documentId}` }),
  caseAudit: (caseId: string, at: string, auditId: string) => ({
    PK: `CASE#${caseId}`,
    SK: `AUDIT#${at}#${auditId}`,
  }),
  entityAudit: (entity: string, at: string, auditId: string) => ({
    PK: `AUDIT#${entity}`,
    SK: `${at}#${auditId}`,
  }),
  policy: (districtCode: string, effectiveFrom: string, version: string) => ({
    PK: `POLICY#${districtCode}`,
    SK: `${effectiveFrom}#${version}`,
  }),
  notification: (recipient: string, at: string, id: string) => ({
    PK: `INBOX#${recipient}`,
    SK: `${at}#${id}`,
  }),
  /** claims a parcel or plot for one open case at a time (H-NO-DUPLICATE / C-NO-DUPLICATE under races) */
  landClaim: (householdId: string, kind: 'parcel' | 'plot', id: string) => ({
    PK: `HOUSEHOLD#${householdId}`,
    SK: `CLAIM#${kind}#${id}`,
  }),
};

/** GSI attributes of a case item, derived from the case; written with every case write. */
export function caseIndexKeys(c: {
  caseId: string;
  village: string;
  householdId: string;
  districtCode: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}) {
  return {
    GSI1PK: `VILLAGE#${c.village}`,
    GSI1SK: `${c.status}#${c.updatedAt}#${c.caseId}`,
    GSI2PK: `HOUSEHOLD#${c.householdId}`,
    GSI2SK: `${c.createdAt}#${c.caseId}`,
    GSI3PK: `DISTRICT#${c.districtCode}`,
    GSI3SK: `${c.status}#${c.updatedAt}#${c.caseId}`,
  };
}
