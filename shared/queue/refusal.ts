// Sends a message that fails its queue's contract straight to that queue's DLQ, unchanged, with
// the reason in the `validation_error` attribute (retrying it could not help, dropping it would
// lose it) and its own id in `refused_message_id`. The dead-letter recorder lists it under that id
// (a message delivered twice and refused twice is one dead letter), with the reason as last error.
import { SendMessageCommand, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { deadLetterQueueUrlVariable } from '#shared/contract/queues.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { sqsClient } from './client.ts';
import { REFUSED_MESSAGE_ID_ATTRIBUTE, VALIDATION_ERROR_ATTRIBUTE } from './message.ts';

/** SQS's limit of message attributes per message. */
const MAX_ATTRIBUTES = 10;

export async function sendToDeadLetterQueue(queue: string, record: SQSRecord, reason: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: requiredEnv(deadLetterQueueUrlVariable(queue)),
      MessageBody: record.body,
      MessageAttributes: {
        ...carriedAttributes(record),
        [VALIDATION_ERROR_ATTRIBUTE]: { DataType: 'String', StringValue: reason },
        [REFUSED_MESSAGE_ID_ATTRIBUTE]: { DataType: 'String', StringValue: record.messageId },
      },
    }),
  );
}

/** The record's own attributes (the correlation id among them), leaving room for ours. */
function carriedAttributes(record: SQSRecord): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, a] of Object.entries(record.messageAttributes ?? {})) {
    if (name === VALIDATION_ERROR_ATTRIBUTE || name === REFUSED_MESSAGE_ID_ATTRIBUTE || Object.keys(attributes).length === MAX_ATTRIBUTES - 2)
      continue;
    attributes[name] = {
      DataType: a.dataType,
      ...(a.stringValue === undefined ? {} : { StringValue: a.stringValue }),
      ...(a.binaryValue === undefined ? {} : { BinaryValue: Buffer.from(a.binaryValue, 'base64') }),
    };
  }
  return attributes;
}
