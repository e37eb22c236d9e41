/** Sort-key prefix of the land-claim items in a household's partition. */
export const LAND_CLAIM_PREFIX = 'CLAIM#';

/** Key builders for the single table; every access pattern is listed in docs/data-model.md. */
export const keys = {
  village: (villageCode: string) => ({ PK: `VILLAGE#${villageCode}`, SK: 'VILLAGE' }),
  household: (householdId: string) => ({ PK: `HOUSEHOLD#${householdId}`, SK: 'HOUSEHOLD' }),
  case: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: 'CASE' }),
  document: (caseId: string, documentId: string) => ({ PK: `CASE#${caseId}`, SK: `DOC#${documentId}` }),
  /** an uploaded registry import file (issue 19; shared/registryImport/documentRecord.ts): no case of its own */
  registryDocument: (documentId: string) => ({ PK: `REGDOC#${documentId}`, SK: 'REGDOC' }),
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
  /**
   * The one case that holds a parcel or plot (H-NO-DUPLICATE / C-NO-DUPLICATE, races included): taken
   * on the way to village review, given back on withdrawal or a rejection before signing, kept for good
   * once the agreement is signed (shared/cases/landClaims.ts). Beside the household record, so one
   * Query (`begins_with(SK, CLAIM#)`) reads all of a household's claims.
   */
  /**
   * A collective's payment of one tranche (wave 2): one item per (agreement, tranche), ever, written with
   * the case (`attribute_not_exists`), so no tranche is recorded as paid twice. In the case's partition.
   */
  collectivePayment: (caseId: string, agreementId: string, tranche: number) => ({
    PK: `CASE#${caseId}`,
    SK: `COLPAY#${agreementId}#T${tranche}`,
  }),
  /**
   * The shares a collective has bought back in one calendar year (by the Zibo date), against its cap
   * (防范大规模赎回): every equity approval adds to it conditionally in its own transaction.
   */
  redemption: (villageCode: string, year: number) => ({
    PK: `VILLAGE#${villageCode}`,
    SK: `REDEMPTION#${year}`,
  }),
  landClaim: (householdId: string, kind: 'parcel' | 'plot', id: string) => ({
    PK: `HOUSEHOLD#${householdId}`,
    SK: `${LAND_CLAIM_PREFIX}${kind}#${id}`,
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
    // a town (乡镇) is the first nine digits of its villages' codes (shared/auth/town.ts townOfVillage)
    GSI5PK: `TOWN#${c.village.slice(0, 9)}`,
    GSI5SK: `${c.status}#${c.updatedAt}#${c.caseId}`,
  };
}
