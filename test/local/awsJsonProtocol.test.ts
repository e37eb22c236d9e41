import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AwsJsonError,
  createAwsJsonService,
  firstHandler,
  fromAwsTimestamp,
  toAwsJson,
} from '../../local/aws/awsJsonProtocol.js';
import { serve, type TestServer } from './httpHarness.js';

/** Raw HTTP, to pin the wire format the SDK tests rely on without any SDK in between. */
describe('awsJsonProtocol', () => {
  let server: TestServer;
  const seen: Record<string, unknown>[] = [];
  const internal: unknown[] = [];

  beforeAll(async () => {
    const echo = createAwsJsonService({
      targetPrefix: 'TestService',
      version: '1.0',
      errorNamespace: 'com.example.test',
      maxBodyBytes: 1024,
      onInternalError: (error) => internal.push(error),
      operations: {
        Echo: (input) => {
          seen.push(input);
          return { got: input, at: new Date('2026-01-01T00:00:01.500Z'), gone: undefined };
        },
        Refuse: () => {
          throw new AwsJsonError('NoSuchThing', 'there is no such thing');
        },
        Crash: async () => {
          throw new TypeError('boom');
        },
      },
    });
    const other = createAwsJsonService({
      targetPrefix: 'OtherService',
      version: '1.1',
      errorNamespace: 'com.example.other',
      operations: { Ping: () => ({ pong: true }) },
    });
    server = await serve(firstHandler(echo, other));
  });

  afterAll(async () => {
    await server?.close();
  });

  const call = (target: string | undefined, body: string, method = 'POST') =>
    fetch(`${server.endpoint}/`, {
      method,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        ...(target === undefined ? {} : { 'x-amz-target': target }),
      },
      ...(method === 'GET' ? {} : { body }),
    });

  it('answers an operation with its content type, a request id and epoch-second timestamps', async () => {
    const res = await call('TestService.Echo', '{"a":1}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ got: { a: 1 }, at: 1767225601.5 });
  });

  it('treats an empty body as {}', async () => {
    seen.length = 0;
    await (await call('TestService.Echo', '')).json();
    expect(seen).toEqual([{}]);
  });

  it('answers a modelled error as __type with the namespace, message and error-type header, status 400', async () => {
    const res = await call('TestService.Refuse', '{}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('NoSuchThing');
    expect(await res.json()).toEqual({
      __type: 'com.example.test#NoSuchThing',
      message: 'there is no such thing',
    });
  });

  it('answers anything else as a 500 and reports it', async () => {
    internal.length = 0;
    const res = await call('TestService.Crash', '{}');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ __type: 'com.example.test#InternalFailure', message: 'boom' });
    expect(internal).toHaveLength(1);
    expect(internal[0]).toBeInstanceOf(TypeError);
  });

  it.each([
    ['an unknown operation', 'TestService.Nope', '{}', 400, 'UnknownOperationException'],
    ['an inherited property name', 'TestService.toString', '{}', 400, 'UnknownOperationException'],
    ['a body that is not JSON', 'TestService.Echo', '{', 400, 'SerializationException'],
    ['a JSON array body', 'TestService.Echo', '[]', 400, 'SerializationException'],
    [
      'a body over the limit',
      'TestService.Echo',
      JSON.stringify({ x: 'y'.repeat(2000) }),
      413,
      'RequestEntityTooLargeException',
    ],
  ])('answers %s with an error', async (_, target, body, status, code) => {
    const res = await call(target, body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { __type: string }).__type).toBe(`com.example.test#${code}`);
  });

  it('leaves requests for other services, without a target or not POST to the next handler', async () => {
    const other = await call('OtherService.Ping', '{}');
    expect(other.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await other.json()).toEqual({ pong: true });
    expect((await call('ThirdService.Ping', '{}')).status).toBe(404);
    expect((await call(undefined, '{}')).status).toBe(404);
    expect((await call('TestService.Echo', '', 'GET')).status).toBe(404);
  });

  it('converts timestamps both ways', () => {
    expect(toAwsJson({ a: [new Date(2000)], b: null, c: undefined })).toEqual({ a: [2], b: null });
    expect(fromAwsTimestamp(1.5)).toEqual(new Date(1500));
    expect(fromAwsTimestamp('1.5')).toEqual(new Date(1500));
    expect(fromAwsTimestamp('2026-01-01T00:00:00Z')).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(fromAwsTimestamp('soon')).toBeUndefined();
    expect(fromAwsTimestamp({})).toBeUndefined();
  });
});
