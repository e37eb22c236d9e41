import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ValidationFailed } from '../../../shared/errors/appError.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The JSON body of a payload-v2 event; a body that is not JSON is the client's error. */
export function readJsonBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationFailed('the request body is not valid JSON', [
      { path: 'body', message: 'invalid JSON' },
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
