import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_STATUS } from '../../shared/contract/problem.js';
import type { LocalIssuer } from '../auth/localIssuer.js';
import type { LambdaHost } from './lambdaHost.js';
import { LOCAL_ACCOUNT, type LocalTopology } from './topology.js';

/**
 * The HTTP API as API Gateway (HTTP API, payload format 2.0) presents it to the handlers: routes from
 * the template, a JWT authorizer that verifies the local issuer's tokens and passes the claims the way
 * the real authorizer does (arrays flattened to "[a b]"), the handler's answer written back as is.
 */
interface CompiledRoute {
  method: string;
  routeKey: string;
  pattern: RegExp;
  names: string[];
  functionId: string;
  authorized: boolean;
}

export function compileRoutes(topology: LocalTopology): CompiledRoute[] {
  return topology.routes.map((r) => {
    const names: string[] = [];
    const source = r.path
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
    return {
      method: r.method,
      routeKey: `${r.method} ${r.path}`,
      pattern: new RegExp(`^${source}$`),
      names,
      functionId: r.functionId,
      authorized: r.authorized,
    };
  });
}

function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) {
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  }
  return out;
}

/** The runtime's own answers (what API Gateway answers before a handler runs), with the contract's code. */
function problem(
  res: ServerResponse,
  code: 'NOT_FOUND' | 'UNAUTHENTICATED',
  detail: string,
  detailZh: string,
) {
  const status = PROBLEM_STATUS[code];
  const title = code === 'NOT_FOUND' ? 'Not Found' : 'Unauthorized';
  const titleZh = code === 'NOT_FOUND' ? '未找到' : '未登录';
  res.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8' });
  res.end(
    JSON.stringify({ type: 'about:blank', title, titleZh, status, code, detail, detailZh, errors: [] }),
  );
}

export async function readRequestBody(req: IncomingMessage, max = 12 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createHttpApi(deps: { topology: LocalTopology; host: LambdaHost; issuer: LocalIssuer }) {
  const routes = compileRoutes(deps.topology);
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const matches = routes.filter((r) => r.pattern.test(path));
    const route = matches.find((r) => r.method === method);
    if (!route) {
      // API Gateway answers 404 for an unknown route and for a known path with another method
      problem(res, 'NOT_FOUND', `no route ${method} ${path}`, '没有这个接口');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    let claims: Record<string, string> | undefined;
    if (route.authorized) {
      const auth = headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      if (!token) return problem(res, 'UNAUTHENTICATED', 'a bearer token is required', '请先登录');
      try {
        claims = flattenClaims(await deps.issuer.verify(token));
      } catch {
        return problem(res, 'UNAUTHENTICATED', 'the token is invalid or expired', '登录已失效，请重新登录');
      }
    }
    const values = route.pattern.exec(path)?.slice(1) ?? [];
    const pathParameters = Object.fromEntries(
      route.names.map((n, i) => [n, decodeURIComponent(values[i] ?? '')]),
    );
    const queryStringParameters: Record<string, string> = {};
    for (const [k, v] of query)
      queryStringParameters[k] = queryStringParameters[k] ? `${queryStringParameters[k]},${v}` : v;
    const body = await readRequestBody(req);
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: path,
      rawQueryString: query.toString(),
      headers,
      ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
      ...(route.names.length > 0 ? { pathParameters } : {}),
      requestContext: {
        accountId: LOCAL_ACCOUNT,
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: route.routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      },
      ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
    };
    const result = (await deps.host.invoke(route.functionId, event)) as {
      statusCode?: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
    };
    res.writeHead(result?.statusCode ?? 200, result?.headers ?? { 'content-type': 'application/json' });
    res.end(
      result?.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result?.body ?? ''),
    );
  };
}
