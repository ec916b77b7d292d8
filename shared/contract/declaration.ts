// The shape of the one wiring declaration (infra/wiring.ts). The CDK stack (infra/stack.ts) and
// the local twin (infra/local/) are both built from a value of this type. Types only, no CDK and no
// AWS SDK: it lives in shared/ so that infra/ imports shared/ and never the reverse.
import type { HttpRouteDecl } from './routes.ts';
import type { SettingType } from '#shared/config/setting-types.ts';

export type { Access, HttpMethod, RateLimitBucket, Role, RoutePolicy } from './access.ts';
export type { HttpRouteDecl, RouteSchemas } from './routes.ts';

/** A resource a function uses: it becomes both an environment variable and a least-privilege grant. */
export type Use =
  /** TABLE_NAME; GetItem/Query/BatchGetItem (read) or also Put/Update/Delete/BatchWrite (readWrite). */
  | { table: 'read' | 'readWrite' }
  /** <QUEUE>_QUEUE_URL; `send` grants SendMessage, `inspect` grants GetQueueAttributes (health checks). */
  | { queue: string; send?: boolean; inspect?: boolean }
  /**
   * <QUEUE>_DLQ_URL; `receive` grants receive/delete on the queue's DLQ, `send` SendMessage (a
   * consumer moves a message that fails its queue's contract there at once), `inspect` GetQueueAttributes.
   */
  | { deadLetterQueue: string; receive?: boolean; send?: boolean; inspect?: boolean }
  /**
   * QUEUE_URLS (JSON name → URL of every queue and DLQ). `inspect`: GetQueueAttributes on each
   * (health checks); `send`: SendMessage on each source queue, never a DLQ (dead-letter redrive).
   */
  | { allQueues: 'inspect' | 'send' }
  /** WEBSOCKET_CALLBACK_URL; execute-api:ManageConnections on this API's @connections. */
  | { connections: true };

export interface FunctionDecl {
  /** Entry file, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  uses?: readonly Use[];
  /** Names of settings (see `settings`) this function reads. */
  settings?: readonly string[];
  /** Load the X-Ray tracer (only where it earns its cold-start cost). */
  tracing?: boolean;
  /**
   * Files, relative to the repository root, shipped beside the bundle under their own name (the
   * stack, the twin and the bench copy them), read at run time as `new URL('./<name>', import.meta.url)`:
   * data a function sends as it is, which would cost its cold start to compile as a string literal.
   */
  files?: readonly string[];
}

export interface WebSocketDecl {
  stage: string;
  /** Route key → function. `$connect` is the only authorised route. */
  routes: Record<string, string>;
  /** Seconds a connection may stay idle before the gateway closes it (API Gateway: 600). */
  idleTimeoutSeconds: number;
  /** Longest life of a connection (API Gateway: 7200). */
  maxConnectionSeconds: number;
}

export interface QueueDecl {
  /** Function invoked with SQS batches. */
  consumer: string;
  batchSize: number;
  batchingWindowSeconds: number;
  /** At least six times the consumer's timeout (AWS guidance, pinned by an infrastructure test). */
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** Most concurrent invocations of the consumer for this queue (Lambda's minimum is 2). */
  maxConcurrency: number;
  retentionDays?: number;
  /** Function that drains this queue's DLQ (the dead-letter recorder), if any. */
  deadLetterConsumer?: string;
}

export interface ScheduleDecl {
  function: string;
  rateMinutes: number;
  description: string;
}

/** One setting (shared/contract/settings.ts): `T` is the value its function reads (readSettings, shared/config/settings.ts). */
export interface SettingDecl<T = unknown> {
  description: string;
  /** Value used when neither the stack's context nor the twin overrides it. */
  default: string;
  /** What a value may be (shared/config/setting-types.ts); the twin refuses any other at start, a function at cold start. */
  type: SettingType<T>;
}

export interface IndexDecl {
  partitionKey: string;
  sortKey: string;
}

export interface Wiring {
  service: string;
  table: {
    partitionKey: string;
    sortKey: string;
    ttlAttribute: string;
    indexes: Record<string, IndexDecl>;
  };
  functions: Record<string, FunctionDecl>;
  authorizer: {
    function: string;
    /** HTTP API authorizer result cache TTL, keyed by the Authorization header. */
    cacheTtlSeconds: number;
    /** WebSocket $connect identity source: the query-string parameter holding the token. */
    webSocketTokenParameter: string;
  };
  http: {
    cors: {
      allowMethods: readonly ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD')[];
      allowHeaders: readonly string[];
      exposeHeaders: readonly string[];
      maxAgeSeconds: number;
    };
    throttle: { rateLimit: number; burstLimit: number };
    routes: readonly HttpRouteDecl[];
  };
  webSocket: WebSocketDecl;
  queues: Record<string, QueueDecl>;
  schedules: Record<string, ScheduleDecl>;
  settings: Record<string, SettingDecl>;
}
