// The middy stack every SQS worker uses: Powertools batch processing with partial batch
// responses (only failed records return to the queue), one child logger per record carrying the
// correlation id from the message attributes, and metrics flushed per batch. A record's failure is
// also remembered in the table under its message id, which SQS keeps
// when it moves the message to the DLQ: the dead-letter recorder reads it as the "last error".
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { correlationIdFrom } from '#shared/http/correlation.ts';
import { logger } from '#shared/powertools/logger.ts';
import { rememberFailure as storeFailure } from '#shared/store/dead-letters.ts';
import { publishMetrics } from '#shared/powertools/metrics.ts';
import { CORRELATION_ATTRIBUTE } from './message.ts';

export interface QueueMessage {
  /** The parsed JSON body. */
  body: unknown;
  correlationId: string;
  /** 1 on first delivery; grows with every redelivery. */
  receiveCount: number;
  record: SQSRecord;
  logger: Logger;
}

export interface WorkerOptions {
  /**
   * This worker drains a DLQ (the dead-letter recorder): a body that is not JSON reaches the handler
   * as its raw text instead of failing, and failures are not remembered (the message id is the
   * source message's, whose last error the recorder reads).
   */
  deadLetters?: boolean;
}

/** The correlation id a message carries (a fresh one when it carries none). */
export const correlationIdOf = (record: SQSRecord): string => correlationIdFrom(record.messageAttributes?.[CORRELATION_ATTRIBUTE]?.stringValue);

export function sqsWorker(handle: (message: QueueMessage) => Promise<void>, options: WorkerOptions = {}) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord) => {
    const correlationId = correlationIdOf(record);
    const recordLogger = logger.createChild({ persistentKeys: { correlation_id: correlationId, message_id: record.messageId } });
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        if (!options.deadLetters) throw new Error('Message body is not JSON');
        body = record.body;
      }
      await handle({ body, correlationId, receiveCount, record, logger: recordLogger });
    } catch (error) {
      recordLogger.warn('Message failed; it returns to the queue', { receive_count: receiveCount, error: (error as Error).message });
      if (!options.deadLetters) await rememberFailure(record.messageId, error, receiveCount, recordLogger);
      throw error;
    }
  };

  return sqsBatchWorker((event, context) => processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false }));
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
