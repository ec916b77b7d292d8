// What the cost run counts besides the engines' requests (pipeline-traffic.ts): the HTTP API's
// requests and the @connections posts, both seen on the twin's gateway servers through Node's
// `http.server.request.start` diagnostics channel, and every Lambda invocation with its billed
// duration, from the function host's invocation channel (infra/local/function-host.ts).
import diagnostics_channel from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INVOCATION_CHANNEL, type InvocationRecord } from '#infra/local/function-host.ts';
import { billedGbSeconds, type CountedUsage } from './cost-model.ts';
import type { EngineRequest } from './pipeline-traffic.ts';

const REQUEST_START = 'http.server.request.start';

export interface GatewayCounts {
  httpRequests: number;
  connectionPosts: number;
  lambda: CountedUsage['lambda'];
}

/** Counts gateway requests and invocations from start() to stop(). */
export class UsageCounter {
  private readonly counts: GatewayCounts = { httpRequests: 0, connectionPosts: 0, lambda: {} };
  private readonly onRequest = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    const port = (server.address() as AddressInfo | null)?.port;
    if (port === this.httpPort) this.counts.httpRequests += 1;
    else if (port === this.wsPort && request.method === 'POST' && request.url?.includes('/@connections/')) this.counts.connectionPosts += 1;
  };
  private readonly onInvocation = (message: unknown) => {
    const { fn, durationMs, memoryMb } = message as InvocationRecord;
    const entry = (this.counts.lambda[fn] ??= { invocations: 0, gbSeconds: 0 });
    entry.invocations += 1;
    entry.gbSeconds += billedGbSeconds(durationMs, memoryMb);
  };
  private readonly httpPort: number;
  private readonly wsPort: number;

  constructor(urls: { httpUrl: string; wsUrl: string }) {
    this.httpPort = Number(new URL(urls.httpUrl).port);
    this.wsPort = Number(new URL(urls.wsUrl).port);
  }

  start(): void {
    diagnostics_channel.subscribe(REQUEST_START, this.onRequest);
    diagnostics_channel.subscribe(INVOCATION_CHANNEL, this.onInvocation);
  }

  stop(): GatewayCounts {
    diagnostics_channel.unsubscribe(REQUEST_START, this.onRequest);
    diagnostics_channel.unsubscribe(INVOCATION_CHANNEL, this.onInvocation);
    return this.counts;
  }
}

/** The platform's engine requests (the bench's own queue-depth polls left out): SQS requests and DynamoDB units. */
export function engineUsage(requests: readonly EngineRequest[]): Pick<CountedUsage, 'sqsRequests' | 'dynamodb'> {
  const platform = requests.filter((r) => !r.byBench);
  const dynamo = platform.filter((r) => r.engine === 'dynamodb');
  return {
    sqsRequests: platform.filter((r) => r.engine === 'sqs').length,
    dynamodb: {
      readUnits: dynamo.reduce((sum, r) => sum + (r.readUnits ?? 0), 0),
      writeUnits: dynamo.reduce((sum, r) => sum + (r.writeUnits ?? 0), 0),
    },
  };
}

/** DynamoDB requests and units per submission by label (`PutItem SUB`, `BatchWriteItem SPAN×10`…), costliest first. */
export function unitsByLabel(requests: readonly EngineRequest[], submissions: number) {
  const rows = new Map<string, { requests: number; readUnits: number; writeUnits: number }>();
  for (const r of requests) {
    if (r.byBench || r.engine !== 'dynamodb') continue;
    const row = rows.get(r.label) ?? { requests: 0, readUnits: 0, writeUnits: 0 };
    row.requests += 1;
    row.readUnits += r.readUnits ?? 0;
    row.writeUnits += r.writeUnits ?? 0;
    rows.set(r.label, row);
  }
  const per = (n: number) => Math.round((n / submissions) * 100) / 100;
  return [...rows.entries()]
    .map(([label, row]) => ({ label, requests: per(row.requests), readUnits: per(row.readUnits), writeUnits: per(row.writeUnits) }))
    .sort((a, b) => b.writeUnits * 5 + b.readUnits - (a.writeUnits * 5 + a.readUnits));
}

/** SQS requests per submission by operation and queue (`SendMessageBatch scorecast-broadcast`…), most first. */
export function sqsByLabel(requests: readonly EngineRequest[], submissions: number): { label: string; requests: number }[] {
  const rows = new Map<string, number>();
  for (const r of requests) if (!r.byBench && r.engine === 'sqs') rows.set(r.label, (rows.get(r.label) ?? 0) + 1);
  return [...rows.entries()]
    .map(([label, n]) => ({ label, requests: Math.round((n / submissions) * 100) / 100 }))
    .sort((a, b) => b.requests - a.requests);
}
