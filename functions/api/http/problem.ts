import type { ZodError } from 'zod';
import type { FieldError } from '../../../shared/adapters/errors.js';

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 9457 problem details, with every offending field in `errors`. */
export function problem(
  status: number,
  title: string,
  detail: string,
  errors: FieldError[] = [],
  extra: Record<string, unknown> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    // the contract's fields come last so that no extra member can ever overwrite them
    body: JSON.stringify({
      ...extra,
      type: `https://homestead-exit.example/problems/${status}`,
      title,
      status,
      detail,
      errors,
    }),
  };
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
