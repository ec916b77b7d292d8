// The middy stack every SQS worker uses: Powertools batch processing with partial batch
// responses (only failed records return to the queue), one child logger per record carrying the
// correlation id from the message attributes, and metrics flushed per batch. A record's failure is
// also remembered in the table under its message id, which SQS keeps
// when it moves the message to the DLQ: the dead-letter recorder reads it as the "last error".
//
// Every message is checked against its queue's contract (contract.ts) before the handler runs. One
// that is not JSON or fails the schema is not retried and not dropped: it goes straight to the
// queue's DLQ with the reason attached (refusal.ts) and is acknowledged.
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { correlationIdFrom } from '#shared/http/correlation.ts';
import { logger } from '#shared/powertools/logger.ts';
import { rememberFailure as storeFailure } from '#shared/store/dead-letters.ts';
import { metrics, publishMetrics } from '#shared/powertools/metrics.ts';
import type { Parsed, QueueContract } from './contract.ts';
import { sendToDeadLetterQueue } from './refusal.ts';
import { CORRELATION_ATTRIBUTE } from './message.ts';

export interface QueueMessage<T = unknown> {
  /** The body, checked against the queue's contract (the dead-letter recorder: parsed JSON, or the raw text). */
  body: T;
  correlationId: string;
  /** 1 on first delivery; grows with every redelivery. */
  receiveCount: number;
  record: SQSRecord;
  logger: Logger;
}

/** The correlation id a message carries (a fresh one when it carries none). */
export const correlationIdOf = (record: SQSRecord): string => correlationIdFrom(record.messageAttributes?.[CORRELATION_ATTRIBUTE]?.stringValue);

/** A worker of one queue: each record's body is checked against the contract before `handle` sees it. */
export function sqsWorker<T>(contract: QueueContract<T>, handle: (message: QueueMessage<T>) => Promise<void>) {
  return recordWorker(async (record, context) => {
    const parsed = checkRecord(contract, record);
    if (!parsed.ok) return rejectMessage(contract.queue, record, parsed.error, context.logger);
    await handle({ ...context, body: parsed.value });
  }, true);
}

/**
 * The dead-letter recorder's stack: a body that is not JSON reaches the handler as its raw text, and
 * failures are not remembered (the message id is the source message's, whose last error the
 * recorder reads).
 */
export function deadLetterWorker(handle: (message: QueueMessage) => Promise<void>) {
  return recordWorker(async (record, context) => {
    const body = jsonOf(record.body);
    await handle({ ...context, body: body === NOT_JSON ? record.body : body });
  }, false);
}

type RecordContext = Omit<QueueMessage, 'body'>;

function recordWorker(handleRecord: (record: SQSRecord, context: RecordContext) => Promise<void>, rememberFailures: boolean) {
  const processor = new BatchProcessor(EventType.SQS);
  const processRecord = async (record: SQSRecord) => {
    const correlationId = correlationIdOf(record);
    const recordLogger = logger.createChild({ persistentKeys: { correlation_id: correlationId, message_id: record.messageId } });
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      await handleRecord(record, { correlationId, receiveCount, record, logger: recordLogger });
    } catch (error) {
      recordLogger.warn('Message failed; it returns to the queue', { receive_count: receiveCount, error: (error as Error).message });
      if (rememberFailures) await rememberFailure(record.messageId, error, receiveCount, recordLogger);
      throw error;
    }
  };
  return sqsBatchWorker((event, context) => processPartialResponse(event, processRecord, processor, { context, throwOnFullBatchFailure: false }));
}

const NOT_JSON = Symbol('not JSON');

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return NOT_JSON;
  }
}

/**
 * The record's parsed body, or why it breaks the queue's contract — for workers that take their
 * batch whole (the monitoring worker), which pass a rejected record to rejectMessage.
 */
export function checkRecord<T>(contract: QueueContract<T>, record: SQSRecord): Parsed<T> {
  const body = jsonOf(record.body);
  return body === NOT_JSON ? { ok: false, error: `Not a ${contract.queue} message: the body is not JSON` } : contract.parse(body);
}

/**
 * A message that breaks its queue's contract goes to the queue's DLQ with the reason and is
 * acknowledged. If that send fails, it throws: the message returns to the queue and is tried again.
 */
export async function rejectMessage(queue: string, record: SQSRecord, reason: string, recordLogger: Logger): Promise<void> {
  // Remembered first, as for any failure: should SQS move a copy of it to the DLQ meanwhile (a
  // redelivery past maxReceiveCount), the recorder still finds the reason under its id.
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  await rememberFailure(record.messageId, new Error(reason), receiveCount, recordLogger);
  await sendToDeadLetterQueue(queue, record, reason);
  recordLogger.warn('Message breaks its queue contract; sent to the dead-letter queue', { queue, error: reason });
  metrics.addMetric('messages_rejected', 'Count', 1);
}

/**
 * The same stack for a worker that takes its batch whole (the monitoring worker coalesces by
 * tenant): the logger with the invocation's context, metrics flushed per batch.
 */
export function sqsBatchWorker(handle: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      try {
        return await handle(event, context);
      } finally {
        publishMetrics();
      }
    });
}

/**
 * Fail-soft: an error here never turns into another failure of the record. Every queue consumer
 * has the table. (Imported statically: through `import()` esbuild would keep every export of the
 * DynamoDB client in each worker's bundle, +54 KB.)
 */
async function rememberFailure(messageId: string, error: unknown, receiveCount: number, recordLogger: Logger): Promise<void> {
  try {
    await storeFailure(messageId, { error: errorText(error), receiveCount, failedAt: new Date().toISOString() });
  } catch (rememberError) {
    recordLogger.warn('The failure could not be remembered for the dead-letter record', { error: (rememberError as Error).message });
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}
