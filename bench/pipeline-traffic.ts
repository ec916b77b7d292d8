// Counts the requests the twin's embedded engines receive, by API operation, without touching the
// twin: a subscriber to Node's `http.server.request.start` diagnostics channel (published by every
// node:http server of this process just before its 'request' event) keeps the requests whose
// server listens on dynalite's or fauxqs's port. The functions' SDK clients (in worker threads)
// and the bench's own reach those servers over loopback TCP, so every request is seen, whoever
// sent it, with no proxy in the path (nothing is added to any latency).
//
// - The operation is the `X-Amz-Target` header (`DynamoDB_20120810.GetItem`, `AmazonSQS.SendMessage`).
// - DynamoDB requests are also labelled with the kind of item they touch (`GetItem APIKEY`,
//   `UpdateItem RATE`, `Query GSI1 BOARD`…, from the keys in the body, shared/store/keys.ts): the
//   subscriber reads the body alongside dynalite (a second 'data' listener; both see every chunk).
// - DynamoDB requests carry their estimated request units (capacity-units.ts): writes from the
//   request body, reads from the size of the response.
// - Requests land in every open window: a window per measured call, one for the whole pipeline.
import diagnostics_channel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CapacityEstimator, readUnits } from './capacity-units.ts';

export type Engine = 'dynamodb' | 'sqs';

export interface EngineRequest {
  engine: Engine;
  /** `GetItem`, `SendMessage`… (X-Amz-Target without its service prefix). */
  operation: string;
  /** DynamoDB: operation and item kind, e.g. `UpdateItem QUOTA` (filled in when the body has arrived). */
  label: string;
  /** Engine-side time: the request reached the server → its response finished (ms). */
  engineMs?: number;
  /** Sent by the bench's own SDK client (its user agent names `scorecast-bench`), not by the platform. */
  byBench: boolean;
  /** DynamoDB: estimated read and write request units (capacity-units.ts), once the response has finished. */
  readUnits?: number;
  writeUnits?: number;
}

/** The user agent the bench's own SDK clients add, so their requests are told apart from the platform's. */
export const BENCH_USER_AGENT = 'scorecast-bench';
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

export interface TrafficWindow {
  readonly requests: EngineRequest[];
  close(): EngineRequest[];
}

const CHANNEL = 'http.server.request.start';
const FINISH_CHANNEL = 'http.server.response.finish';

interface ServerStart {
  request: IncomingMessage;
  response?: ServerResponse;
  server: Server;
}

type AttributeValue = { S?: string; N?: string };
type Key = Record<string, AttributeValue | undefined>;

/** What kind of item a PK/SK pair is (shared/store/keys.ts), e.g. `SUB`, `VERSION`, `RATE`. */
export function itemKind(pk: string | undefined, sk: string | undefined): string {
  if (!pk) return '?';
  for (const prefix of ['APIKEY', 'RATE', 'QUOTA', 'IDEMP', 'MSGERR', 'CONN', 'HEALTH', 'BENCHFLOOR']) if (pk.startsWith(prefix)) return prefix;
  if (pk.startsWith('TENANT#')) {
    if (pk.endsWith('#AUDIT')) return 'AUDIT';
    if (pk.includes('#BOARD#')) return 'BOARD';
    if (pk.includes('#DEADLETTER#')) return 'DEADLETTER';
    if (pk.includes('#SUB#')) {
      if (!sk || sk === 'SUB') return 'SUB';
      return sk.split('#')[0] ?? 'SUB';
    }
    if (pk.includes('#BENCH#')) return 'VERSION';
    if (sk) return sk.split('#')[0] ?? 'TENANT'; // BENCH#, AGENT#
    return 'TENANT';
  }
  return pk.split('#')[0] ?? '?';
}

/** GSI partition values: `…#SUBS` (a benchmark's submissions), `…#BOARD#…` (a board), `PENDING#n`, `…#PRINCIPAL#…`. */
function indexKind(value: string | undefined): string {
  if (!value) return '?';
  if (value.startsWith('PENDING#')) return 'PENDING';
  if (value.endsWith('#SUBS')) return 'SUBS';
  if (value.includes('#BOARD#')) return 'BOARD';
  if (value.includes('#PRINCIPAL#')) return 'CONN';
  return itemKind(value, undefined);
}

export function dynamoLabel(operation: string, body: string): string {
  let request: Record<string, any>;
  try {
    request = JSON.parse(body) as Record<string, any>;
  } catch {
    return operation;
  }
  const fromKey = (key: Key | undefined) => itemKind(key?.PK?.S, key?.SK?.S);
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return `${operation} ${fromKey(request.Key as Key)}`;
    case 'PutItem':
      return `${operation} ${fromKey(request.Item as Key)}`;
    case 'Query': {
      const values = Object.values((request.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>);
      const partition = values[0]?.S;
      // A base-table query's sort-key condition (begins_with(SK, :prefix), BETWEEN…) names the item kind.
      const sortKey = String(request.KeyConditionExpression ?? '').includes('SK') ? values[1]?.S : undefined;
      return request.IndexName ? `Query ${request.IndexName} ${indexKind(partition)}` : `Query ${itemKind(partition, sortKey)}`;
    }
    case 'BatchWriteItem': {
      const writes = Object.values(
        (request.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }[]>,
      ).flat();
      const first = writes[0];
      const kind = first ? fromKey(first.PutRequest?.Item ?? first.DeleteRequest?.Key) : '?';
      return `BatchWriteItem ${kind}×${writes.length}`;
    }
    default:
      return operation;
  }
}

export class EngineTraffic {
  private ports = new Map<number, Engine>();
  private servers = new WeakMap<Server, Engine | null>();
  private windows = new Set<EngineRequest[]>();
  private started = new WeakMap<IncomingMessage, { record: EngineRequest; at: number; consistent?: boolean }>();
  private readonly listener = (message: unknown) => this.onRequest(message as ServerStart);
  private readonly capacity = new CapacityEstimator();
  private readonly finishListener = (message: unknown) => {
    const { request, response } = message as ServerStart;
    const start = this.started.get(request);
    if (!start) return;
    start.record.engineMs = performance.now() - start.at;
    if (start.consistent !== undefined && response)
      start.record.readUnits = readUnits(Number(response.getHeader('content-length') ?? 0), start.consistent);
  };
  private subscribed = false;

  subscribe(): void {
    if (this.subscribed) return;
    diagnostics_channel.subscribe(CHANNEL, this.listener);
    diagnostics_channel.subscribe(FINISH_CHANNEL, this.finishListener);
    this.subscribed = true;
  }

  unsubscribe(): void {
    if (!this.subscribed) return;
    diagnostics_channel.unsubscribe(CHANNEL, this.listener);
    diagnostics_channel.unsubscribe(FINISH_CHANNEL, this.finishListener);
    this.subscribed = false;
    this.windows.clear();
  }

  /** The engines' endpoints (known once the twin has started); requests to other servers are ignored. */
  watch(endpoints: { dynamodbEndpoint: string; sqsEndpoint: string }): void {
    this.ports.set(Number(new URL(endpoints.dynamodbEndpoint).port), 'dynamodb');
    this.ports.set(Number(new URL(endpoints.sqsEndpoint).port), 'sqs');
    this.servers = new WeakMap();
  }

  /** Collects every engine request from now until close(). */
  open(): TrafficWindow {
    const requests: EngineRequest[] = [];
    this.windows.add(requests);
    return {
      requests,
      close: () => {
        this.windows.delete(requests);
        return requests;
      },
    };
  }

  private engineOf(server: Server): Engine | null {
    let engine = this.servers.get(server);
    if (engine === undefined) {
      const address = server.address() as AddressInfo | string | null;
      engine = address && typeof address === 'object' ? (this.ports.get(address.port) ?? null) : null;
      this.servers.set(server, engine);
    }
    return engine;
  }

  /** Write units now (from the body); for a read, whether it is consistent, so its units follow from the response's size. */
  private estimateUnits(started: { record: EngineRequest; consistent?: boolean }, operation: string, body: string): void {
    let request: Record<string, any>;
    try {
      request = JSON.parse(body) as Record<string, any>;
    } catch {
      return;
    }
    if (READS.has(operation)) started.consistent = request.ConsistentRead === true;
    else started.record.writeUnits = this.capacity.writeUnits(operation, request);
  }

  private onRequest({ request, server }: ServerStart): void {
    if (this.windows.size === 0 || this.ports.size === 0) return;
    const engine = this.engineOf(server);
    if (!engine) return;
    const target = request.headers['x-amz-target'];
    const operation = (typeof target === 'string' ? target.split('.').pop() : undefined) ?? `${request.method} ${request.url}`;
    const userAgent = `${request.headers['user-agent'] ?? ''} ${request.headers['x-amz-user-agent'] ?? ''}`;
    const record: EngineRequest = { engine, operation, label: operation, byBench: userAgent.includes(BENCH_USER_AGENT) };
    for (const window of this.windows) window.push(record);
    const started: { record: EngineRequest; at: number; consistent?: boolean } = { record, at: performance.now() };
    this.started.set(request, started);
    if (engine === 'sqs') {
      // Labelled with the queue too (`ReceiveMessage scorecast-broadcast`): what each pipeline costs in requests.
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = /"QueueUrl"\s*:\s*"([^"]+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        if (url) record.label = `${operation} ${url.split('/').pop()}`;
      });
    }
    if (engine === 'dynamodb') {
      // A second reader of the body: dynalite's own 'data' listener is attached in the same tick
      // (its 'request' handler runs right after this channel), and both receive every chunk.
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        record.label = dynamoLabel(operation, body);
        this.estimateUnits(started, operation, body);
      });
    }
  }
}

/** Counts by key (operation or label), in first-seen order. */
export function countBy(requests: readonly EngineRequest[], key: (r: EngineRequest) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[key(request)] = (counts[key(request)] ?? 0) + 1;
  return counts;
}
