// The dead-letter recorder (SQS; the deadLetterConsumer of every declared queue): records each
// message its queue gave up on, with the consumer's last error, in its tenant's dead letters, and
// marks the domain object failed (shared/dead-letters/handlers.ts). A record that cannot be written
// stays on the DLQ and comes back.
import type { SQSRecord } from 'aws-lambda';
import { sourceQueueOf, type MessageAttribute } from '#shared/dead-letters/dead-letter.ts';
import { recordDeadLetter } from '#shared/dead-letters/record.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { deadLetterWorker } from '#shared/queue/worker.ts';
import { QUEUE_NAMES } from '#shared/schemas/dead-letters.ts';

export const handler = deadLetterWorker(async ({ record, correlationId, receiveCount, logger }) => {
  const queue = sourceQueueOf(record.eventSourceARN, QUEUE_NAMES);
  const sent = Number(record.attributes?.SentTimestamp);
  const outcome = await recordDeadLetter(
    {
      queue,
      messageId: record.messageId,
      body: record.body,
      attributes: attributesOf(record),
      receiveCount,
      sentAt: new Date(Number.isFinite(sent) && sent > 0 ? sent : Date.now()).toISOString(),
    },
    correlationId,
  );
  metrics.addMetric('dead_lettered', 'Count', 1);
  logger.warn('Dead letter recorded', { queue, outcome });
});

function attributesOf(record: SQSRecord): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {};
  for (const [name, a] of Object.entries(record.messageAttributes ?? {})) {
    attributes[name] = {
      dataType: a.dataType,
      ...(a.stringValue === undefined ? {} : { stringValue: a.stringValue }),
      ...(a.binaryValue === undefined ? {} : { binaryValue: a.binaryValue }),
    };
  }
  return attributes;
}
