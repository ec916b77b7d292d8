// The twin's console server: the built SPA on loopback, `config.json` with the twin's actual URLs,
// and index.html for every other path (deep links), with the security headers the cloud's
// distribution sets (a CSP naming the API, the WebSocket API and the issuer; no framing).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { listen } from './http-common.ts';

/** config.json as the console reads it (console/src/config.ts). */
export interface ConsoleConfigJson {
  api_url: string;
  websocket_url: string;
  cognito_domain: string | null;
  client_id: string | null;
  region: string | null;
  allow_fragment_token: boolean;
}

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

/** The Content-Security-Policy for a console talking to these origins. Pure. */
export function consoleCsp(config: ConsoleConfigJson | null): string {
  const connect = ["'self'"];
  if (config) {
    if (/^https?:/.test(config.api_url)) connect.push(origin(config.api_url));
    connect.push(origin(config.websocket_url.replace(/^ws/, 'http')).replace(/^http/, 'ws'));
    if (config.cognito_domain) connect.push(origin(config.cognito_domain));
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
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
  const server: Server = createServer((req, res) => {
    const headers = {
      'content-security-policy': consoleCsp(config),
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method Not Allowed');
      return;
    }
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (urlPath === '/config.json') {
      if (!config) {
        res.writeHead(503, { ...headers, 'content-type': 'application/json', 'retry-after': '1' }).end('{"message":"starting"}');
        return;
      }
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
      config = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
