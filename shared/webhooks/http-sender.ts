// The outbound POST of one delivery attempt, on node:http(s) with keep-alive agents created once per
// container. The host is checked where the connection is made: an address literal before
// connecting, a name by the connection's own DNS lookup, which refuses the connection when any
// address it resolves to is not allowed (so a rebinding name cannot slip a private address in
// between a check and the connect). Redirects are not followed. The timeout covers the whole
// exchange, from connect to the end of the response.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress, type AddressPolicy } from './address.ts';

export interface PostResult {
  /** Absent when no answer came (network error, timeout, refused address). */
  statusCode?: number;
  latencyMs: number;
  error?: string;
  /** The address was refused: retrying cannot help. */
  refused?: boolean;
  /** The response body (UTF-8), when asked for with `keepBody` (judges answer with one; webhook endpoints' is drained). */
  body?: string;
}

const REFUSED = 'EADDRNOTALLOWED';
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function refusal(message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = REFUSED;
  return error;
}

/** dns.lookup that fails when any resolved address is not allowed (used for the connection itself). */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return (callback as (e: Error) => void)(error);
      const list = addresses as dns.LookupAddress[];
      const refused = list.map((a) => refusedAddress(a.address, policy)).find((reason) => reason !== null);
      if (refused || list.length === 0)
        return (callback as (e: Error) => void)(refusal(`${hostname} resolves to a refused address: ${refused ?? 'none'}`));
      if ((options as dns.LookupOptions).all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
    });
  };
}

export function postJson(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; policy: AddressPolicy; keepBody?: { maxBytes: number } },
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(rawUrl);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host)) {
    const refused = refusedAddress(host, options.policy);
    if (refused) return Promise.resolve({ latencyMs: elapsed(), error: `refused: ${refused}`, refused: true });
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup: guardedLookup(options.policy),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Scorecast-Webhooks/1',
        },
      },
      (response) => {
        // Drain the body so the socket can be reused; keep it (up to maxBytes) only when asked.
        const chunks: Buffer[] = [];
        let kept = 0;
        const keep = options.keepBody;
        response.on('data', (chunk: Buffer) => {
          if (!keep || kept >= keep.maxBytes) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('end', () =>
          finish({
            statusCode: response.statusCode,
            ...(keep ? { body: Buffer.concat(chunks).subarray(0, keep.maxBytes).toString('utf8') } : {}),
          }),
        );
        response.on('error', (error) => finish({ statusCode: response.statusCode, error: error.message }));
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error.code === REFUSED;
      finish({
        error: refused ? `refused: ${error.message}` : error.code ? `${error.code}: ${error.message}` : error.message,
        ...(refused ? { refused } : {}),
      });
    });
    request.end(body);
  });
}
