import { ChangeMessageVisibilityCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const sqs = mockClient(SQSClient);
let delivery: typeof import('./delivery.ts');

beforeAll(async () => {
  vi.stubEnv('DELIVERY_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/123456789012/delivery');
  delivery = await import('./delivery.ts');
});
beforeEach(() => sqs.reset());

const sqsError = (name: string, message: string) => new SQSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });

describe('delayRedelivery', () => {
  it('sets the message’s visibility timeout to the delay', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    expect(await delivery.delayRedelivery('rh-1', 300)).toBe(true);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/delivery',
      ReceiptHandle: 'rh-1',
      VisibilityTimeout: 300,
    });
  });

  it('answers false, not an error, for a message no longer in flight (its visibility ran out first)', async () => {
    for (const error of [
      sqsError('ReceiptHandleIsInvalid', 'The input receipt handle is invalid.'), // moto
      sqsError('MessageNotInflight', 'The message referred to is not in flight.'),
      sqsError(
        'InvalidParameterValue',
        'Value rh-1 for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.',
      ),
    ]) {
      sqs.reset();
      sqs.on(ChangeMessageVisibilityCommand).rejects(error);
      expect(await delivery.delayRedelivery('rh-1', 300), error.name).toBe(false);
    }
  });

  it('still throws other errors', async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(sqsError('InvalidParameterValue', 'Value 99999 for parameter VisibilityTimeout is invalid.'));
    await expect(delivery.delayRedelivery('rh-1', 99_999)).rejects.toThrow(/VisibilityTimeout/);
    sqs.reset();
    sqs.on(ChangeMessageVisibilityCommand).rejects(sqsError('AccessDenied', 'no'));
    await expect(delivery.delayRedelivery('rh-1', 30)).rejects.toThrow('no');
  });
});
