import type { RouteId } from '../../shared/auth/authorization.js';
import type { Deletable, ObjectAccess, TableAccess } from '../constructs/appFunction.js';

export interface RouteSpec {
  method: 'GET' | 'PUT' | 'POST';
  /** the path of API.md (relative to the `api` stage) */
  path: string;
  table: TableAccess;
  /**
   * DeleteItem in these partitions only (appFunction.ts DELETABLE): a decision that ends a case gives
   * back its land claims, the registry moves a certificate number. A POST's idempotency record is added
   * by api.ts.
   */
  deletes?: readonly Deletable[];
  /** publishes domain events */
  events?: boolean;
  /** start: StartExecution; respond: SendTaskSuccess/Failure (decides a human step) */
  workflow?: readonly ('start' | 'respond')[];
  documents?: ObjectAccess;
  /** renders a PDF: the documents' font layer (DOCUMENT_FONT) */
  documentFont?: true;
}

/**
 * Every route of API.md with exactly what its handler (functions/api/<routeId>.ts) may touch. The type
 * makes a RouteId without a row a compile error; test/infra/api.test.ts checks each row against the
 * `route` the handler itself exports. POST routes that accept Idempotency-Key write their record into
 * the table, hence readWrite; DeleteItem is granted only for `deletes` (and a POST's own idempotency
 * record), never on the whole table.
 */
export const ROUTES: Record<RouteId, RouteSpec> = {
  putVillage: { method: 'PUT', path: '/registry/villages/{villageCode}', table: 'readWrite' },
  putHousehold: {
    method: 'PUT',
    path: '/registry/households/{householdId}',
    table: 'readWrite',
    deletes: ['certificates'],
  },
  getHousehold: { method: 'GET', path: '/registry/households/{householdId}', table: 'read' },
  createCase: { method: 'POST', path: '/cases', table: 'readWrite', events: true },
  createDocument: {
    method: 'POST',
    path: '/cases/{caseId}/documents',
    table: 'readWrite',
    // the presigned PUT is signed with this function's credentials
    documents: { put: ['cases/*'] },
  },
  getDocument: {
    method: 'GET',
    path: '/cases/{caseId}/documents/{documentId}',
    // a read that leaves a record: every document access appends an audit entry (DOMAIN.md); PutItem
    // only, so it can neither change the case nor remove anything
    table: 'readAppend',
    // the presigned GET is signed with this function's credentials; quarantine/ stays out of reach
    documents: { get: ['cases/*'] },
  },
  submitCase: {
    method: 'POST',
    path: '/cases/{caseId}/submit',
    table: 'readWrite',
    events: true,
    workflow: ['start', 'respond'],
  },
  getCase: { method: 'GET', path: '/cases/{caseId}', table: 'read' },
  // reading the audit trail is not itself audited (functions/api/getCaseAudit.ts), so a pure read
  getCaseAudit: { method: 'GET', path: '/cases/{caseId}/audit', table: 'read' },
  listCases: { method: 'GET', path: '/cases', table: 'read' },
  withdrawCase: {
    method: 'POST',
    path: '/cases/{caseId}/withdraw',
    table: 'readWrite',
    deletes: ['landClaims'],
    events: true,
    workflow: ['respond'],
  },
  recordMilestone: {
    method: 'POST',
    path: '/cases/{caseId}/milestones',
    table: 'readWrite',
    events: true,
    workflow: ['respond'],
  },
  recordCollectivePayment: {
    method: 'POST',
    path: '/cases/{caseId}/collective-payments',
    table: 'readWrite',
    events: true,
  },
  answerCollectivePayment: {
    method: 'POST',
    path: '/cases/{caseId}/collective-payments/{tranche}/receipt',
    table: 'readWrite',
    events: true,
    workflow: ['respond'],
  },
  rescindCase: {
    method: 'POST',
    path: '/cases/{caseId}/rescind',
    table: 'readWrite',
    deletes: ['landClaims'],
    events: true,
  },
  reviewCase: {
    method: 'POST',
    path: '/cases/{caseId}/review',
    table: 'readWrite',
    deletes: ['landClaims'],
    events: true,
    workflow: ['respond'],
  },
  createObjection: { method: 'POST', path: '/cases/{caseId}/objections', table: 'readWrite', events: true },
  chooseResettlement: {
    method: 'POST',
    path: '/cases/{caseId}/resettlement',
    table: 'readWrite',
    deletes: ['landClaims'],
    events: true,
    workflow: ['respond'],
    // the signed agreement document (cases/{caseId}/agreements/{agreementId}-{signedAt}-{option}.json)
    documents: { put: ['cases/*/agreements/*'] },
    // the signature sets the agreement PDF (issue 15)
    documentFont: true,
  },
  decideAdvance: {
    method: 'POST',
    path: '/cases/{caseId}/advance',
    table: 'readWrite',
    events: true,
    workflow: ['respond'],
  },
  appealCase: {
    method: 'POST',
    path: '/cases/{caseId}/appeal',
    table: 'readWrite',
    deletes: ['landClaims'],
    events: true,
    workflow: ['start'],
  },
  // reading the fund reconciles the ledger and reports a discrepancy as an event
  // the incremental reconciliation moves its checkpoint forward (PutItem of that item only)
  getFund: { method: 'GET', path: '/fund', table: 'readCheckpoint', events: true },
  getFundOverview: { method: 'GET', path: '/fund/overview', table: 'read' },
  getLedger: { method: 'GET', path: '/fund/ledger', table: 'read' },
  exportLedger: { method: 'GET', path: '/fund/ledger/export', table: 'read' },
  // a replenishment pays queued advances, which resumes their awaiting_funds steps
  createReplenishment: {
    method: 'POST',
    path: '/fund/replenishments',
    table: 'readWrite',
    events: true,
    workflow: ['respond'],
  },
  // four eyes on the fund (issue 16): a proposal writes its approval, marker and audit entry; the
  // decision writes the ledger entry and pays queued advances (resuming their awaiting_funds steps)
  proposeReversal: { method: 'POST', path: '/fund/ledger/{entryId}/reversal', table: 'readWrite' },
  decideFundApproval: {
    method: 'POST',
    path: '/fund/approvals/{approvalId}/decision',
    table: 'readWrite',
    events: true,
    workflow: ['respond'],
  },
  listFundApprovals: { method: 'GET', path: '/fund/approvals', table: 'read' },
  getQuota: { method: 'GET', path: '/quota', table: 'read' },
  getQuarterlyReport: { method: 'GET', path: '/reports/quarterly', table: 'read' },
  // documents the system issues (issue 15): set on demand, kept under their SHA-256, every download
  // appended to the audit trail (readAppend), handed out as a presigned GET
  getAgreement: {
    method: 'GET',
    path: '/cases/{caseId}/agreement',
    table: 'readAppend',
    // previews/: an unsigned preview (expires after a day); cases/…/agreements/: the signed PDF, and
    // the PDF of an agreement signed before PDFs existed, set once from its record
    documents: {
      get: ['cases/*/agreements/*', 'previews/*'],
      put: ['cases/*/agreements/*', 'previews/*'],
    },
    documentFont: true,
  },
  getPaymentReceipt: {
    method: 'GET',
    path: '/cases/{caseId}/receipts/{tranche}',
    table: 'readAppend',
    documents: { get: ['cases/*/receipts/*'], put: ['cases/*/receipts/*'] },
    documentFont: true,
  },
  getNoticeList: {
    method: 'GET',
    path: '/villages/{villageCode}/public-notice',
    table: 'readAppend',
    documents: { get: ['notices/*'], put: ['notices/*'] },
    documentFont: true,
  },
  getPolicyParameters: { method: 'GET', path: '/policy/parameters', table: 'read' },
  // issue 19: a proposal writes itself and its audit entry; the approval the version, its day's guard,
  // the proposal's status and the audit entry (never an existing version: attribute_not_exists)
  proposePolicyParameters: { method: 'POST', path: '/policy/parameters', table: 'readWrite' },
  approvePolicyParameters: {
    method: 'POST',
    path: '/policy/parameters/{versionId}/approve',
    table: 'readWrite',
  },
  getPolicyParameterHistory: { method: 'GET', path: '/policy/parameters/history', table: 'read' },
  listNotifications: { method: 'GET', path: '/notifications', table: 'read' },
  // issue 18: desk claims (a case write with its audit entry, no events) and the inbox's read markers
  claimCase: { method: 'POST', path: '/cases/{caseId}/claim', table: 'readWrite' },
  releaseCase: { method: 'POST', path: '/cases/{caseId}/release', table: 'readWrite' },
  readNotification: {
    method: 'POST',
    path: '/notifications/{notificationId}/read',
    table: 'readWrite',
  },
  // issue 19: the bulk registry import. The upload ticket is signed with the route's credentials; the
  // start reads the verified file (the template check) and hands the import to its worker by an event of
  // its own source (shared/registryImport/handOff.ts, infra/constructs/registryImports.ts)
  createRegistryDocument: {
    method: 'POST',
    path: '/registry/documents',
    table: 'readWrite',
    documents: { put: ['registry-imports/*'] },
  },
  startRegistryImport: {
    method: 'POST',
    path: '/registry/imports',
    table: 'readWrite',
    events: true,
    documents: { get: ['registry-imports/*'] },
  },
  getRegistryImport: { method: 'GET', path: '/registry/imports/{importId}', table: 'read' },
  getRegistryImportTemplate: { method: 'GET', path: '/registry/imports/template', table: 'read' },
};
