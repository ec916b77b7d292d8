// The twin's console server: the built SPA on loopback, `config.json` with the twin's actual URLs,
// and index.html for every other path (deep links), with the security headers the cloud's
// distribution sets, from the same builder (infra/console-security-headers.ts) with the twin's
// origins: its CSP names what config.json points at (the API on its own port, the WebSocket API, the
// issuer). Until it is configured (the APIs' ports are known), every path answers 503.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { ConsoleConfig } from '../../console/src/config-json.ts';
import { consoleSecurityHeaders } from '../console-security-headers.ts';
import { listen } from './http-common.ts';

/** config.json as the console reads it (its one declaration: console/src/config-json.ts). */
export type ConsoleConfigJson = ConsoleConfig;

export interface ConsoleServer {
  url: string;
  /** Sets what config.json answers (the APIs' URLs are known only once they listen). */
  configure(config: ConsoleConfigJson): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const origin = (url: string) => new URL(url).origin;

/**
 * The security headers for a console talking to these URLs: the cloud's (consoleSecurityHeaders),
 * with the twin's origins in connect-src and no upgrade to HTTPS (the twin serves plain HTTP). Pure.
 */
export function twinConsoleHeaders(config: ConsoleConfigJson): Record<string, string> {
  return consoleSecurityHeaders(
    {
      ...(/^https?:/.test(config.api_url) ? { apiOrigin: origin(config.api_url) } : {}),
      webSocketOrigin: origin(config.websocket_url),
      cognitoOrigin: config.cognito_domain
        ? origin(/^https?:/.test(config.cognito_domain) ? config.cognito_domain : `https://${config.cognito_domain}`)
        : null,
    },
    { plainHttp: true },
  );
}

/** The file a request path names inside `root`, or null (outside root, a directory, or absent). */
export function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!full.startsWith(path.resolve(root) + path.sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

export async function startConsoleServer(options: { dir: string; port?: number }): Promise<ConsoleServer> {
  let config: ConsoleConfigJson | null = null;
  let headers: Record<string, string> = {};
  const server: Server = createServer((req, res) => {
    if (!config) {
      res
        .writeHead(503, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', 'retry-after': '1' })
        .end('{"message":"starting"}');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method Not Allowed');
      return;
    }
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (urlPath === '/config.json') {
      res.writeHead(200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(config));
      return;
    }
    const file = fileFor(options.dir, urlPath);
    // A missing asset is a 404 (not index.html, which a script tag would misread); any other path is a deep link.
    if (!file && urlPath.startsWith('/assets/')) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const served = file ?? path.join(options.dir, 'index.html');
    const immutable = served.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[path.extname(served)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(served).pipe(res);
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    configure: (next) => {
      headers = twinConsoleHeaders(next);
      config = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
