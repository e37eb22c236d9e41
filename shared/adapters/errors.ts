/**
 * Errors the adapters and handlers raise on purpose; the HTTP layer turns each into problem+json.
 * Anything else is a bug or an outage and becomes a 500 without leaking details.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

export class BadRequestError extends HttpError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(400, 'Bad Request', detail, errors);
  }
}
export class UnauthorizedError extends HttpError {
  constructor(detail = 'a valid bearer token is required') {
    super(401, 'Unauthorized', detail);
  }
}
export class ForbiddenError extends HttpError {
  constructor(detail = 'this resource is not yours') {
    super(403, 'Forbidden', detail);
  }
}
export class NotFoundError extends HttpError {
  constructor(detail: string) {
    super(404, 'Not Found', detail);
  }
}
export class ConflictError extends HttpError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', detail, [], extra);
  }
}
export class RuleRefusedError extends HttpError {
  constructor(detail: string, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super(422, 'Unprocessable Entity', detail, errors, extra);
  }
}

/** DynamoDB's way of saying a condition failed, alone or inside a transaction. */
export function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
  }
  return false;
}
