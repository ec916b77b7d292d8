// A programmable webhook endpoint on loopback for the integration tests: records every request
// (path, headers, raw body, arrival time) and answers each path with the statuses it is told to
// (then 200), optionally after a delay.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  port: number;
  url(path: string): string;
  received: Received[];
  /** The next answers for a path, in order; once used up, `then` (default 200). */
  answer(path: string, statuses: number[], then?: number): void;
  /** Requests to a path. */
  on(path: string): Received[];
  /** Resolves once `count` requests reached the path. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const plans = new Map<string, { statuses: number[]; then: number }>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const plan = plans.get(path);
      const status = plan ? (plan.statuses.shift() ?? plan.then) : 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const on = (path: string) => received.filter((r) => r.path === path);
  return {
    port: actualPort,
    url: (path) => `http://127.0.0.1:${actualPort}${path}`,
    received,
    answer: (path, statuses, then = 200) => plans.set(path, { statuses: [...statuses], then }),
    on,
    async waitFor(path, count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (on(path).length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} request(s) to ${path}; got ${on(path).length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return on(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
