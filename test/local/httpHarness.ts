import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsJsonRequestHandler } from '../../local/aws/awsJsonProtocol.js';

export interface TestServer {
  endpoint: string;
  close(): Promise<void>;
}

/** Serves the handler on 127.0.0.1 (port 0); what it does not claim gets a plain 404. */
export async function serve(handler: AwsJsonRequestHandler): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    handler(req, res).then(
      (claimed) => {
        if (!claimed) res.writeHead(404, { 'content-type': 'text/plain' }).end('not mine');
      },
      (error: unknown) => {
        res.writeHead(599).end(String(error));
      },
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

export const LOCAL_SDK_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;
