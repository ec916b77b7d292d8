// Small node:http helpers shared by the twin's servers: the two API Gateway emulators
// (http-gateway.ts, ws-gateway.ts) and the loopback services (issuer, Lambda API, engines, receiver).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FunctionError } from './invoker.ts';

/** Listens on host:port (0: an ephemeral port); resolves with the port, rejects if it cannot listen. */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function formatUrl(protocol: string, host: string, port: number): string {
  return `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: boolean };

/** The request body, or why there is none: over `limit` bytes (read to its end), or the request failed. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) tooLarge = true;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { ok: false, tooLarge: true } : { ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ ok: false, tooLarge: false }));
    req.on('aborted', () => resolve({ ok: false, tooLarge: false }));
  });
}

// ---- API Gateway's ways -----------------------------------------------------------------------

/** An API Gateway style request/connection id: 11 random bytes in base64, e.g. 'L0SM9cOFvHcCIhw='. */
export function gatewayId(): string {
  // Standard base64 as API Gateway's, but never a '/', which would split an unencoded URL path.
  for (;;) {
    const id = randomBytes(11).toString('base64');
    if (!id.includes('/')) return id;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** API Gateway's CLF-style request time: '21/Nov/2026:21:51:19 +0000'. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** An X-Ray trace header as API Gateway adds it. */
export function traceHeader(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

export function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** decodeURIComponent that never throws (a malformed escape stays as sent). */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query parameters as API Gateway decodes them ('+' is a space); repeated keys in order. */
export function parseQuery(raw: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    pairs.push([safeDecode(key.replace(/\+/g, ' ')), safeDecode(value.replace(/\+/g, ' '))]);
  }
  return pairs;
}

export function describeError(error: unknown): string {
  if (error instanceof FunctionError) return `${error.errorType}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
