import { describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE_ID_ATTRIBUTE, VALIDATION_ERROR_ATTRIBUTE } from '#shared/queue/message.ts';
import {
  deadLetterOf,
  deadLetterReason,
  deadLetterView,
  parseBody,
  recordedMessageId,
  sourceQueueOf,
  tenantOf,
  type DeadLetter,
  type DeadLetteredMessage,
} from './dead-letter.ts';

describe('sourceQueueOf', () => {
  const declared = ['scoring', 'delivery', 'fast-delivery'];

  it('finds the declared queue behind the stack’s and the twin’s DLQ names', () => {
    expect(sourceQueueOf('arn:aws:sqs:eu-west-1:123456789012:Scorecast-scoring-dlq', declared)).toBe('scoring');
    expect(sourceQueueOf('arn:aws:sqs:us-east-1:000000000000:scorecast-scoring-dlq', declared)).toBe('scoring');
    expect(sourceQueueOf('arn:aws:sqs:us-east-1:000000000000:my-stack-dev-delivery-dlq', declared)).toBe('delivery');
  });

  it('prefers the longest declared name and keeps an undeclared queue’s last segment', () => {
    expect(sourceQueueOf('arn:aws:sqs:us-east-1:1:Scorecast-fast-delivery-dlq', declared)).toBe('fast-delivery');
    expect(sourceQueueOf('arn:aws:sqs:us-east-1:1:Scorecast-jobs-dlq', declared)).toBe('jobs');
  });
});

describe('tenantOf', () => {
  it('reads tenant_id from a JSON body, and nothing from anything else', () => {
    expect(tenantOf('{"tenant_id":"acme","submission_id":"sub_1"}')).toBe('acme');
    expect(tenantOf('{"submission_id":"sub_1"}')).toBeNull();
    expect(tenantOf('{"tenant_id":""}')).toBeNull();
    expect(tenantOf('{"tenant_id":42}')).toBeNull();
    expect(tenantOf('not json')).toBeNull();
    expect(tenantOf('null')).toBeNull();
  });
});

describe('deadLetterReason', () => {
  it('names the queue, the attempts and the last error', () => {
    expect(deadLetterReason({ queue: 'scoring', attempts: 5, lastError: 'boom' })).toBe('scoring failed 5 times: boom');
    expect(deadLetterReason({ queue: 'scoring', attempts: 1, lastError: 'boom' })).toBe('scoring failed once: boom');
    expect(deadLetterReason({ queue: 'scoring', attempts: 3, lastError: null })).toMatch(/^scoring failed 3 times: no error was recorded/);
  });
});

describe('deadLetterView', () => {
  const letter: DeadLetter = {
    tenantId: 'acme',
    queue: 'scoring',
    messageId: 'm-1',
    body: '{"tenant_id":"acme","submission_id":"sub_1","reason":"submitted"}',
    attributes: { correlation_id: { dataType: 'String', stringValue: 'corr-1' }, blob: { dataType: 'Binary', binaryValue: 'AAE=' } },
    attempts: 5,
    lastError: 'boom',
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:10:00.000Z',
    recordedAt: '2026-01-01T00:15:00.000Z',
    redrivenAt: null,
  };

  it('shows the body as JSON, the attributes in snake_case and the correlation id', () => {
    expect(deadLetterView(letter)).toEqual({
      queue: 'scoring',
      message_id: 'm-1',
      body: { tenant_id: 'acme', submission_id: 'sub_1', reason: 'submitted' },
      message_attributes: { correlation_id: { data_type: 'String', string_value: 'corr-1' }, blob: { data_type: 'Binary', binary_value: 'AAE=' } },
      correlation_id: 'corr-1',
      attempts: 5,
      last_error: 'boom',
      first_seen_at: '2026-01-01T00:00:00.000Z',
      last_seen_at: '2026-01-01T00:10:00.000Z',
      recorded_at: '2026-01-01T00:15:00.000Z',
      redriven_at: null,
    });
  });

  it('keeps a body that is not JSON as text', () => {
    expect(parseBody('plain')).toBe('plain');
    expect(deadLetterView({ ...letter, body: 'plain', attributes: {} })).toMatchObject({ body: 'plain', correlation_id: null });
  });
});

describe('recording a DLQ message', () => {
  const message: DeadLetteredMessage = {
    queue: 'scoring',
    messageId: 'dlq-copy-1',
    body: '{"tenant_id":"acme","submission_id":"sub_1"}',
    attributes: {},
    receiveCount: 5,
    sentAt: '2026-01-01T00:00:00.000Z',
  };
  const recordedAt = '2026-01-01T00:05:00.000Z';

  it('keeps its consumer’s last failure: how many receives, the error, when it last failed', () => {
    const letter = deadLetterOf(message, { recordedAt, failure: { error: 'boom', receiveCount: 3, failedAt: '2026-01-01T00:04:00.000Z' } });
    expect(letter).toMatchObject({
      tenantId: 'acme',
      queue: 'scoring',
      messageId: 'dlq-copy-1',
      attempts: 3,
      lastError: 'boom',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-01T00:04:00.000Z',
      recordedAt,
      redrivenAt: null,
    });
    expect(deadLetterReason(letter)).toBe('scoring failed 3 times: boom');
  });

  it('without a recorded failure (the consumer timed out or crashed): the DLQ’s receive count and no error', () => {
    const letter = deadLetterOf({ ...message, body: 'not json' }, { recordedAt });
    expect(letter).toMatchObject({ tenantId: null, attempts: 5, lastError: null, lastSeenAt: recordedAt });
  });

  it('a message its worker refused: under its own id (every copy is one dead letter), once, with the refusal as the reason', () => {
    const refused: DeadLetteredMessage = {
      ...message,
      attributes: {
        [VALIDATION_ERROR_ATTRIBUTE]: { dataType: 'String', stringValue: 'submission_id: required' },
        [REFUSED_MESSAGE_ID_ATTRIBUTE]: { dataType: 'String', stringValue: 'original-1' },
      },
    };
    expect(recordedMessageId(refused)).toBe('original-1');
    expect(recordedMessageId({ ...refused, messageId: 'dlq-copy-2' })).toBe('original-1');
    expect(deadLetterOf(refused, { recordedAt })).toMatchObject({ messageId: 'original-1', attempts: 1, lastError: 'submission_id: required' });
  });

  it('ignores a refused-message id on a message nobody refused', () => {
    const odd = { ...message, attributes: { [REFUSED_MESSAGE_ID_ATTRIBUTE]: { dataType: 'String', stringValue: 'forged' } } };
    expect(recordedMessageId(odd)).toBe('dlq-copy-1');
  });
});
