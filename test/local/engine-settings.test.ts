// The twin's engine settings from the environment: endpoints and names, and a clear refusal of
// malformed values naming the variable.
import { describe, expect, it } from 'vitest';
import { engineSettingsFromEnv } from '#infra/local/external-engines.ts';
import { queueArnFromUrl } from '#infra/local/aws-env.ts';

describe('engineSettingsFromEnv', () => {
  it('is empty (embedded engines, default names) when nothing is set', () => {
    expect(engineSettingsFromEnv({})).toEqual({});
    expect(engineSettingsFromEnv({ SCORECAST_DYNAMODB_ENDPOINT: ' ' })).toEqual({});
  });

  it('reads the endpoints (as origins) and the resource names', () => {
    expect(
      engineSettingsFromEnv({
        SCORECAST_DYNAMODB_ENDPOINT: 'http://localhost:8000/',
        SCORECAST_SQS_ENDPOINT: 'http://127.0.0.1:4566',
        SCORECAST_TABLE_NAME: 'scorecast-dev',
        SCORECAST_QUEUE_PREFIX: 'dev-',
      }),
    ).toEqual({ dynamodbEndpoint: 'http://localhost:8000', sqsEndpoint: 'http://127.0.0.1:4566', tableName: 'scorecast-dev', queuePrefix: 'dev-' });
  });

  it('refuses malformed values, naming the variable and what it expects', () => {
    expect(() => engineSettingsFromEnv({ SCORECAST_DYNAMODB_ENDPOINT: 'localhost:8000' })).toThrow(
      /SCORECAST_DYNAMODB_ENDPOINT must be an http\(s\) URL/,
    );
    expect(() => engineSettingsFromEnv({ SCORECAST_SQS_ENDPOINT: '127.0.0.1:4566' })).toThrow(/SCORECAST_SQS_ENDPOINT must be an http\(s\) URL/);
    expect(() => engineSettingsFromEnv({ SCORECAST_SQS_ENDPOINT: 'http://127.0.0.1:4566/queue' })).toThrow(/with no path/);
    expect(() => engineSettingsFromEnv({ SCORECAST_TABLE_NAME: 'a b' })).toThrow(/SCORECAST_TABLE_NAME must be a DynamoDB table name/);
    expect(() => engineSettingsFromEnv({ SCORECAST_QUEUE_PREFIX: 'x'.repeat(41) })).toThrow(
      /SCORECAST_QUEUE_PREFIX must be an SQS queue name prefix/,
    );
  });
});

describe('queueArnFromUrl', () => {
  it('takes the account from the queue URL (fauxqs, moto, LocalStack)', () => {
    expect(queueArnFromUrl('http://127.0.0.1:9324/000000000000/scorecast-scoring-dlq')).toBe(
      'arn:aws:sqs:us-east-1:000000000000:scorecast-scoring-dlq',
    );
    expect(queueArnFromUrl('http://127.0.0.1:5000/123456789012/scorecast-scoring')).toBe('arn:aws:sqs:us-east-1:123456789012:scorecast-scoring');
  });
});
