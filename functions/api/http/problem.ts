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

/**
 * Headers every answer of the API carries. `nosniff`: a browser takes the declared content type
 * (JSON, problem+json, CSV, xlsx) and never guesses another from the bytes, so text a user typed into a
 * case can never be read as a page or a script (issue 16).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff' };

export function withSecurityHeaders(result: HttpResult): HttpResult {
  return { ...result, headers: { ...result.headers, ...SECURITY_HEADERS } };
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

/**
 * The most field errors one answer lists. A body can be made of millions of wrong values (unknown keys,
 * list items): the answer names the first ones and says how many more there were, so that no client can
 * make the error itself too large to send.
 */
export const MAX_FIELD_ERRORS = 50;

type Issue = ZodError['issues'][number];
interface Bound {
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
}

/** A length, count or size bound in plain words, both languages (zod's own words are for developers). */
function boundWords(issue: Issue): { en: string; zh: string } | undefined {
  const b = issue as Issue & Bound;
  if (issue.code === 'too_big' && b.maximum !== undefined) {
    const max = String(b.maximum);
    if (b.origin === 'string')
      return { en: `too long: at most ${max} characters`, zh: `内容过长：最多 ${max} 个字符` };
    if (b.origin === 'array' || b.origin === 'set')
      return { en: `too many: at most ${max} items`, zh: `数量过多：最多 ${max} 项` };
    return b.inclusive === false
      ? { en: `must be less than ${max}`, zh: `须小于 ${max}` }
      : { en: `must be at most ${max}`, zh: `不能大于 ${max}` };
  }
  if (issue.code === 'too_small' && b.minimum !== undefined) {
    const min = String(b.minimum);
    if (b.origin === 'string')
      return min === '1'
        ? { en: 'must not be empty', zh: '不能为空' }
        : { en: `too short: at least ${min} characters`, zh: `内容过短：至少 ${min} 个字符` };
    if (b.origin === 'array' || b.origin === 'set')
      return { en: `at least ${min} item${min === '1' ? '' : 's'}`, zh: `至少 ${min} 项` };
    return b.inclusive === false
      ? { en: `must be greater than ${min}`, zh: `须大于 ${min}` }
      : { en: `must be at least ${min}`, zh: `不能小于 ${min}` };
  }
  return undefined;
}

/** The Chinese of an issue: the schema's own (`params.messageZh`), or the words for its kind. */
function messageZhOf(issue: Issue): string {
  const own = (issue as { params?: { messageZh?: unknown } }).params?.messageZh;
  if (typeof own === 'string') return own;
  const bound = boundWords(issue);
  if (bound) return bound.zh;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? '必填' : '类型不正确';
    case 'invalid_value':
      return '取值不在允许的范围内';
    case 'invalid_format':
      return '格式不正确';
    case 'unrecognized_keys':
      return '不接受此字段';
    case 'not_multiple_of':
      return '数值不符合要求';
    default:
      return '内容不符合要求';
  }
}

/** The English of an issue: the schema's own message, or plain words for zod's default bound messages. */
function messageOf(issue: Issue): string {
  const bound = /^Too (big|small):/.test(issue.message) ? boundWords(issue) : undefined;
  return bound?.en ?? issue.message;
}

/**
 * Zod issues as field errors, prefixed with where the value came from (body, path, query), in English
 * and Chinese; at most MAX_FIELD_ERRORS of them, the last saying how many more there were.
 */
export function fieldErrors(error: ZodError, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  let total = 0;
  for (const issue of error.issues) {
    const keysInIssue = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // one error per unknown key, so that every offending field is listed on its own
    const paths = keysInIssue.length > 0 ? keysInIssue : [undefined];
    total += paths.length;
    if (out.length >= MAX_FIELD_ERRORS) continue;
    const message = messageOf(issue);
    const messageZh = messageZhOf(issue);
    for (const k of paths.slice(0, MAX_FIELD_ERRORS - out.length)) {
      out.push({ path: k === undefined ? path || prefix : `${path}.${k}`, message, messageZh });
    }
  }
  if (total <= MAX_FIELD_ERRORS) return out;
  const more = total - (MAX_FIELD_ERRORS - 1);
  return [
    ...out.slice(0, MAX_FIELD_ERRORS - 1),
    { path: prefix, message: `… and ${more} more errors`, messageZh: `……另有 ${more} 处错误` },
  ];
}
