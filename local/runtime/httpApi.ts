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
const TITLES = {
  NOT_FOUND: ['Not Found', '未找到'],
  UNAUTHENTICATED: ['Unauthorized', '未登录'],
  PAYLOAD_TOO_LARGE: ['Payload Too Large', '请求内容过大'],
  VALIDATION_FAILED: ['Bad Request', '请求有误'],
} as const;

function problem(
  res: ServerResponse,
  code: keyof typeof TITLES,
  detail: string,
  detailZh: string,
  errors: { path: string; message: string; messageZh?: string }[] = [],
) {
  const status = PROBLEM_STATUS[code];
  const [title, titleZh] = TITLES[code];
  res.writeHead(status, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
  res.end(JSON.stringify({ type: 'about:blank', title, titleZh, status, code, detail, detailZh, errors }));
}

import { BodyTooLarge, readRequestBody } from '../services/requestBody.js';

export { BodyTooLarge, MAX_REQUEST_BODY_BYTES, readRequestBody } from '../services/requestBody.js';

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
    // API Gateway's most specific match: a path of fixed segments (`/registry/imports/template`) before one
    // with a parameter in their place (`/registry/imports/{importId}`)
    const route = matches
      .filter((r) => r.method === method)
      .sort((a, b) => a.names.length - b.names.length)[0];
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
    const pathParameters: Record<string, string> = {};
    for (const [i, name] of route.names.entries()) {
      try {
        pathParameters[name] = decodeURIComponent(values[i] ?? '');
      } catch {
        // `C%E0%A4%A`: percent-encoding that is not UTF-8 is the client's mistake, never a 500
        return problem(
          res,
          'VALIDATION_FAILED',
          `path parameter ${name} is not valid percent-encoding`,
          '路径参数的编码无效',
          [
            {
              path: `path.${name}`,
              message: 'not valid percent-encoding (UTF-8)',
              messageZh: '编码无效（应为 UTF-8）',
            },
          ],
        );
      }
    }
    const queryStringParameters: Record<string, string> = {};
    for (const [k, v] of query)
      queryStringParameters[k] = queryStringParameters[k] ? `${queryStringParameters[k]},${v}` : v;
    let body: Buffer;
    try {
      body = await readRequestBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      return problem(
        res,
        'PAYLOAD_TOO_LARGE',
        `the request body is larger than ${error.limit} bytes`,
        `请求内容超过 ${error.limit / 1024 / 1024} MB`,
        [{ path: 'body', message: `at most ${error.limit} bytes`, messageZh: `最多 ${error.limit} 字节` }],
      );
    }
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
