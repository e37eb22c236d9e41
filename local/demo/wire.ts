import type { Problem as ContractProblem, ProblemMembers } from '../../shared/contract/index.js';
import { RETRYABLE_CODES } from '../../shared/contract/problem.js';
import type { ReviewReasonCode } from '../../shared/domain/model/case.js';

/**
 * What the demo client (./client.ts) sends and gets back besides the contract's answers: a problem+json
 * error as an exception, the review body, the raw request and response, and the anomalies it records.
 */

/**
 * A problem+json answer: the contract's members (a server older than the stable codes may leave some
 * out), the extra members of docs/api-conformance.md, and anything else the server adds.
 */
export type Problem = Partial<ContractProblem> & ProblemMembers & { [extra: string]: unknown };

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(
      `${method} ${path} → ${status} ${problem.code ?? problem.title ?? ''}: ${problem.detail ?? JSON.stringify(problem)}`,
    );
    this.name = 'ApiError';
  }

  /**
   * Nothing was wrong with the request (shared/contract/problem.ts RETRYABLE_CODES): the workflow had
   * not reached the step yet (NOT_READY), another write got in between (STALE_WRITE), the fund was busy
   * (BUSY), or the same Idempotency-Key is still running. The very same request may be sent again.
   */
  get retryable(): boolean {
    const code = this.problem.code;
    return code !== undefined && RETRYABLE_CODES.has(code);
  }
}

/** The body of `POST /cases/{caseId}/review` (the village step's resolution; the town's and district's codes). */
export interface ReviewBody {
  decision: 'approve' | 'reject' | 'return';
  reasonCodes?: ReviewReasonCode[];
  note?: string;
  reasons?: string[];
  resolution?: { meetingDate: string; membersPresent: number; votesFor: number; votesAgainst: number };
  /** equity exits, the village step: where the shares go (API.md wave 2) */
  sharesGoTo?: 'collective_share' | 'members';
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  query?: Record<string, string | number | undefined>;
}

export interface RawResponse<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

export interface Anomaly {
  method: string;
  path: string;
  status: number;
  detail: string;
  userId: string;
}
