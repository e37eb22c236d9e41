import type { IncomingMessage } from 'node:http';

/**
 * API Gateway's HTTP API takes request bodies of at most 10 MB and answers 413 above that, before any
 * handler runs; the local runtime does the same (a handler never sees such a body).
 */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

export async function readRequestBody(req: IncomingMessage, max = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // past the limit the rest is read and dropped, not kept: leaving the loop early would destroy the
    // socket, and the client would get a reset instead of the 413
    if (size <= max) chunks.push(chunk as Buffer);
  }
  if (size > max) throw new BodyTooLarge(max);
  return Buffer.concat(chunks);
}
