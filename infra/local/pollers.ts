// Lambda's SQS event source mapping, for the local twin: for every declared queue (and for the DLQ of
// a queue that names a deadLetterConsumer) a few pollers long-poll the queue, gather a batch (up to
// batchSize messages or until the batching window closes), invoke the consumer with a real SQSEvent
// and delete what it processed. Messages it reports in `batchItemFailures` — or the whole batch when
// the function fails or times out — stay on the queue, come back after the visibility timeout and,
// after maxReceiveCount receives, are moved to the DLQ by the SQS engine's redrive policy.
import { setMaxListeners } from 'node:events';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { Wiring } from '../wiring-types.ts';
import { DEAD_LETTERS } from '../wiring-env.ts';
import { ACCOUNT_ID, REGION, queueArnFromUrl } from './aws-env.ts';
import type { Invoker } from './invoker.ts';

export interface PollerOptions {
  wiring: Wiring;
  invoker: Invoker;
  sqsEndpoint: string;
  queueUrl(name: string): string;
  deadLetterQueueUrl(name: string): string;
  /** Pollers per queue (default: the queue's maxConcurrency, at most 2). */
  concurrency?: number;
  /** Long-poll wait in whole seconds (default 1; bounds how long an idle poller takes to notice stop()). */
  waitSeconds?: number;
  /** Where failed batches and engine errors are reported (default: stderr). */
  log?: (line: string) => void;
}

export interface Pollers {
  stop(): Promise<void>;
}

interface Source {
  label: string;
  url: string;
  arn: string;
  consumer: string;
  batchSize: number;
  windowMs: number;
  pollers: number;
}

/** Lambda invokes with at most 6 MB; stop gathering before a batch could pass it. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 256 * 1024;

export function startPollers(options: PollerOptions): Pollers {
  const stopSignal = new AbortController();
  // Every poller's long poll listens on this one signal: more queues mean more listeners than Node's default 10.
  setMaxListeners(0, stopSignal.signal);
  const ctx: PollContext = {
    client: new SQSClient({
      region: REGION,
      endpoint: options.sqsEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    }),
    invoker: options.invoker,
    waitSeconds: Math.max(0, Math.min(20, Math.floor(options.waitSeconds ?? 1))),
    log: options.log ?? ((line) => void process.stderr.write(`[sqs] ${line}\n`)),
    stopSignal: stopSignal.signal,
  };
  const loops = sourcesOf(options).flatMap((source) => Array.from({ length: source.pollers }, () => loop(ctx, source)));
  return {
    async stop() {
      stopSignal.abort();
      await Promise.allSettled(loops);
      ctx.client.destroy();
    },
  };
}

/** What every poller shares. */
interface PollContext {
  client: SQSClient;
  invoker: Invoker;
  /** Long-poll wait in whole seconds. */
  waitSeconds: number;
  log: (line: string) => void;
  stopSignal: AbortSignal;
}

/** The event sources: every declared queue, and the DLQ of each queue that names a deadLetterConsumer. */
function sourcesOf(options: PollerOptions): Source[] {
  const sources: Source[] = [];
  for (const [name, queue] of Object.entries(options.wiring.queues)) {
    const url = options.queueUrl(name);
    sources.push({
      label: name,
      url,
      arn: queueArnFromUrl(url),
      consumer: queue.consumer,
      batchSize: queue.batchSize,
      windowMs: queue.batchingWindowSeconds * 1000,
      pollers: Math.max(1, options.concurrency ?? Math.min(queue.maxConcurrency, 2)),
    });
    if (queue.deadLetterConsumer) {
      const dlqUrl = options.deadLetterQueueUrl(name);
      sources.push({
        label: `${name} DLQ`,
        url: dlqUrl,
        arn: queueArnFromUrl(dlqUrl),
        consumer: queue.deadLetterConsumer,
        batchSize: DEAD_LETTERS.batchSize,
        windowMs: 0,
        pollers: Math.max(1, options.concurrency ?? Math.min(DEAD_LETTERS.maxConcurrency, 2)),
      });
    }
  }
  return sources;
}

/** One poller: gathers a batch, processes it, again, until stop(). */
async function loop(ctx: PollContext, source: Source): Promise<void> {
  while (!ctx.stopSignal.aborted) {
    let batch: Message[];
    try {
      batch = await gather(ctx, source);
    } catch (error) {
      if (ctx.stopSignal.aborted) break;
      ctx.log(`${source.label}: ReceiveMessage failed: ${(error as Error).message}`);
      await sleep(1000, ctx.stopSignal);
      continue;
    }
    if (batch.length > 0) await processBatch(ctx, source, batch); // a started batch finishes, even during stop()
  }
}

async function receive(ctx: PollContext, source: Source, max: number, wait: number): Promise<Message[]> {
  const { Messages } = await ctx.client.send(
    new ReceiveMessageCommand({
      QueueUrl: source.url,
      MaxNumberOfMessages: Math.max(1, Math.min(10, max)),
      WaitTimeSeconds: wait,
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: ctx.stopSignal },
  );
  return Messages ?? [];
}

/** One batch: the first receive waits up to waitSeconds; then the window (if any) gathers more. */
async function gather(ctx: PollContext, source: Source): Promise<Message[]> {
  const batch: Message[] = [];
  let bytes = 0;
  let windowEnds: number | undefined;
  while (!ctx.stopSignal.aborted) {
    const remaining = windowEnds === undefined ? undefined : windowEnds - Date.now();
    if (remaining !== undefined && remaining <= 0) break;
    const wait = remaining === undefined ? ctx.waitSeconds : Math.min(ctx.waitSeconds, Math.floor(remaining / 1000));
    let received: Message[];
    try {
      received = await receive(ctx, source, source.batchSize - batch.length, wait);
    } catch (error) {
      if (batch.length > 0 && ctx.stopSignal.aborted) break; // keep what was gathered; it is processed below
      throw error;
    }
    for (const message of received) bytes += Buffer.byteLength(message.Body ?? '');
    batch.push(...received);
    if (batch.length === 0) return batch; // an empty long poll: poll again
    if (batch.length >= source.batchSize || source.windowMs === 0 || bytes + MAX_MESSAGE_BYTES > MAX_BATCH_BYTES) break;
    windowEnds ??= Date.now() + source.windowMs;
    if (received.length === 0 && wait === 0) await sleep(Math.min(50, Math.max(0, windowEnds - Date.now())));
  }
  return batch;
}

/** Invokes the consumer with the batch and deletes what it processed; the rest returns after the visibility timeout. */
async function processBatch(ctx: PollContext, source: Source, messages: Message[]): Promise<void> {
  const event: SQSEvent = { Records: messages.map((message) => toRecord(message, source.arn)) };
  let failed: Set<string>;
  try {
    failed = failuresOf(await ctx.invoker.invoke(source.consumer, event), messages);
    if (failed.size === messages.length && messages.length > 0)
      ctx.log(`${source.label}: ${source.consumer} reported all ${messages.length} messages of the batch as failed`);
  } catch (error) {
    const e = error as { errorType?: string; message?: string };
    ctx.log(
      `${source.label}: ${source.consumer} failed (${e.errorType ?? 'Error'}: ${e.message}); ${messages.length} message(s) return after the visibility timeout`,
    );
    return;
  }
  await deleteProcessed(
    ctx,
    source,
    messages.filter((m) => !failed.has(m.MessageId ?? '')),
  );
}

async function deleteProcessed(ctx: PollContext, source: Source, done: Message[]): Promise<void> {
  for (let i = 0; i < done.length; i += 10) {
    const chunk = done.slice(i, i + 10);
    try {
      const result = await ctx.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: source.url,
          Entries: chunk.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      for (const failure of result.Failed ?? [])
        ctx.log(`${source.label}: could not delete a processed message: ${failure.Code} ${failure.Message ?? ''}`);
    } catch (error) {
      ctx.log(`${source.label}: could not delete ${chunk.length} processed message(s): ${(error as Error).message}`);
    }
  }
}

/**
 * The message ids to keep, from a consumer's result. As Lambda: no result, no `batchItemFailures`
 * or an empty list → the whole batch succeeded; an entry without an id of this batch → it all failed.
 */
export function failuresOf(result: unknown, messages: readonly Message[]): Set<string> {
  const all = new Set(messages.map((m) => m.MessageId ?? ''));
  if (result === null || typeof result !== 'object' || !('batchItemFailures' in result)) return new Set();
  const failures = (result as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}

const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
] as const;

/** One SQS message as Lambda presents it in an SQSEvent record. */
export function toRecord(message: Message, eventSourceARN: string): SQSRecord {
  const attributes: Record<string, string> = {};
  for (const name of RECORD_ATTRIBUTES) {
    const value = message.Attributes?.[name];
    if (value !== undefined) attributes[name] = value;
  }
  attributes.SenderId ??= ACCOUNT_ID;
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: attributes as unknown as SQSRecordAttributes,
    messageAttributes: toMessageAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: REGION,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

function toMessageAttributes(attributes: Record<string, MessageAttributeValue> | undefined): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    out[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType ?? 'String',
    };
  }
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
