// External engines for the local twin: an already running DynamoDB-compatible endpoint (DynamoDB
// Local, LocalStack, moto) and/or SQS-compatible endpoint (LocalStack, moto, ElasticMQ) named by
// SCORECAST_DYNAMODB_ENDPOINT / SCORECAST_SQS_ENDPOINT, used instead of the embedded dynalite /
// fauxqs. The twin creates what the wiring declares if it is missing — the table with its indexes
// and TTL attribute, every queue with its DLQ and redrive policy — and leaves all of it in place at
// stop (the engine belongs to its owner, and its data outlives the twin as with `--persist`).
//
// What differs from the embedded engines (docs/decisions.md, "External engines"):
// - Queue URLs: engines answer with their own host (moto echoes the request's Host, LocalStack says
//   `sqs.<region>.localhost.localstack.cloud`, which needs DNS) and their own account (moto
//   123456789012, LocalStack 000000000000). The twin keeps the engine's path (account and name) and
//   puts the configured endpoint's origin in front, so every client sends to the endpoint it was
//   given (aws-env.ts explains why the origin must equal the endpoint); ARNs come from the path.
// - An existing queue keeps its URL; its attributes are set to the declared ones (SetQueueAttributes),
//   so a changed visibility timeout or redrive policy takes effect as a stack update would.
// - An existing table missing a declared index gets it through UpdateTable (one index per call,
//   as DynamoDB allows), and TTL is switched on for the declared attribute, as the stack does.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  SQSClient,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import type { Wiring } from '../wiring-types.ts';
import { DEAD_LETTERS, deadLetterQueueName, deadLetterVisibilitySeconds } from '../wiring-env.ts';
import { REGION } from './aws-env.ts';
import { startEngines, type EngineOptions, type Engines } from './engines.ts';

/** Where the twin's engines run and what it names its resources there. */
export interface EngineSettings {
  /** An already running DynamoDB-compatible endpoint; the embedded dynalite when absent. */
  dynamodbEndpoint?: string;
  /** An already running SQS-compatible endpoint; the embedded fauxqs when absent. */
  sqsEndpoint?: string;
  /** Default `scorecast`. */
  tableName?: string;
  /** Prefix of every physical queue name; default `scorecast-`. */
  queuePrefix?: string;
}

/** The twin's own variables that choose its engines (README, "Environment variables"). */
export const ENGINE_VARIABLES = ['SCORECAST_DYNAMODB_ENDPOINT', 'SCORECAST_SQS_ENDPOINT', 'SCORECAST_TABLE_NAME', 'SCORECAST_QUEUE_PREFIX'] as const;

/** Reads the engine settings from the environment; a malformed value throws, naming the variable. */
export function engineSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EngineSettings {
  const endpoint = (name: string): string | undefined => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${name} must be an http(s) URL such as http://127.0.0.1:8000, got ${JSON.stringify(value)}`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search) {
      throw new Error(`${name} must be an http(s) URL with no path, such as http://127.0.0.1:8000, got ${JSON.stringify(value)}`);
    }
    return url.origin;
  };
  const name = (variable: string, pattern: RegExp, expected: string): string | undefined => {
    const value = env[variable]?.trim();
    if (!value) return undefined;
    if (!pattern.test(value)) throw new Error(`${variable} must be ${expected}, got ${JSON.stringify(value)}`);
    return value;
  };
  const settings: EngineSettings = {
    dynamodbEndpoint: endpoint('SCORECAST_DYNAMODB_ENDPOINT'),
    sqsEndpoint: endpoint('SCORECAST_SQS_ENDPOINT'),
    tableName: name('SCORECAST_TABLE_NAME', /^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)'),
    // The longest physical name is <prefix><queue>-dlq; SQS allows 80 characters.
    queuePrefix: name('SCORECAST_QUEUE_PREFIX', /^[A-Za-z0-9_-]{1,40}$/, 'an SQS queue name prefix (1-40 of A-Z a-z 0-9 _ -)'),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as EngineSettings;
}

const clientConfig = (endpoint: string) => ({ region: REGION, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Creates the declared table (indexes, TTL) on an external DynamoDB if missing, completes it if older. */
export async function provisionTable(endpoint: string, wiring: Wiring, tableName: string): Promise<void> {
  const ddb = new DynamoDBClient(clientConfig(endpoint));
  try {
    const { partitionKey, sortKey, indexes, ttlAttribute } = wiring.table;
    const attributes = new Set([partitionKey, sortKey]);
    for (const index of Object.values(indexes)) attributes.add(index.partitionKey).add(index.sortKey);
    const definitions: AttributeDefinition[] = [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
    const gsi = (name: string): GlobalSecondaryIndex => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: indexes[name]!.partitionKey, KeyType: 'HASH' },
        { AttributeName: indexes[name]!.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    const describe = async (): Promise<TableDescription | undefined> => {
      try {
        return (await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    };
    const active = async (): Promise<TableDescription> => {
      for (const deadline = Date.now() + 120_000; ; ) {
        const table = await describe();
        const ready = table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((i) => (i.IndexStatus ?? 'ACTIVE') === 'ACTIVE');
        if (table && ready) return table;
        if (Date.now() > deadline) throw new Error(`Table ${tableName} at ${endpoint} did not become ACTIVE (${table?.TableStatus ?? 'missing'})`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };

    if (!(await describe())) {
      try {
        await ddb.send(
          new CreateTableCommand({
            TableName: tableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: definitions,
            KeySchema: [
              { AttributeName: partitionKey, KeyType: 'HASH' },
              { AttributeName: sortKey, KeyType: 'RANGE' },
            ],
            ...(Object.keys(indexes).length > 0 ? { GlobalSecondaryIndexes: Object.keys(indexes).map(gsi) } : {}),
          }),
        );
      } catch (error) {
        // Another twin on the same engine created it first.
        if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
      }
    }
    let table = await active();
    const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''));
    for (const name of Object.keys(indexes).filter((n) => !existing.has(n))) {
      await ddb.send(
        new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: definitions, GlobalSecondaryIndexUpdates: [{ Create: gsi(name) }] }),
      );
      table = await active();
    }
    const missing = Object.keys(indexes).filter((n) => !(table.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === n));
    if (missing.length > 0)
      throw new Error(`Table ${tableName} at ${endpoint} lacks the declared index(es) ${missing.join(', ')} and the engine did not add them`);

    const ttl = (await ddb.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
    if (ttl?.TimeToLiveStatus !== 'ENABLED' && ttl?.TimeToLiveStatus !== 'ENABLING') {
      await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }));
    } else if (ttl.AttributeName !== ttlAttribute) {
      throw new Error(`Table ${tableName} at ${endpoint} has TTL on ${ttl.AttributeName}, the wiring declares ${ttlAttribute}`);
    }
  } finally {
    ddb.destroy();
  }
}

/** SQS's default retention (4 days) for queues that declare none (DLQs: DEAD_LETTERS.retentionDays). */
const DEFAULT_RETENTION_SECONDS = 4 * 24 * 3600;

export interface ProvisionedQueues {
  /** URL of a declared queue: the endpoint's origin and the engine's `/<account>/<prefix><name>`. */
  queueUrl(name: string): string;
  deadLetterQueueUrl(name: string): string;
}

/** Creates every declared queue and its DLQ (with the redrive policy) on an external SQS if missing. */
export async function provisionQueues(endpoint: string, wiring: Wiring, prefix: string): Promise<ProvisionedQueues> {
  const client = new SQSClient({ ...clientConfig(endpoint), useQueueUrlAsEndpoint: false });
  const urls = new Map<string, string>();
  const ensure = async (queueName: string, attributes: Partial<Record<QueueAttributeName, string>>): Promise<string> => {
    let url: string | undefined;
    try {
      url = (await client.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
    } catch (error) {
      if (!(error instanceof QueueDoesNotExist) && (error as { name?: string }).name !== 'AWS.SimpleQueueService.NonExistentQueue') throw error;
    }
    if (url) {
      await client.send(new SetQueueAttributesCommand({ QueueUrl: onEndpoint(url, endpoint), Attributes: attributes }));
    } else {
      url = (await client.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }))).QueueUrl;
    }
    if (!url) throw new Error(`${endpoint} gave no URL for queue ${queueName}`);
    return onEndpoint(url, endpoint);
  };
  try {
    await Promise.all(
      Object.entries(wiring.queues).map(async ([name, queue]) => {
        const dlqVisibility = deadLetterVisibilitySeconds(
          queue.deadLetterConsumer ? wiring.functions[queue.deadLetterConsumer]?.timeoutSeconds : undefined,
        );
        const dlqUrl = await ensure(prefix + deadLetterQueueName(name), {
          ...(dlqVisibility === undefined ? {} : { VisibilityTimeout: String(dlqVisibility) }),
          MessageRetentionPeriod: String(DEAD_LETTERS.retentionDays * 24 * 3600),
        });
        const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
        if (!Attributes?.QueueArn) throw new Error(`${endpoint} gave no ARN for queue ${prefix}${deadLetterQueueName(name)}`);
        const url = await ensure(prefix + name, {
          VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(queue.retentionDays ? queue.retentionDays * 24 * 3600 : DEFAULT_RETENTION_SECONDS),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes.QueueArn, maxReceiveCount: queue.maxReceiveCount }),
        });
        urls.set(name, url).set(deadLetterQueueName(name), dlqUrl);
      }),
    );
  } finally {
    client.destroy();
  }
  const lookup = (physical: string) => {
    const url = urls.get(physical);
    if (!url) throw new Error(`Unknown queue ${physical}`);
    return url;
  };
  return { queueUrl: (name) => lookup(name), deadLetterQueueUrl: (name) => lookup(deadLetterQueueName(name)) };
}

/** A queue URL an engine answered with, moved onto the endpoint's origin (same account and name). */
export function onEndpoint(queueUrl: string, endpoint: string): string {
  return new URL(new URL(queueUrl).pathname, endpoint).toString();
}

/** The twin's engines, and which of them are external (the banner and local.json say so). */
export interface TwinEngines extends Engines {
  external: { dynamodb: boolean; sqs: boolean };
}

/**
 * Starts the twin's engines: external ones where settings name an endpoint, the embedded ones
 * (engines.ts) otherwise. With only one engine external, the embedded pair still starts and the
 * unused one stays idle on loopback.
 */
export async function startTwinEngines(options: EngineOptions & EngineSettings): Promise<TwinEngines> {
  const { dynamodbEndpoint, sqsEndpoint, ...embeddedOptions } = options;
  const tableName = options.tableName ?? 'scorecast';
  const queuePrefix = options.queuePrefix ?? 'scorecast-';
  const external = { dynamodb: dynamodbEndpoint !== undefined, sqs: sqsEndpoint !== undefined };
  const embedded = external.dynamodb && external.sqs ? undefined : await startEngines({ ...embeddedOptions, tableName, queuePrefix });
  try {
    const [, queues] = await Promise.all([
      dynamodbEndpoint ? provisionTable(dynamodbEndpoint, options.wiring, tableName) : undefined,
      sqsEndpoint ? provisionQueues(sqsEndpoint, options.wiring, queuePrefix) : undefined,
    ]);
    const declared = (name: string) => {
      if (!options.wiring.queues[name]) throw new Error(`Unknown queue ${name}`);
      return name;
    };
    return {
      dynamodbEndpoint: dynamodbEndpoint ?? embedded!.dynamodbEndpoint,
      sqsEndpoint: sqsEndpoint ?? embedded!.sqsEndpoint,
      tableName,
      queueUrl: (name) => (queues ? queues.queueUrl(declared(name)) : embedded!.queueUrl(name)),
      deadLetterQueueUrl: (name) => (queues ? queues.deadLetterQueueUrl(declared(name)) : embedded!.deadLetterQueueUrl(name)),
      queueNames: () => Object.keys(options.wiring.queues),
      // External resources stay in place; only embedded engines stop.
      stop: async () => embedded?.stop(),
      external,
    };
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
