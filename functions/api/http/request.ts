import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ValidationFailed } from '../../../shared/errors/appError.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The JSON body of a payload-v2 event; a body that is not JSON is the client's error. */
/**
 * How deep a request body may nest. The deepest body the contract has (a household record's members or
 * plots with their fields) is 4 levels; 32 leaves room and refuses what only an attacker sends: JSON.parse
 * of 10 MB of "[" costs seconds of CPU before any schema sees it (issue 16).
 */
export const MAX_BODY_DEPTH = 32;

/** The deepest nesting of `text` (brackets and braces outside strings), stopping once past `limit`. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export function readJsonBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (nestingDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw new ValidationFailed({ zh: '请求内容嵌套过深', en: 'the request body nests too deeply' }, [
      {
        path: 'body',
        message: `nested more than ${MAX_BODY_DEPTH} levels deep`,
        messageZh: `嵌套超过 ${MAX_BODY_DEPTH} 层`,
      },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationFailed({ zh: '请求内容不是有效的 JSON', en: 'the request body is not valid JSON' }, [
      { path: 'body', message: 'invalid JSON', messageZh: '不是有效的 JSON' },
    ]);
  }
}

export function header(event: Pick<HttpEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

export function claimsOf(event: HttpEvent): Record<string, unknown> | undefined {
  return event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;
}
