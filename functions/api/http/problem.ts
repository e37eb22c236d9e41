import type { ZodError } from 'zod';
import { type FieldError, PROBLEM_STATUS, type ProblemCode } from '../../../shared/contract/problem.js';
import { type AppError, DEFAULT_DETAIL_ZH } from '../../../shared/errors/appError.js';

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** `body` is base64 of binary content (an xlsx); API Gateway decodes it before it answers */
  isBase64Encoded?: boolean;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Each code's title, Chinese and English: the one place a code becomes words and a status. */
const TITLES: Record<ProblemCode, { zh: string; en: string }> = {
  VALIDATION_FAILED: { zh: '请求内容有误', en: 'Bad Request' },
  UNAUTHENTICATED: { zh: '未登录', en: 'Unauthorized' },
  FORBIDDEN: { zh: '无权操作', en: 'Forbidden' },
  NOT_FOUND: { zh: '未找到', en: 'Not Found' },
  PAYLOAD_TOO_LARGE: { zh: '内容过大', en: 'Payload Too Large' },
  STALE_WRITE: { zh: '记录已被更新', en: 'Conflict' },
  NOT_READY: { zh: '请稍后再试', en: 'Conflict' },
  ILLEGAL_TRANSITION: { zh: '当前状态不允许此操作', en: 'Conflict' },
  ALREADY_DECIDED: { zh: '已有决定', en: 'Conflict' },
  LAND_HELD: { zh: '土地已在其他案件中', en: 'Conflict' },
  ALREADY_EXISTS: { zh: '记录已存在', en: 'Conflict' },
  CERTIFICATE_HELD: { zh: '证书号已被登记', en: 'Conflict' },
  BUSY: { zh: '系统繁忙', en: 'Conflict' },
  IDEMPOTENCY_KEY_REUSED: { zh: '请求编号重复', en: 'Conflict' },
  IDEMPOTENCY_IN_PROGRESS: { zh: '请求处理中', en: 'Conflict' },
  RULE_REFUSED: { zh: '不符合办理规定', en: 'Unprocessable Entity' },
  FUND_LIMIT_EXCEEDED: { zh: '超过基金金额上限', en: 'Unprocessable Entity' },
  FUND_INSUFFICIENT: { zh: '基金余额不足', en: 'Unprocessable Entity' },
  INTERNAL: { zh: '系统错误', en: 'Internal Server Error' },
};

/**
 * RFC 9457 problem details with the stable `code`, every offending field in `errors`, and the words in
 * English (`title`, `detail`, `errors[].message`) and Simplified Chinese (`titleZh`, `detailZh`,
 * `errors[].messageZh`); shared/contract/problem.ts is the schema.
 */
export function problem(
  code: ProblemCode,
  detail: { en: string; zh?: string },
  errors: FieldError[] = [],
  extra: Record<string, unknown> = {},
): HttpResult {
  const status = PROBLEM_STATUS[code];
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    // the contract's fields come last so that no extra member can ever overwrite them
    body: JSON.stringify({
      ...extra,
      type: `https://homestead-exit.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[code].en,
      titleZh: TITLES[code].zh,
      status,
      code,
      detail: detail.en,
      detailZh: detail.zh ?? DEFAULT_DETAIL_ZH[code],
      errors,
    }),
  };
}

export function problemOf(error: AppError): HttpResult {
  return problem(error.code, { en: error.message, zh: error.detailZh }, error.errors, error.extra);
}

/** Zod issues as field errors, prefixed with where the value came from (body, path, query). */
export function fieldErrors(error: ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const keysInIssue = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // one error per unknown key, so that every offending field is listed on its own
    if (keysInIssue.length > 0)
      return keysInIssue.map((k) => ({ path: `${path}.${k}`, message: issue.message }));
    return [{ path: path || prefix, message: issue.message }];
  });
}
