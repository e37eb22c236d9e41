// No zod here: the portal imports these values, and a household's download must not carry zod.
/**
 * The stable `code` of every problem+json answer (RFC 9457). Clients branch on `code`, never on the
 * prose of `title` or `detail`, which may be reworded. Codes are added, never renamed.
 *
 * The HTTP status each code answers with is fixed here, once, so that a service throws a coded error and
 * only the HTTP edge turns it into a status.
 */
export const PROBLEM_STATUS = {
  /** the request does not parse or a field is out of bounds: `errors` names every field */
  VALIDATION_FAILED: 400,
  /** no bearer token, or one that does not verify */
  UNAUTHENTICATED: 401,
  /** a role or a scope the caller does not have */
  FORBIDDEN: 403,
  /** no such record (or, for callers out of scope, none they may know of) */
  NOT_FOUND: 404,
  /** the body is too large to be read */
  PAYLOAD_TOO_LARGE: 413,
  /** someone else changed the record between this request's read and its write: read again, decide again */
  STALE_WRITE: 409,
  /** the step exists but is not waiting yet (the workflow reaches it a moment after the status changes): the same request succeeds shortly */
  NOT_READY: 409,
  /** the record's state does not allow this (e.g. withdrawing after signing, a second appeal) */
  ILLEGAL_TRANSITION: 409,
  /** the thing was already decided another way; this request cannot change it */
  ALREADY_DECIDED: 409,
  /** another case holds this land (`heldBy` names it) */
  LAND_HELD: 409,
  /** a record with this id already exists */
  ALREADY_EXISTS: 409,
  /** a homestead certificate number already belongs to another parcel or household (`heldBy` names it) */
  CERTIFICATE_HELD: 409,
  /** many writes at once on one record (the fund balance): the same request may be sent again */
  BUSY: 409,
  /** this Idempotency-Key was used with a different body */
  IDEMPOTENCY_KEY_REUSED: 409,
  /** a request with this Idempotency-Key is still running: send the same request again shortly */
  IDEMPOTENCY_IN_PROGRESS: 409,
  /** a business rule refuses the request (e.g. a conditional exit, a majority not reached) */
  RULE_REFUSED: 422,
  /** a movement would take a fund figure past its documented maximum (MAX_FUND_FEN, docs/fund.md): `field`, `resultingFen`, `maxFen` */
  FUND_LIMIT_EXCEEDED: 422,
  /** the fund cannot cover this movement (a reversal of money already spent or promised): `balanceFen`, `amountFen`, `neededFen` */
  FUND_INSUFFICIENT: 422,
  /** not the client's fault; logged */
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ProblemCode = keyof typeof PROBLEM_STATUS;
export const PROBLEM_CODES = Object.keys(PROBLEM_STATUS) as [ProblemCode, ...ProblemCode[]];

/**
 * Codes after which the very same request may simply be sent again (after a short pause): nothing about
 * it was wrong, the system was in between two states.
 */
export const RETRYABLE_CODES: ReadonlySet<ProblemCode> = new Set([
  'NOT_READY',
  'STALE_WRITE',
  'BUSY',
  'IDEMPOTENCY_IN_PROGRESS',
]);
