// Webhook deliveries on the twin (in this process): N integration events (default 1,000) to three
// loopback endpoints, one of which fails (503) the first attempt of every other event. Measures,
// per endpoint and overall, the time from acceptance (the 202 at the client) to the successful
// delivery (the endpoint answering 2xx), and counts deliveries lost (never delivered within the
// deadline; goal 0) and duplicated beyond retries (a webhook-id delivered successfully more than
// once to the same endpoint; goal 0). The twin runs the declared wiring with its default delivery
// settings (seed 002's retries); only the per-principal write limit is lifted, so one client may
// send every event.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTwin } from '#infra/local/twin.ts';

export interface WebhookBenchOptions {
  events: number;
  /** Events sent side by side. */
  concurrency: number;
  /** Seconds to wait, after the last 202, for every delivery. */
  deadlineSeconds: number;
  onProgress?: (line: string) => void;
}

export const WEBHOOK_BENCH_DEFAULTS = { events: 1000, concurrency: 16, deadlineSeconds: 180 } as const;

export interface Latency {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface EndpointResult {
  name: string;
  behaviour: string;
  delivered: number;
  /** Every request the endpoint received (retries included). */
  requests: number;
  /** Requests it answered with an error on purpose. */
  failedOnPurpose: number;
  acceptedToDeliveredMs: Latency;
  lost: number;
  duplicatedBeyondRetries: number;
}

export interface WebhookBenchResult {
  options: WebhookBenchOptions;
  twinStartMs: number;
  durationMs: number;
  accepted: number;
  refused: Record<string, number>;
  /** Client-side 202 latency of POST /v1/integrations/events. */
  httpAcceptMs: Latency;
  /** First 202 → last 202. */
  sendSeconds: number;
  /** First 202 → last successful delivery. */
  drainSeconds: number;
  deliveriesPerSecond: number;
  endpoints: EndpointResult[];
  overall: { acceptedToDeliveredMs: Latency; expected: number; delivered: number; lost: number; duplicatedBeyondRetries: number };
  /** Dead letters recorded for the delivery queue during the run (goal 0). */
  deadLettered: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function latency(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : NaN);
  return { n: sorted.length, p50: round1(at(50)), p90: round1(at(90)), p99: round1(at(99)), max: round1(sorted.at(-1) ?? NaN) };
}

interface Endpoint {
  name: string;
  behaviour: string;
  server: Server;
  url: string;
  /** webhook-id → times it was answered 2xx. */
  successes: Map<string, number[]>;
  requests: number;
  failedOnPurpose: number;
}

async function startEndpoint(name: string, behaviour: string, failFirstAttempt: (webhookId: string) => boolean): Promise<Endpoint> {
  const endpoint = { name, behaviour, successes: new Map(), requests: 0, failedOnPurpose: 0 } as Endpoint;
  const seen = new Set<string>();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const at = Date.now();
      endpoint.requests++;
      const id = String(request.headers['webhook-id'] ?? '');
      const first = !seen.has(id);
      seen.add(id);
      if (first && failFirstAttempt(id)) {
        endpoint.failedOnPurpose++;
        response.writeHead(503).end();
        return;
      }
      const times = endpoint.successes.get(id) ?? [];
      times.push(at);
      endpoint.successes.set(id, times);
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  // The same object the request handler counts into.
  return Object.assign(endpoint, { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
}

type Call = (method: string, route: string, credential: string, body?: unknown) => Promise<Response>;

function caller(baseUrl: string): Call {
  return (method, route, credential, body) =>
    fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function registerEndpoints(call: Call, maintainer: string, endpoints: readonly Endpoint[]): Promise<void> {
  for (const endpoint of endpoints) {
    const res = await call('POST', '/v1/webhooks', maintainer, { url: endpoint.url, description: `bench ${endpoint.name}` });
    if (res.status !== 201) throw new Error(`registering endpoint ${endpoint.name} answered ${res.status}: ${await res.text()}`);
  }
}

interface Sent {
  /** event id → when its 202 arrived (epoch ms). */
  acceptedAt: Map<string, number>;
  httpMs: number[];
  refused: Record<string, number>;
}

/** `events` integration events over `concurrency` lanes (every tenth critical). */
async function sendEvents(call: Call, maintainer: string, options: WebhookBenchOptions): Promise<Sent> {
  const sent: Sent = { acceptedAt: new Map(), httpMs: [], refused: {} };
  let next = 0;
  const lane = async () => {
    while (next < options.events) {
      const n = next++;
      const t0 = performance.now();
      const res = await call('POST', '/v1/integrations/events', maintainer, {
        source: 'bench',
        event_type: 'bench.event',
        severity: n % 10 === 0 ? 'critical' : 'info',
        message: `event ${n}`,
        metadata: { n },
      });
      const text = await res.text();
      if (res.status !== 202) {
        sent.refused[res.status] = (sent.refused[res.status] ?? 0) + 1;
        continue;
      }
      sent.httpMs.push(performance.now() - t0);
      sent.acceptedAt.set((JSON.parse(text) as { event_id: string }).event_id, Date.now());
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return sent;
}

/** Waits until every endpoint has every accepted event, or the deadline; then a little longer for late duplicates. */
async function awaitDeliveries(endpoints: readonly Endpoint[], acceptedAt: Map<string, number>, deadline: number, progress: (line: string) => void) {
  const expected = acceptedAt.size * endpoints.length;
  const delivered = () => endpoints.reduce((sum, e) => sum + [...e.successes.keys()].filter((id) => acceptedAt.has(id)).length, 0);
  let lastReport = Date.now();
  while (delivered() < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (Date.now() - lastReport > 10_000) {
      progress(`webhooks: ${delivered()}/${expected} delivered`);
      lastReport = Date.now();
    }
  }
  // Late duplicates would show up now.
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

/** Per endpoint: acceptance → first success of each event, lost and duplicated events; `all` latencies and the last first-delivery. */
function endpointResults(endpoints: readonly Endpoint[], acceptedAt: Map<string, number>, firstAccepted: number) {
  const all: number[] = [];
  let lastDelivery = firstAccepted;
  const results: EndpointResult[] = endpoints.map((endpoint) => {
    const latencies: number[] = [];
    let lost = 0;
    let duplicated = 0;
    for (const [eventId, accepted] of acceptedAt) {
      const successes = endpoint.successes.get(eventId);
      if (!successes) {
        lost++;
        continue;
      }
      duplicated += successes.length - 1;
      latencies.push(successes[0]! - accepted);
      lastDelivery = Math.max(lastDelivery, successes[0]!);
    }
    all.push(...latencies);
    return {
      name: endpoint.name,
      behaviour: endpoint.behaviour,
      delivered: latencies.length,
      requests: endpoint.requests,
      failedOnPurpose: endpoint.failedOnPurpose,
      acceptedToDeliveredMs: latency(latencies),
      lost,
      duplicatedBeyondRetries: duplicated,
    };
  });
  return { results, all, lastDelivery };
}

async function deadLetteredDeliveries(call: Call, admin: string): Promise<number> {
  const letters = await call('GET', '/v1/admin/dead-letters?queue=delivery&limit=200', admin);
  return ((await letters.json()) as { items?: unknown[] }).items?.length ?? 0;
}

function startEndpoints(): Promise<Endpoint[]> {
  let everyOther = 0;
  return Promise.all([
    startEndpoint('A', 'answers 204', () => false),
    startEndpoint('B', 'answers 204', () => false),
    startEndpoint('C', 'fails (503) the first attempt of every other event', () => everyOther++ % 2 === 0),
  ]);
}

export async function measureWebhooks(options: WebhookBenchOptions): Promise<WebhookBenchResult> {
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'scorecast-bench-webhooks-'));
  const twin = await startTwin({ stateDir, settings: { RATE_LIMIT_WRITE_PER_MINUTE: '1000000' }, onLog: () => undefined });
  const twinStartMs = Math.round(performance.now() - started);
  const endpoints = await startEndpoints();
  try {
    const tenant = 'bench-webhooks';
    const maintainer = twin.issuer.mint({ tenant, roles: ['maintainer'], sub: 'bench-maintainer', ttlSeconds: 3600 });
    const admin = twin.issuer.mint({ tenant, roles: ['admin'], sub: 'bench-admin', ttlSeconds: 3600 });
    const call = caller(twin.httpUrl);
    await registerEndpoints(call, maintainer, endpoints);

    progress(`webhooks: sending ${options.events} events, concurrency ${options.concurrency}…`);
    const { acceptedAt, httpMs, refused } = await sendEvents(call, maintainer, options);
    const times = [...acceptedAt.values()];
    const firstAccepted = Math.min(...times);
    const lastAccepted = Math.max(...times);
    progress(
      `webhooks: ${acceptedAt.size} accepted in ${((lastAccepted - firstAccepted) / 1000).toFixed(1)} s; waiting for ${acceptedAt.size * endpoints.length} deliveries…`,
    );
    await awaitDeliveries(endpoints, acceptedAt, lastAccepted + options.deadlineSeconds * 1000, progress);

    const { results, all, lastDelivery } = endpointResults(endpoints, acceptedAt, firstAccepted);
    const deadLettered = await deadLetteredDeliveries(call, admin);
    const drainSeconds = (lastDelivery - firstAccepted) / 1000;
    return {
      options: { events: options.events, concurrency: options.concurrency, deadlineSeconds: options.deadlineSeconds },
      twinStartMs,
      durationMs: Math.round(performance.now() - started),
      accepted: acceptedAt.size,
      refused,
      httpAcceptMs: latency(httpMs),
      sendSeconds: round1((lastAccepted - firstAccepted) / 1000),
      drainSeconds: round1(drainSeconds),
      deliveriesPerSecond: drainSeconds > 0 ? Math.round(all.length / drainSeconds) : NaN,
      endpoints: results,
      overall: {
        acceptedToDeliveredMs: latency(all),
        expected: acceptedAt.size * endpoints.length,
        delivered: all.length,
        lost: results.reduce((sum, r) => sum + r.lost, 0),
        duplicatedBeyondRetries: results.reduce((sum, r) => sum + r.duplicatedBeyondRetries, 0),
      },
      deadLettered,
    };
  } finally {
    for (const endpoint of endpoints) {
      endpoint.server.closeAllConnections();
      endpoint.server.close();
    }
    await twin.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export function formatWebhooks(result: WebhookBenchResult): string {
  const ms = (n: number) => (Number.isNaN(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const row = (name: string, behaviour: string, l: Latency, extra: string[]) => [
    name,
    behaviour,
    ms(l.p50),
    ms(l.p90),
    ms(l.p99),
    ms(l.max),
    ...extra,
  ];
  const header = ['endpoint', 'behaviour', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'delivered', 'requests', 'lost', 'duplicated'];
  const rows = [
    ...result.endpoints.map((e) =>
      row(e.name, e.behaviour, e.acceptedToDeliveredMs, [String(e.delivered), String(e.requests), String(e.lost), String(e.duplicatedBeyondRetries)]),
    ),
    row('all', '', result.overall.acceptedToDeliveredMs, [
      `${result.overall.delivered}/${result.overall.expected}`,
      String(result.endpoints.reduce((sum, e) => sum + e.requests, 0)),
      String(result.overall.lost),
      String(result.overall.duplicatedBeyondRetries),
    ]),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const refused =
    Object.entries(result.refused)
      .map(([status, n]) => `${n}× ${status}`)
      .join(', ') || 'none';
  return [
    `Webhook deliveries on the twin (in this process): ${result.options.events} events to 3 endpoints, concurrency ${result.options.concurrency}; ` +
      `twin start ${(result.twinStartMs / 1000).toFixed(1)} s; part took ${(result.durationMs / 1000).toFixed(1)} s`,
    `  accepted ${result.accepted} (refused: ${refused}) in ${result.sendSeconds} s; POST → 202 p50 ${ms(result.httpAcceptMs.p50)} / p99 ${ms(result.httpAcceptMs.p99)} ms; ` +
      `first 202 → last delivery ${result.drainSeconds} s (${result.deliveriesPerSecond} deliveries/s)`,
    `  lost ${result.overall.lost} (goal 0); duplicated beyond retries of the same webhook-id ${result.overall.duplicatedBeyondRetries} (goal 0); ` +
      `dead-lettered ${result.deadLettered}`,
    "  acceptance (202 at the client) → successful delivery (the endpoint's 2xx):",
    line(header),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
