import type { CaseStatus } from '../../../shared/domain/model/status.js';
import type { ApiClient, CaseView } from '../client.js';

/** What every demo driver gets, returns and is: the shapes the demo's table and the e2e tests read. */

export interface DemoContext {
  api: ApiClient;
  /** time budget of each wait for the workflow */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  scenario: string;
  householdId: string;
  caseId?: string;
  /** what the path must end in, e.g. `closed` or `ineligible H-QUALIFIED` */
  expected: string;
  finalStatus?: CaseStatus;
  failedRules: string[];
  /** the chosen offer (or the only one) */
  offerFen?: number;
  agreementId?: string;
  agreementFen?: number;
  payableFen?: number;
  advanceStatus?: string;
  ledgerEntryIds: string[];
  /** the statuses the case went through, in order */
  path: CaseStatus[];
  problems: string[];
  durationMs: number;
  district?: string;
  case?: CaseView;
  /** what the path showed on its way (intermediate states, answers), for tests and the demo's notes */
  observations: Record<string, unknown>;
}

export interface Driver {
  name: string;
  /** a line for the demo's table */
  description: string;
  run(ctx: DemoContext): Promise<ScenarioResult>;
}
