/** The fund's items in the single table; see docs/fund.md and docs/data-model.md. */
export const fundKeys = {
  balance: (district: string) => ({ PK: `FUND#${district}`, SK: 'BALANCE' }),
  entry: (district: string, at: string, entryId: string) => ({
    PK: `FUND#${district}`,
    SK: `ENTRY#${at}#${entryId}`,
  }),
  /** makes an entry id unique across time: the entry key contains `at`, which a retry would change */
  guard: (entryId: string) => ({ PK: `LEDGER_ENTRY#${entryId}`, SK: 'ENTRY' }),
  quota: (district: string) => ({ PK: `FUND#${district}`, SK: 'QUOTA' }),
  reserve: (district: string, caseId: string) => ({ PK: `FUND#${district}`, SK: `RESERVE#${caseId}` }),
  /** the quota a case's reclamation produced (wave 2: accrued once, at its acceptance) */
  quotaAccrual: (district: string, caseId: string) => ({ PK: `FUND#${district}`, SK: `QUOTAACC#${caseId}` }),
  /** issue 16: a four-eyes approval of a replenishment or a reversal (GET /fund/approvals) */
  approval: (district: string, approvalId: string) => ({
    PK: `FUND#${district}`,
    SK: `APPROVAL#${approvalId}`,
  }),
  /** issue 16: at most one pending proposal per entry it would write (its id is in the item) */
  pendingFor: (district: string, entryId: string) => ({ PK: `FUND#${district}`, SK: `PENDING#${entryId}` }),
  /** the last outcome sent to a waiting workflow step, so a retried call can deliver it again */
  resume: (caseId: string, step: string) => ({ PK: `CASE#${caseId}`, SK: `FUND_RESUME#${step}` }),
};
