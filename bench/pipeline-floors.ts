// The bare latencies of the engine calls on the submission path, made directly with the AWS SDK
// against the twin's own dynalite and fauxqs (the same engines, the same run), one call at a time:
// GetItem, conditional PutItem, conditional UpdateItem (an ADD counter, as rate limits and quotas),
// Query on GSI1 (a 20-entry board page), SQS SendMessage, and SendMessage → long-polling
// ReceiveMessage. The clients are configured as the functions' (shared/store/client.ts,
// shared/queue/client.ts). Items live under `BENCHFLOOR#…` keys and a queue of their own, so
// nothing the pipeline reads is touched and the twin's pollers never see the messages.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { REGION } from '#infra/local/aws-env.ts';
import { latencyStats, type LatencyStats } from './pipeline-stats.ts';

export interface FloorResult {
  /** Timed calls per operation (after `warmup` untimed rounds); operations interleave round by round. */
  samples: number;
  warmup: number;
  dynamodb: {
    getItem: LatencyStats;
    putItemConditional: LatencyStats;
    updateItemConditionalAdd: LatencyStats;
    queryGsi1: LatencyStats;
  };
  sqs: {
    sendMessage: LatencyStats;
    /** SendMessage issued → the message returned by a ReceiveMessage already waiting (long poll). */
    sendToLongPollReceive: LatencyStats;
  };
  /** Items a GSI1 query returned (the board page size). */
  queryItems: number;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const clientOptions = { maxAttempts: 3, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An item shaped like a stored submission (6 answers, 3 transitions, results). */
function submissionLike(pk: string) {
  const at = new Date().toISOString();
  return {
    PK: pk,
    SK: 'SUB',
    GSI1PK: 'BENCHFLOOR#SUBS',
    GSI1SK: `${at}#${pk}`,
    type: 'submission',
    status: 'scored',
    answers: ['hi', 'Paris', '0.33', '2026-01-01', 'red blue', { x: 1, y: [2, 3] }].map((output, i) => ({ task_id: `t${i}`, output })),
    results: Array.from({ length: 6 }, (_, i) => ({ task_id: `t${i}`, score: 1, weight: 1, answered: true })),
    transitions: ['queued', 'scoring', 'scored'].map((status) => ({ status, at })),
    created_at: at,
    updated_at: at,
  };
}

type DocumentClient = DynamoDBDocumentClient;
type DynamoCalls = Record<'getItem' | 'putItemConditional' | 'updateItemConditionalAdd' | 'queryGsi1', () => Promise<unknown>>;

/** The fixtures: an item to get, and a board of 20 entries on GSI1 (its partition is returned). */
async function putFixtures(ddb: DocumentClient, tableName: string, run: string): Promise<string> {
  await ddb.send(new PutCommand({ TableName: tableName, Item: submissionLike(`BENCHFLOOR#${run}#GET`) }));
  const board = `BENCHFLOOR#${run}#BOARD`;
  for (let i = 0; i < 20; i++) {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          PK: board,
          SK: `AGENT#a${i}`,
          GSI1PK: board,
          GSI1SK: `${String(i * 1000).padStart(7, '0')}#2026-01-01T00:00:00.000Z#a${i}`,
          score: 1 - i / 100,
          submission_id: `s${i}`,
          achieved_at: '2026-01-01T00:00:00.000Z',
        },
      }),
    );
  }
  return board;
}

/** The four DynamoDB calls; `queryItems` is what the last board query returned. */
function dynamoCalls(ddb: DocumentClient, tableName: string, run: string, board: string): { calls: DynamoCalls; queryItems: () => number } {
  let puts = 0;
  let queryItems = 0;
  const calls: DynamoCalls = {
    getItem: () => ddb.send(new GetCommand({ TableName: tableName, Key: { PK: `BENCHFLOOR#${run}#GET`, SK: 'SUB' }, ConsistentRead: true })),
    putItemConditional: () =>
      ddb.send(
        new PutCommand({
          TableName: tableName,
          Item: submissionLike(`BENCHFLOOR#${run}#PUT#${puts++}`),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    updateItemConditionalAdd: () =>
      ddb.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { PK: `BENCHFLOOR#${run}#RATE`, SK: 'W#1' },
          UpdateExpression: 'ADD #count :one SET expires_at = if_not_exists(expires_at, :expires)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': 1_000_000_000, ':expires': 4_000_000_000 },
        }),
      ),
    queryGsi1: async () => {
      const { Items = [] } = await ddb.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :board',
          ExpressionAttributeValues: { ':board': board },
          Limit: 50,
        }),
      );
      queryItems = Items.length;
    },
  };
  return { calls, queryItems: () => queryItems };
}

/** Each call once per round, `warmup` untimed rounds then `samples` timed ones. */
async function timeDynamoCalls(calls: DynamoCalls, options: { samples: number; warmup: number }): Promise<Record<keyof DynamoCalls, number[]>> {
  const timings: Record<keyof DynamoCalls, number[]> = { getItem: [], putItemConditional: [], updateItemConditionalAdd: [], queryGsi1: [] };
  const names = Object.keys(calls) as (keyof DynamoCalls)[];
  for (let round = 0; round < options.warmup + options.samples; round++) {
    // Rotate the order each round so no operation always follows the same one.
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const started = performance.now();
      await calls[name]();
      if (round >= options.warmup) timings[name].push(performance.now() - started);
    }
  }
  return timings;
}

// SQS: a queue of our own; one receiver long-polls it; one message in flight at a time.
async function timeSqsCalls(
  sqs: SQSClient,
  receiver: SQSClient,
  queueUrl: string,
  options: { samples: number; warmup: number },
): Promise<{ send: number[]; roundTrip: number[] }> {
  const send: number[] = [];
  const roundTrip: number[] = [];
  let waiting: ((receivedAt: number) => void) | undefined;
  let receiving = true;
  let polls = 0;
  const receiverLoop = (async () => {
    while (receiving) {
      polls += 1;
      const { Messages = [] } = await receiver.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }));
      const receivedAt = performance.now();
      for (const message of Messages) {
        waiting?.(receivedAt);
        waiting = undefined;
        await receiver.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  })();
  for (let i = 0; i < options.warmup + options.samples; i++) {
    // Let the receiver's next long poll reach fauxqs and park before sending.
    const pollsBefore = polls;
    for (let spin = 0; polls === pollsBefore && spin < 100 && i > 0; spin++) await sleep(1);
    await sleep(2);
    const received = new Promise<number>((resolve) => (waiting = resolve));
    const started = performance.now();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ tenant_id: 'bench', submission_id: `s${i}`, reason: 'submitted' }),
      }),
    );
    const sent = performance.now();
    const receivedAt = await received;
    if (i >= options.warmup) {
      send.push(sent - started);
      roundTrip.push(receivedAt - started);
    }
  }
  receiving = false;
  await receiverLoop;
  return { send, roundTrip };
}

export async function measureFloors(
  engines: { dynamodbEndpoint: string; sqsEndpoint: string; tableName: string },
  options: { samples: number; warmup: number },
): Promise<FloorResult> {
  const { tableName } = engines;
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...clientOptions, region: REGION, credentials, endpoint: engines.dynamodbEndpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sqs = new SQSClient({ ...clientOptions, region: REGION, credentials, endpoint: engines.sqsEndpoint, useQueueUrlAsEndpoint: false });
  const receiver = new SQSClient({ region: REGION, credentials, endpoint: engines.sqsEndpoint, useQueueUrlAsEndpoint: false });
  const run = Date.now().toString(36);
  let queueUrl: string | undefined;
  try {
    const board = await putFixtures(ddb, tableName, run);
    const { calls, queryItems } = dynamoCalls(ddb, tableName, run, board);
    const timings = await timeDynamoCalls(calls, options);
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `scorecast-benchfloor-${run}` }))).QueueUrl!;
    const { send, roundTrip } = await timeSqsCalls(sqs, receiver, queueUrl, options);
    return {
      samples: options.samples,
      warmup: options.warmup,
      dynamodb: {
        getItem: latencyStats(timings.getItem),
        putItemConditional: latencyStats(timings.putItemConditional),
        updateItemConditionalAdd: latencyStats(timings.updateItemConditionalAdd),
        queryGsi1: latencyStats(timings.queryGsi1),
      },
      sqs: { sendMessage: latencyStats(send), sendToLongPollReceive: latencyStats(roundTrip) },
      queryItems: queryItems(),
    };
  } finally {
    if (queueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
    ddb.destroy();
    sqs.destroy();
    receiver.destroy();
  }
}
