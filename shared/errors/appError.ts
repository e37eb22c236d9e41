import { type FieldError, PROBLEM_STATUS, type ProblemCode } from '../contract/problem.js';

/**
 * Errors the application raises on purpose, each with a stable `code` (shared/contract/problem.ts).
 * Services and commands throw them without knowing about HTTP; the HTTP edge
 * (functions/api/http/problem.ts) turns each code into its status and problem+json, once. Anything that
 * is not an AppError is a bug or an outage and becomes a 500 that leaks nothing.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

/** What each code says in Chinese when the thrower gave only English (a farmer reads the Chinese). */
export const DEFAULT_DETAIL_ZH: Record<ProblemCode, string> = {
  VALIDATION_FAILED: '提交的内容有误，请按提示修改。',
  UNAUTHENTICATED: '请先登录。',
  FORBIDDEN: '您无权办理此事项。',
  NOT_FOUND: '未找到该记录。',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  STALE_WRITE: '该记录刚被他人更新，请刷新后再试。',
  NOT_READY: '系统正在处理上一步，请稍后再试。',
  ILLEGAL_TRANSITION: '当前办理状态下不能进行此操作。',
  ALREADY_DECIDED: '此事项已有决定，不能更改。',
  LAND_HELD: '该宗地（地块）已在其他案件中办理。',
  ALREADY_EXISTS: '该记录已存在。',
  CERTIFICATE_HELD: '该宅基地证书号已登记在其他宗地名下。',
  BUSY: '系统繁忙，请稍后再试。',
  IDEMPOTENCY_KEY_REUSED: '同一请求编号已用于不同的内容。',
  IDEMPOTENCY_IN_PROGRESS: '相同的请求正在处理中，请稍后再试。',
  RULE_REFUSED: '不符合办理规定。',
  FUND_LIMIT_EXCEEDED: '专项基金金额将超过规定上限，不予登记。',
  FUND_INSUFFICIENT: '专项基金余额不足，不能办理。',
  INTERNAL: '系统暂时无法完成请求，已记录，请稍后再试。',
};

export class AppError extends Error {
  readonly detailZh: string;

  constructor(
    readonly code: ProblemCode,
    detail: string | Bilingual,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(typeof detail === 'string' ? detail : detail.en);
    this.detailZh = typeof detail === 'string' ? DEFAULT_DETAIL_ZH[code] : detail.zh;
    this.name = code;
  }

  /** The HTTP status the code answers with (shared/contract/problem.ts), for callers that log or test it. */
  get status(): number {
    return PROBLEM_STATUS[this.code];
  }
}

type Detail = string | Bilingual;

/** 400: the request does not parse or a field is out of bounds; `errors` names every field. */
export class ValidationFailed extends AppError {
  constructor(detail: Detail, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super('VALIDATION_FAILED', detail, errors, extra);
  }
}
export class Unauthenticated extends AppError {
  constructor(detail: Detail = 'a valid bearer token is required') {
    super('UNAUTHENTICATED', detail);
  }
}
export class Forbidden extends AppError {
  constructor(detail: Detail = 'this resource is not yours', extra: Record<string, unknown> = {}) {
    super('FORBIDDEN', detail, [], extra);
  }
}
export class NotFound extends AppError {
  constructor(detail: Detail) {
    super('NOT_FOUND', detail);
  }
}
/** Someone else wrote the record between this request's read and its write: read again, decide again. */
export class StaleWrite extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('STALE_WRITE', detail, [], extra);
  }
}
/** The step is not waiting yet (the workflow reaches it a moment after the status changes). */
export class NotReady extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('NOT_READY', detail, [], extra);
  }
}
/** The record's state does not allow this request. */
export class IllegalTransition extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('ILLEGAL_TRANSITION', detail, [], extra);
  }
}
/** Already decided the other way. */
export class AlreadyDecided extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('ALREADY_DECIDED', detail, [], extra);
  }
}
/** Another case holds the land (`heldBy` in extra). */
export class LandHeld extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('LAND_HELD', detail, [], extra);
  }
}
/** A homestead certificate number already belongs to another parcel or household (`heldBy` in extra). */
export class CertificateHeld extends AppError {
  constructor(detail: Detail, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super('CERTIFICATE_HELD', detail, errors, extra);
  }
}
export class AlreadyExists extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('ALREADY_EXISTS', detail, [], extra);
  }
}
/** Contention on one record (the fund balance): the same request may be sent again. */
export class Busy extends AppError {
  constructor(detail: Detail, extra: Record<string, unknown> = {}) {
    super('BUSY', detail, [], extra);
  }
}
/** 422: a business rule refuses the request. */
export class RuleRefused extends AppError {
  constructor(detail: Detail, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super('RULE_REFUSED', detail, errors, extra);
  }
}

/** 422: a movement would take a fund figure past MAX_FUND_FEN (shared/fund/limits.ts). */
export class FundLimitExceeded extends AppError {
  constructor(detail: Detail, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super('FUND_LIMIT_EXCEEDED', detail, errors, extra);
  }
}
/** 422: the fund cannot cover this movement (the figures in `extra`). */
export class FundInsufficient extends AppError {
  constructor(detail: Detail, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super('FUND_INSUFFICIENT', detail, errors, extra);
  }
}
