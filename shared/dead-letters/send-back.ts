// The queue side of a redrive: a recorded message goes back to its source queue with its original
// body and attributes (the correlation id among them; not a refusal's validation_error). The function holds SendMessage on the source
// queues only (`{ allQueues: 'send' }`): QUEUE_URLS names the DLQs too, but they are never sent to.
import { SendMessageCommand, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { isDeadLetterQueueName } from '#shared/contract/queues.ts';
import { requiredJsonEnv } from '#shared/config/env.ts';
import { sqsClient } from '#shared/queue/client.ts';
import { VALIDATION_ERROR_ATTRIBUTE } from '#shared/queue/message.ts';
import type { DeadLetter } from './dead-letter.ts';

// A redrive function without its queues fails at start, not on its first redrive.
const queueUrls = requiredJsonEnv<Record<string, string>>('QUEUE_URLS');

/** Is this a source queue this deployment declares (and so one a redrive may send to)? */
export const isSourceQueue = (queue: string) => Object.hasOwn(queueUrls, queue) && !isDeadLetterQueueName(queue);

export async function sendBack(letter: DeadLetter): Promise<void> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, a] of Object.entries(letter.attributes)) {
    // A refusal's reason does not travel back: should the message fail again, it gets a new one.
    if (name === VALIDATION_ERROR_ATTRIBUTE) continue;
    attributes[name] = {
      DataType: a.dataType,
      ...(a.stringValue === undefined ? {} : { StringValue: a.stringValue }),
      ...(a.binaryValue === undefined ? {} : { BinaryValue: Buffer.from(a.binaryValue, 'base64') }),
    };
  }
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrls[letter.queue],
      MessageBody: letter.body,
      ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
    }),
  );
}
