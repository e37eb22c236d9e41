import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { projectPath } from '../../infra/paths.js';
import { resetClients } from '../../shared/adapters/clients.js';
import { resetAppConfig } from '../../shared/adapters/config.js';
import { createLocalIssuer, type LocalIssuer } from '../auth/localIssuer.js';
import { createOAuthEndpoints } from '../auth/oauth.js';
import { createUserStore, type UserStore } from '../auth/users.js';
import { firstHandler } from '../aws/awsJsonProtocol.js';
import { createEventsEndpoint } from '../aws/eventsEndpoint.js';
import { createS3EventForwarder } from '../aws/s3EventForwarder.js';
import { createSfnEndpoint } from '../aws/sfnEndpoint.js';
import { localClientConfig } from '../services/awsClientConfig.js';
import { type DynamoLocal, startDynamoLocal } from '../services/dynamoLocal.js';
import { ensureBucket, startS3Local } from '../services/s3Local.js';
import { addMissingIndexes } from './addMissingIndexes.js';
import { EventRouter } from './eventRouter.js';
import { BodyTooLarge, createHttpApi, readRequestBody } from './httpApi.js';
import { functionEnvironment, LambdaHost } from './lambdaHost.js';
import { FAST_WAIT_SECONDS } from './localDefinition.js';
import { type RuntimeProgress, startProgress } from './progress.js';
import { redriveOpenCases } from './redrive.js';
import { seedDemoData } from './seed.js';
import { LocalStepFunctions } from './stepFunctions.js';
import { loadTemplate } from './templateCache.js';
import { LOCAL_REGION, type LocalTopology, readTopology } from './topology.js';

export type { RuntimePhase, RuntimeProgress } from './progress.js';
export { RUNTIME_PHASES } from './progress.js';

export interface RuntimeOptions {
  /** 0: a port the kernel picks as the server listens (`Runtime.port`, `Runtime.url` tell which) */
  port: number;
  /** `.local` by default; everything persists under it */
  dataDir: string;
  fastWaits: boolean;
  /** seed the demo data on first start (default true) */
  seed?: boolean;
  /**
   * with the demo data, a case waiting at each review step (local/seed/demoCases.ts). Off by default:
   * the tests count the cases they re-drive and the bench the cases it makes; `npm start` turns it on.
   */
  demoCases?: boolean;
  /**
   * A DynamoDB (Local) that is already running, used instead of starting one on `dataDir` and left
   * running on stop: the test run shares one JVM between its files (test/support/sharedDynamo.ts).
   * Give such runtimes a `stackName` each, so their tables do not meet.
   */
  dynamoEndpoint?: string;
  /** Named as CloudFormation names a stack's table (`{stack}-{logicalId}`); the logical id alone by default. */
  stackName?: string;
  /**
   * Told as each phase of the start begins and ends, then `ready` once (local/runtime/progress.ts):
   * `npm start` prints them; the tests, which start runtimes too, pass nothing and stay quiet.
   */
  onProgress?: (progress: RuntimeProgress) => void;
  /** the ID-token lifetime of the local OAuth endpoints (an hour by default); seconds in tests of the refresh */
  idTokenTtlSeconds?: number;
}

export interface Runtime {
  url: string;
  port: number;
  topology: LocalTopology;
  host: LambdaHost;
  sfn: LocalStepFunctions;
  events: EventRouter;
  users: UserStore;
  issuer: LocalIssuer;
  redriven: string[];
  stop(): Promise<void>;
}

async function ensureTable(endpoint: string, topology: LocalTopology): Promise<void> {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const p = topology.table.properties as Record<string, never>;
  try {
    await client.send(new DescribeTableCommand({ TableName: topology.table.name }));
    // a table kept from an earlier start gets the indexes the stack declared since (as CloudFormation would)
    await addMissingIndexes(client, topology.table.name, p);
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: topology.table.name,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function servePortal(res: ServerResponse, path: string) {
  const root = projectPath('portal/dist');
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  const target = file.startsWith(root) && existsSync(file) ? file : join(root, 'index.html');
  if (!existsSync(target)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>宅基地退出</title><body><h1>宅基地和承包地自愿有偿退出</h1><p>The portal is not built yet (issue 7). The API is at <a href="/api/health">/api</a>; demo users: <a href="/api/local/users">/api/local/users</a>.</p></body></html>',
    );
    return;
  }
  res.writeHead(200, { 'content-type': MIME[extname(target)] ?? 'application/octet-stream' });
  res.end(readFileSync(target));
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Listens on `port`, or, when it is 0 (the tests and benches), on one the kernel picks as it listens: a
 * port found free beforehand can be taken in the seconds of the start (CI once saw EADDRINUSE, some
 * connection's ephemeral port having taken it).
 */
function listen(server: Server, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  await mkdir(opts.dataDir, { recursive: true });
  // the server listens first, so that the start can tell its address to what it configures (the handlers'
  // endpoints, the issuer); until the start is over it answers 503 "starting"
  const server = createServer((_req, res) => json(res, 503, { status: 'starting' }));
  const port = await listen(server, opts.port);
  // what the start has begun ends again when a later phase fails: the tests go on in this process
  const begun: Array<() => Promise<void>> = [];
  try {
    return await wire(opts, server, port, (stop) => begun.push(stop));
  } catch (error) {
    for (const stop of begun.reverse()) await stop().catch(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    throw error;
  }
}

async function wire(
  opts: RuntimeOptions,
  server: Server,
  port: number,
  begun: (stop: () => Promise<void>) => void,
): Promise<Runtime> {
  const progress = startProgress(opts.onProgress);
  const phase = progress.run;
  const dataDir = opts.dataDir;
  const topology = readTopology(await phase('template', loadTemplate), { stackName: opts.stackName });
  const host = new LambdaHost(topology.functions);
  const url = `http://127.0.0.1:${port}`;

  const dynamo = await phase<Pick<DynamoLocal, 'endpoint' | 'stop'>>(
    'dynamodb',
    async () =>
      opts.dynamoEndpoint
        ? { endpoint: opts.dynamoEndpoint, stop: async () => undefined }
        : await startDynamoLocal({ dbPath: join(dataDir, 'dynamodb') }),
    () => (opts.dynamoEndpoint ? 'external' : undefined),
  );
  begun(dynamo.stop);
  const verifierFor = (bucket: string) => topology.s3Notifications.filter((n) => n.bucket === bucket);
  const forwarders = topology.s3Notifications.map((n) =>
    createS3EventForwarder({
      buckets: [n.bucket],
      filter: { prefix: n.prefix, suffix: n.suffix },
      deliver: async (event) => {
        await host.invoke(n.functionId, event);
      },
    }),
  );
  const s3 = await phase('s3', () =>
    startS3Local({
      directory: join(dataDir, 's3'),
      buckets: Object.values(topology.bucketNames),
      onObjectCreated: async (record) => {
        if (verifierFor(record.s3.bucket.name).length === 0) return;
        await Promise.all(forwarders.map((f) => f(record)));
      },
    }),
  );
  begun(s3.stop);
  await phase('storage', async () => {
    await ensureTable(dynamo.endpoint, topology);
    for (const bucket of Object.values(topology.bucketNames)) await ensureBucket(s3.endpoint, bucket);
  });

  const handlerEnvironment = functionEnvironment(topology.functions, { fastWaits: opts.fastWaits });
  // the handlers share this process: a cap left by an earlier runtime (tests start several) must not apply
  if (handlerEnvironment.WAIT_SECONDS_CAP === undefined) delete process.env.WAIT_SECONDS_CAP;
  // the handlers' own SDK clients reach the local services through the standard endpoint variables
  Object.assign(process.env, handlerEnvironment, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SFN: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
  });
  resetAppConfig();
  resetClients();

  const sfn = new LocalStepFunctions(topology.definition, topology.stateMachineArn, host, {
    fastWaits: opts.fastWaits,
    onError: (error) => console.error('[workflow]', error instanceof Error ? error.message : error),
  });
  const events = new EventRouter(topology, host, join(dataDir, 'dead-letters.jsonl'), {
    ...(opts.fastWaits ? { maxBatchingWindowSeconds: FAST_WAIT_SECONDS } : {}),
  });
  const users = createUserStore(join(dataDir, 'users.json'));
  const issuer = await createLocalIssuer({
    dir: dataDir,
    issuerUrl: `${url}/api/local`,
    ...(opts.idTokenTtlSeconds === undefined ? {} : { idTokenTtlSeconds: opts.idTokenTtlSeconds }),
  });
  const oauth = createOAuthEndpoints({ issuer, users });
  const api = createHttpApi({ topology, host, issuer });
  const awsJson = firstHandler(
    createSfnEndpoint(sfn),
    createEventsEndpoint(async (entries) => events.accept(entries)),
  );
  let ready = false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && req.headers['x-amz-target'] && (await awsJson(req, res))) return;
    const parsed = new URL(req.url ?? '/', url);
    const path = parsed.pathname;
    if (path === '/api/health' || path === '/health') {
      return ready ? json(res, 200, { status: 'ok' }) : json(res, 503, { status: 'starting' });
    }
    if (path === '/api/local/.well-known/jwks.json') return json(res, 200, issuer.jwks());
    if (await oauth.handle(req, res, path, parsed.searchParams)) return;
    if (path === '/api/local/users' && req.method === 'GET') {
      return json(res, 200, { items: await users.list() });
    }
    if (path === '/api/local/users' && req.method === 'POST') {
      try {
        return json(
          res,
          201,
          await users.put(JSON.parse((await readRequestBody(req)).toString('utf8') || 'null')),
        );
      } catch (error) {
        return json(res, 400, {
          title: 'Bad Request',
          titleZh: '请求内容有误',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'not a valid user',
          detailZh: '用户信息无效',
          errors: [{ path: 'body', message: String(error) }],
        });
      }
    }
    if (path === '/api/local/login' && req.method === 'POST') {
      let userId: unknown;
      try {
        userId = (JSON.parse((await readRequestBody(req)).toString('utf8') || '{}') as { userId?: unknown })
          .userId;
      } catch {
        userId = undefined;
      }
      const user =
        typeof userId === 'string' ? (await users.list()).find((u) => u.userId === userId) : undefined;
      if (!user) {
        return json(res, 400, {
          title: 'Bad Request',
          titleZh: '请求内容有误',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'unknown user',
          detailZh: '没有这个演示用户',
          errors: [{ path: 'body.userId', message: 'no such demo user' }],
        });
      }
      return json(res, 200, { token: await issuer.sign(user, 12 * 3600) });
    }
    if (path.startsWith('/api/')) return api(req, res, path.slice(4), parsed.searchParams);
    return servePortal(res, path);
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // every answer, the portal's files and the runtime's own problems included: a browser never guesses a
    // type from the content (issue 16; the handlers' answers set it too, functions/api/http)
    res.setHeader('x-content-type-options', 'nosniff');
    handle(req, res).catch((error: unknown) => {
      // a browser that reloads or navigates away aborts its request body: nothing to answer or report
      const code = (error as { code?: string }).code;
      if (req.destroyed && (code === 'ECONNRESET' || (error as Error).message === 'aborted')) return;
      if (error instanceof BodyTooLarge && !res.headersSent) {
        return json(res, 413, {
          title: 'Payload Too Large',
          titleZh: '请求内容过大',
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
          detail: error.message,
          detailZh: '请求内容过大',
          errors: [{ path: 'body', message: error.message }],
        });
      }
      console.error('[http]', error);
      if (!res.headersSent)
        json(res, 500, {
          title: 'Internal Server Error',
          titleZh: '系统错误',
          status: 500,
          code: 'INTERNAL',
          detail: 'the request could not be completed; it has been logged',
          detailZh: '系统暂时无法完成请求，已记录，请稍后再试。',
          errors: [],
        });
      else res.end();
    });
  };
  server.removeAllListeners('request').on('request', onRequest);

  const now = new Date().toISOString();
  if (opts.seed !== false) {
    await phase(
      'seed',
      () => seedDemoData(users, now, { demoCases: opts.demoCases === true }),
      (seeded) => (seeded ? 'seeded' : 'kept'),
    );
  }
  const redriven = await phase(
    'redrive',
    () => redriveOpenCases(sfn, topology.stateMachineArn, now),
    (ids) => `${ids.length}`,
  );
  ready = true;
  progress.ready();

  let stopped = false;
  return {
    url,
    port,
    topology,
    host,
    sfn,
    events,
    users,
    issuer,
    redriven,
    async stop() {
      if (stopped) return;
      stopped = true;
      ready = false;
      sfn.stopAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await events.drain().catch(() => undefined);
      await s3.stop();
      await dynamo.stop();
    },
  };
}
