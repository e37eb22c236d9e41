import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compilePattern } from '../../local/aws/eventPattern.js';
import {
  createEventsEndpoint,
  type PutEventsEntry,
  toEventBridgeEvent,
} from '../../local/aws/eventsEndpoint.js';
import { LOCAL_SDK_CONFIG, serve, type TestServer } from './httpHarness.js';

const AT = new Date('2026-05-04T03:02:01.789Z');

describe('eventsEndpoint with the real @aws-sdk/client-eventbridge', () => {
  let server: TestServer;
  let client: EventBridgeClient;
  const received: PutEventsEntry[][] = [];
  let failWith: Error | undefined;

  beforeAll(async () => {
    server = await serve(
      createEventsEndpoint(
        async (entries) => {
          if (failWith) throw failWith;
          received.push(entries);
        },
        { now: () => AT, onInternalError: () => {} },
      ),
    );
    client = new EventBridgeClient({ ...LOCAL_SDK_CONFIG, endpoint: server.endpoint, maxAttempts: 1 });
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  beforeEach(() => {
    received.length = 0;
    failWith = undefined;
  });

  it('accepts entries, gives each an EventId and hands them over in order', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'homestead-bus',
            Source: 'homestead-exit',
            DetailType: 'CaseSubmitted',
            Detail: '{"caseId":"C1"}',
            Time: new Date('2026-01-02T03:04:05.000Z'),
            Resources: ['arn:case:C1'],
          },
          { Source: 'homestead-exit', DetailType: 'CaseClosed', Detail: '{"caseId":"C2"}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries).toHaveLength(2);
    const ids = out.Entries?.map((e) => e.EventId);
    expect(new Set(ids).size).toBe(2);
    expect(received).toEqual([
      [
        {
          EventId: ids?.[0],
          EventBusName: 'homestead-bus',
          Source: 'homestead-exit',
          DetailType: 'CaseSubmitted',
          Detail: '{"caseId":"C1"}',
          Time: new Date('2026-01-02T03:04:05.000Z'),
          Resources: ['arn:case:C1'],
        },
        {
          EventId: ids?.[1],
          EventBusName: 'default',
          Source: 'homestead-exit',
          DetailType: 'CaseClosed',
          Detail: '{"caseId":"C2"}',
          Time: AT,
          Resources: [],
        },
      ],
    ]);
  });

  it('reports bad entries per entry and still takes the good ones', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'homestead-exit', DetailType: 'CaseClosed', Detail: 'not json' },
          { Source: 'homestead-exit', DetailType: 'CaseClosed', Detail: '[1]' },
          { Source: 'homestead-exit', Detail: '{}' },
          { Source: 'homestead-exit', DetailType: 'CaseClosed', Detail: '{"ok":true}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'ok',
    ]);
    expect(out.Entries?.[3]?.EventId).toBeTruthy();
    expect(received.flat().map((e) => e.Detail)).toEqual(['{"ok":true}']);
  });

  it('refuses more than 10 entries as a ValidationException', async () => {
    const entry = { Source: 's', DetailType: 't', Detail: '{}' };
    const error = await client
      .send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(EventBridgeServiceException);
    expect((error as Error).name).toBe('ValidationException');
    expect(received).toEqual([]);
  });

  it('answers a failing consumer with a 500 InternalException', async () => {
    failWith = new Error('queue full');
    const error = (await client
      .send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 't', Detail: '{}' }] }))
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as EventBridgeServiceException;
    expect(error.name).toBe('InternalException');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(error.$fault).toBe('server');
  });

  it('builds the event rule targets receive, which patterns then match', () => {
    const entry: PutEventsEntry = {
      EventId: 'e-1',
      EventBusName: 'bus',
      Source: 'homestead-exit',
      DetailType: 'CaseSubmitted',
      Detail: '{"caseId":"C1","toStatus":"submitted"}',
      Time: AT,
      Resources: [],
    };
    const event = toEventBridgeEvent(entry, { account: '000000000000', region: 'us-east-1' });
    expect(event).toEqual({
      version: '0',
      id: 'e-1',
      'detail-type': 'CaseSubmitted',
      source: 'homestead-exit',
      account: '000000000000',
      time: '2026-05-04T03:02:01Z',
      region: 'us-east-1',
      resources: [],
      detail: { caseId: 'C1', toStatus: 'submitted' },
    });
    expect(compilePattern({ source: ['homestead-exit'], detail: { toStatus: ['submitted'] } })(event)).toBe(
      true,
    );
  });
});

describe('shared/ports/events.ts through the SDK environment, against eventsEndpoint', () => {
  const saved = { ...process.env };
  let server: TestServer;
  const received: PutEventsEntry[] = [];

  beforeAll(async () => {
    server = await serve(
      createEventsEndpoint(async (entries) => {
        received.push(...entries);
      }),
    );
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_EVENTBRIDGE: server.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: 'unused',
      EVENT_BUS_NAME: 'homestead-bus',
    });
    const [{ resetClients }, { resetAppConfig }] = await Promise.all([
      import('../../shared/adapters/clients.js'),
      import('../../shared/adapters/config.js'),
    ]);
    resetClients();
    resetAppConfig();
  });

  afterAll(async () => {
    process.env = saved;
    const { resetClients } = await import('../../shared/adapters/clients.js');
    resetClients();
    await server?.close();
  });

  it('publishes 12 domain events in two calls, each with the bus, source and detail-type', async () => {
    const { eventBridgePort } = await import('../../shared/ports/events.js');
    const events = Array.from({ length: 12 }, (_, i) => ({
      eventId: `C1:${i}`,
      type: 'CaseSubmitted' as const,
      at: '2026-05-04T03:02:01.000Z',
      actor: 'applicant-1',
      caseId: 'C1',
      detail: {},
    }));
    await eventBridgePort.publish(events);
    expect(received).toHaveLength(12);
    expect(new Set(received.map((e) => `${e.EventBusName}|${e.Source}|${e.DetailType}`))).toEqual(
      new Set(['homestead-bus|homestead-exit|CaseSubmitted']),
    );
    expect(received.map((e) => (JSON.parse(e.Detail) as { eventId: string }).eventId)).toEqual(
      events.map((e) => e.eventId),
    );
    expect(received[0]?.Time).toEqual(new Date('2026-05-04T03:02:01.000Z'));
  });
});
