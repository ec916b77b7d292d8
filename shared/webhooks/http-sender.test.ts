// The outbound POST against real loopback servers: answers, timeouts, refused connections, and
// the address check made by the connection itself (literals before connecting, names at lookup).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './http-sender.ts';

let server: Server;
let port = 0;
const seen: { headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      if (request.url === '/slow') return; // never answers
      const status = Number(request.url?.slice(1)) || 200;
      response.writeHead(status).end('x'.repeat(100_000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const twin = { timeoutMs: 1000, policy: { allowLoopback: true } };
const cloud = { timeoutMs: 1000, policy: { allowLoopback: false } };

describe('postJson', () => {
  it('posts the body and headers and reports the status and latency', async () => {
    const result = await postJson(`http://127.0.0.1:${port}/201`, '{"a":1}', { 'webhook-id': 'evt_1' }, twin);
    expect(result).toEqual({ statusCode: 201, latencyMs: expect.any(Number) });
    expect(seen.at(-1)).toMatchObject({
      body: '{"a":1}',
      headers: { 'webhook-id': 'evt_1', 'content-type': 'application/json', 'content-length': '7' },
    });
    expect((await postJson(`http://127.0.0.1:${port}/503`, '{}', {}, twin)).statusCode).toBe(503);
  });

  it('gives up after the timeout', async () => {
    const result = await postJson(`http://127.0.0.1:${port}/slow`, '{}', {}, { ...twin, timeoutMs: 200 });
    expect(result).toMatchObject({ error: 'timed out after 200 ms' });
    expect(result.statusCode).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(190);
  });

  it('reports a refused connection as a network error (retryable)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await postJson(`http://127.0.0.1:${free}/`, '{}', {}, twin);
    expect(result.error).toMatch(/^ECONNREFUSED/);
    expect(result.refused).toBeUndefined();
  });

  it('resolves names itself and refuses the connection when an address is not allowed', async () => {
    // Refused first: a kept-alive socket is reused without a new lookup (a container's policy never changes).
    const refused = await postJson(`http://localhost:${port}/200`, '{}', {}, cloud);
    expect(refused).toMatchObject({
      refused: true,
      error: expect.stringMatching(/^refused: localhost resolves to a refused address: (127\.0\.0\.1|::1) is a loopback address$/),
    });
    expect((await postJson(`http://localhost:${port}/200`, '{}', {}, twin)).statusCode).toBe(200);
  });

  it('refuses address literals before connecting', async () => {
    const before = seen.length;
    expect(await postJson(`http://127.0.0.1:${port}/200`, '{}', {}, cloud)).toMatchObject({
      refused: true,
      error: 'refused: 127.0.0.1 is a loopback address',
    });
    expect(await postJson('http://169.254.169.254/latest/meta-data/', '{}', {}, twin)).toMatchObject({
      refused: true,
      error: 'refused: 169.254.169.254 is a metadata address',
    });
    expect(await postJson('http://[::ffff:a9fe:a9fe]/', '{}', {}, twin)).toMatchObject({ refused: true });
    expect(seen.length).toBe(before);
  });
});
