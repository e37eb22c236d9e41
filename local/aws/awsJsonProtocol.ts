import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Serving the AWS JSON protocol (awsJson1_0 for Step Functions, awsJson1_1 for EventBridge) from a
 * node:http server, so the real AWS SDK v3 clients in the handlers work unchanged against the local
 * runtime. The SDK POSTs to the endpoint's path with `X-Amz-Target: <Service>.<Operation>` and a JSON body;
 * it reads the error code from `__type` (namespace before '#' dropped), then `code`, then the
 * `x-amzn-errortype` header, and raises an exception whose `name` is that code.
 */

export type AwsJsonVersion = '1.0' | '1.1';

export type AwsJsonRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** An operation: the parsed request body in, a JSON-able result out (Dates become epoch seconds). */
export type AwsJsonOperation = (input: Record<string, unknown>) => unknown;

/** A modelled service error: the SDK surfaces it as an exception named `code`. */
export class AwsJsonError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = 'AwsJsonError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

export interface AwsJsonServiceOptions {
  /** The part of X-Amz-Target before the dot, e.g. `AWSStepFunctions`, `AWSEvents`. */
  targetPrefix: string;
  version: AwsJsonVersion;
  /** Smithy namespace put in front of error codes in `__type`, e.g. `com.amazonaws.states`. */
  errorNamespace: string;
  operations: Readonly<Record<string, AwsJsonOperation>>;
  /** Default 1 MiB: well above the 256 KiB payload limits of Step Functions and EventBridge. */
  maxBodyBytes?: number;
  /** The code of the 500 answered when an operation throws anything but an AwsJsonError. */
  internalErrorCode?: string;
  /** Called with anything an operation throws that is not an AwsJsonError (answered as a 500). */
  onInternalError?: (error: unknown, operation: string) => void;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export const INTERNAL_FAILURE = 'InternalFailure';

/** `{ service, operation }` from the X-Amz-Target header, or undefined when there is none. */
export function awsJsonTarget(req: IncomingMessage): { service: string; operation: string } | undefined {
  const raw = req.headers['x-amz-target'];
  const target = Array.isArray(raw) ? raw[0] : raw;
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return { service: target.slice(0, dot), operation: target.slice(dot + 1) };
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body; rejects with BodyTooLargeError as soon as it passes `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        finished = true;
        req.off('data', onData);
        // Keep draining (and discarding) so the error response can still be written and read.
        req.resume();
        fail(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!finished) done(Buffer.concat(chunks));
    });
    req.once('error', (error) => {
      if (!finished) fail(error);
    });
  });
}

/**
 * The wire form of a result: timestamps as epoch seconds (the JSON protocols' default), undefined
 * members dropped.
 */
export function toAwsJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toAwsJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toAwsJson(member);
    }
    return out;
  }
  return value;
}

/** A timestamp member as the SDK sends it (epoch seconds; ISO strings tolerated), or undefined. */
export function fromAwsTimestamp(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (typeof value === 'number') date = new Date(value * 1000);
  else if (typeof value === 'string')
    date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return date !== undefined && Number.isFinite(date.getTime()) ? date : undefined;
}

function contentType(version: AwsJsonVersion): string {
  return `application/x-amz-json-${version}`;
}

function send(res: ServerResponse, status: number, version: AwsJsonVersion, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': contentType(version),
    'content-length': payload.length,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(payload);
}

export function sendAwsJson(
  res: ServerResponse,
  version: AwsJsonVersion,
  result: unknown,
  status = 200,
): void {
  send(res, status, version, toAwsJson(result ?? {}));
}

export function sendAwsJsonError(
  res: ServerResponse,
  version: AwsJsonVersion,
  errorNamespace: string,
  error: AwsJsonError,
): void {
  // The header as well as `__type`, for clients that look there first (restJson, query-compatible mode).
  res.setHeader('x-amzn-errortype', error.code);
  send(res, error.statusCode, version, {
    __type: `${errorNamespace}#${error.code}`,
    message: error.message,
  });
}

/**
 * A request handler for one AWS JSON service. It claims (returns true for) every POST whose
 * X-Amz-Target names the service, whatever the path, because the SDK posts to the endpoint URL as given;
 * everything else is left to the next handler (false).
 */
export function createAwsJsonService(options: AwsJsonServiceOptions): AwsJsonRequestHandler {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onInternalError =
    options.onInternalError ??
    ((error: unknown, operation: string) => {
      console.error(`[${options.targetPrefix}.${operation}] internal failure:`, error);
    });
  const fail = (res: ServerResponse, error: AwsJsonError): void =>
    sendAwsJsonError(res, options.version, options.errorNamespace, error);

  return async (req, res) => {
    const target = awsJsonTarget(req);
    if (req.method !== 'POST' || target?.service !== options.targetPrefix) return false;

    let raw: Buffer;
    try {
      raw = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        fail(res, new AwsJsonError('RequestEntityTooLargeException', error.message, 413));
      } else {
        // The client went away mid-body; there is nobody to answer.
        res.destroy();
      }
      return true;
    }

    const operation = Object.hasOwn(options.operations, target.operation)
      ? options.operations[target.operation]
      : undefined;
    if (operation === undefined) {
      fail(
        res,
        new AwsJsonError(
          'UnknownOperationException',
          `${options.targetPrefix}.${target.operation} is not supported`,
        ),
      );
      return true;
    }

    let input: unknown;
    try {
      input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      fail(res, new AwsJsonError('SerializationException', 'request body is not valid JSON'));
      return true;
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      fail(res, new AwsJsonError('SerializationException', 'request body must be a JSON object'));
      return true;
    }

    try {
      const result = await operation(input as Record<string, unknown>);
      sendAwsJson(res, options.version, result);
    } catch (error) {
      if (error instanceof AwsJsonError) {
        fail(res, error);
      } else {
        onInternalError(error, target.operation);
        const message = error instanceof Error ? error.message : String(error);
        fail(res, new AwsJsonError(options.internalErrorCode ?? INTERNAL_FAILURE, message, 500));
      }
    }
    return true;
  };
}

/** Tries each handler in turn; true as soon as one claims the request. */
export function firstHandler(...handlers: AwsJsonRequestHandler[]): AwsJsonRequestHandler {
  return async (req, res) => {
    for (const handler of handlers) {
      if (await handler(req, res)) return true;
    }
    return false;
  };
}

/** Input member helpers: an operation's validation failures become the service's own error codes. */
export function optionalString(
  input: Record<string, unknown>,
  member: string,
  errorCode = 'ValidationException',
): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsJsonError(errorCode, `${member} must be a string`);
  return value;
}

export function requiredString(
  input: Record<string, unknown>,
  member: string,
  errorCode = 'ValidationException',
): string {
  const value = optionalString(input, member, errorCode);
  if (value === undefined) throw new AwsJsonError(errorCode, `${member} is required`);
  return value;
}
