// The middy stack every SQS worker uses: Powertools batch processing with partial batch
// responses (only failed records return to the queue), one child logger per record carrying the
// correlation id from the message attributes, and metrics flushed per batch.
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { correlationIdFrom } from '#shared/http/correlation.ts';
import { logger } from '#shared/powertools/logger.ts';
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

const processor = new BatchProcessor(EventType.SQS);

export function sqsWorker(handle: (message: QueueMessage) => Promise<void>) {
  const handleRecord = async (record: SQSRecord) => {
    const correlationId = correlationIdFrom(record.messageAttributes?.[CORRELATION_ATTRIBUTE]?.stringValue);
    const recordLogger = logger.createChild({ persistentKeys: { correlation_id: correlationId, message_id: record.messageId } });
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      recordLogger.error('Message body is not JSON');
      throw new Error('Message body is not JSON');
    }
    try {
      await handle({ body, correlationId, receiveCount, record, logger: recordLogger });
    } catch (error) {
      recordLogger.warn('Message failed; it returns to the queue', { receive_count: receiveCount, error: (error as Error).message });
      throw error;
    }
  };

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      try {
        return await processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
      } finally {
        publishMetrics();
      }
    });
}
