// The embedded engines of the local twin: dynalite (DynamoDB on LevelDB) and fauxqs 1.9 (SQS),
// both in this process and bound to loopback, holding the table, indexes, queues, DLQs and redrive
// policies the wiring declares — the same resources the CDK stack creates. An exception inside
// either answers its request 500 as the service would and is logged; the twin keeps serving
// (engine-guard.ts).
import type { Server } from 'node:http';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import type { Wiring } from '../wiring-types.ts';
import { DEAD_LETTERS, deadLetterQueueName, deadLetterVisibilitySeconds } from '../wiring-env.ts';
import { ACCOUNT_ID, REGION } from './aws-env.ts';
import { guardFauxqs, createGuardedDynalite, type EngineErrorLog } from './engine-guard.ts';
import { listen } from './http-common.ts';

export interface EngineOptions {
  wiring: Wiring;
  /** dynalite's LevelDB directory; in memory when absent. */
  persistDir?: string;
  /** 0 (default) picks a free port. */
  dynamodbPort?: number;
  sqsPort?: number;
  tableName?: string;
  /** Prefix of every physical queue name (`scorecast-scoring`, `scorecast-scoring-dlq`). */
  queuePrefix?: string;
  /** Where an exception inside an engine is reported (it answers that request 500 and keeps serving; default stderr). */
  onEngineError?: EngineErrorLog;
}

export interface Engines {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  /** URL of a declared queue (by its wiring name), `http://127.0.0.1:<port>/000000000000/<prefix><name>`. */
  queueUrl(name: string): string;
  deadLetterQueueUrl(name: string): string;
  /** The declared queues' wiring names. */
  queueNames(): string[];
  stop(): Promise<void>;
}

/** SQS's default retention (4 days) for queues that declare none (DLQs: DEAD_LETTERS.retentionDays). */
const DEFAULT_RETENTION_SECONDS = 4 * 24 * 3600;

export async function startEngines(options: EngineOptions): Promise<Engines> {
  const { wiring } = options;
  const tableName = options.tableName ?? 'scorecast';
  const queuePrefix = options.queuePrefix ?? 'scorecast-';

  const dynamo = createGuardedDynalite(
    { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.persistDir ? { path: options.persistDir } : {}) },
    options.onEngineError,
  );
  const sqs = buildApp({ logger: false, host: 'localhost' });
  guardFauxqs(sqs, options.onEngineError);
  let sqsPort = 0;
  translateQueueUrls(sqs, () => sqsPort);

  let dynamoListening = false;
  let sqsListening = false;
  const stop = async () => {
    await Promise.all([
      sqsListening ? sqs.close().then(() => void (sqsListening = false)) : undefined,
      dynamoListening ? closeDynalite(dynamo).then(() => void (dynamoListening = false)) : undefined,
    ]);
  };

  try {
    const dynamodbPort = await listen(dynamo, options.dynamodbPort ?? 0);
    dynamoListening = true;
    const address = await sqs.listen({ port: options.sqsPort ?? 0, host: '127.0.0.1' });
    sqsListening = true;
    sqsPort = Number(new URL(address).port);

    const dynamodbEndpoint = `http://127.0.0.1:${dynamodbPort}`;
    const sqsEndpoint = `http://127.0.0.1:${sqsPort}`;
    const clientConfig = { region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const ddb = new DynamoDBClient({ ...clientConfig, endpoint: dynamodbEndpoint });
    const sqsClient = new SQSClient({ ...clientConfig, endpoint: sqsEndpoint, useQueueUrlAsEndpoint: false });
    try {
      await Promise.all([ensureTable(ddb, wiring, tableName), createQueues(sqsClient, wiring, queuePrefix)]);
    } finally {
      ddb.destroy();
      sqsClient.destroy();
    }

    const urlOf = (physicalName: string) => `${sqsEndpoint}/${ACCOUNT_ID}/${physicalName}`;
    const declared = (name: string) => {
      if (!wiring.queues[name]) throw new Error(`Unknown queue ${name}`);
      return name;
    };
    return {
      dynamodbEndpoint,
      sqsEndpoint,
      tableName,
      queueUrl: (name) => urlOf(queuePrefix + declared(name)),
      deadLetterQueueUrl: (name) => urlOf(queuePrefix + deadLetterQueueName(declared(name))),
      queueNames: () => Object.keys(wiring.queues),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function ensureTable(ddb: DynamoDBClient, wiring: Wiring, tableName: string): Promise<void> {
  const { partitionKey, sortKey, indexes } = wiring.table;
  const attributes = new Set([partitionKey, sortKey]);
  for (const index of Object.values(indexes)) attributes.add(index.partitionKey).add(index.sortKey);
  const attributeDefinitions: AttributeDefinition[] = [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  const gsi = (name: string): GlobalSecondaryIndex => {
    const index = indexes[name]!;
    return {
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    };
  };

  const describe = async () => {
    try {
      return (await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
  let table = await describe();
  if (!table) {
    await ddb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        ...(Object.keys(indexes).length > 0 ? { GlobalSecondaryIndexes: Object.keys(indexes).map(gsi) } : {}),
      }),
    );
  }
  // Even with createTableMs 0, dynalite answers "not found" to item requests until the table is
  // ACTIVE (a moment later, longer on a persisted store): wait for it, as DynamoDB's waiter would.
  for (const deadline = Date.now() + 10_000; table?.TableStatus !== 'ACTIVE'; ) {
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE (${table?.TableStatus ?? 'missing'})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    table = await describe();
  }
  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''));
  // A persisted table from an older declaration. dynalite accepts UpdateTable's GSI Create but
  // ignores it (measured), so an index declared since cannot be added in place.
  const missing = Object.keys(indexes).filter((name) => !existing.has(name));
  if (missing.length > 0) {
    throw new Error(
      `The persisted table ${tableName} lacks the declared index(es) ${missing.join(', ')}; ` +
        `dynalite cannot add an index to an existing table. Delete its data directory to recreate it.`,
    );
  }
}

async function createQueues(client: SQSClient, wiring: Wiring, prefix: string): Promise<void> {
  await Promise.all(
    Object.entries(wiring.queues).map(async ([name, queue]) => {
      const dlqVisibility = deadLetterVisibilitySeconds(
        queue.deadLetterConsumer ? wiring.functions[queue.deadLetterConsumer]?.timeoutSeconds : undefined,
      );
      const dlq = await client.send(
        new CreateQueueCommand({
          QueueName: prefix + deadLetterQueueName(name),
          Attributes: {
            ...(dlqVisibility === undefined ? {} : { VisibilityTimeout: String(dlqVisibility) }),
            MessageRetentionPeriod: String(DEAD_LETTERS.retentionDays * 24 * 3600),
          },
        }),
      );
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
      await client.send(
        new CreateQueueCommand({
          QueueName: prefix + name,
          Attributes: {
            VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
            MessageRetentionPeriod: String(queue.retentionDays ? queue.retentionDays * 24 * 3600 : DEFAULT_RETENTION_SECONDS),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: queue.maxReceiveCount }),
          },
        }),
      );
    }),
  );
}

/**
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/<account>/<name>` and finds them by that
 * exact URL; the host does not resolve here. Requests may name a queue by `http://127.0.0.1:<port>/…`
 * or `http://localhost:<port>/…` (translated to fauxqs's form), and every queue URL in an SQS answer
 * is given back in the `http://127.0.0.1:<port>/…` form (see aws-env.ts for why).
 */
function translateQueueUrls(app: ReturnType<typeof buildApp>, port: () => number): void {
  const isSqs = (contentType: unknown) => typeof contentType === 'string' && contentType.includes('application/x-amz-json-1.0');
  app.addHook('preHandler', async (request: { headers: Record<string, string | string[] | undefined>; body: unknown }) => {
    if (!isSqs(request.headers['content-type'])) return;
    const body = request.body as { QueueUrl?: unknown } | null;
    if (!body || typeof body !== 'object' || typeof body.QueueUrl !== 'string') return;
    const match = /^https?:\/\/(?:127\.0\.0\.1|localhost)(?::(\d+))?(\/\d{12}\/[^/?#]+)$/.exec(body.QueueUrl);
    if (!match || Number(match[1] ?? 80) !== port()) return;
    const region = /Credential=\S+?\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1] ?? REGION;
    body.QueueUrl = `http://sqs.${region}.localhost:${port()}${match[2]}`;
  });
  app.addHook('onSend', async (_request: unknown, reply: { getHeader(name: string): unknown }, payload: unknown) => {
    if (typeof payload !== 'string' || !isSqs(reply.getHeader('content-type'))) return payload;
    return payload.replace(/http:\/\/sqs\.[a-z0-9-]+\.localhost:(\d+)\//g, (whole, p: string) =>
      Number(p) === port() ? `http://127.0.0.1:${p}/` : whole,
    );
  });
}

function closeDynalite(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error?: Error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets of SDK clients (the twin's, the functions') would hold close() open.
    server.closeAllConnections();
  });
}
