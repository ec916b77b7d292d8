// The bench's cost model (bench/cost-model.ts) and its request-unit estimates (bench/capacity-units.ts),
// against hand-computed values.
import { describe, expect, it } from 'vitest';
import { CapacityEstimator, itemBytes, readUnits, valueBytes } from '../../bench/capacity-units.ts';
import { billedGbSeconds, costPerMillion, type CountedUsage } from '../../bench/cost-model.ts';

const usage: CountedUsage = {
  submissions: 100,
  httpRequests: 300,
  websocketMessages: 500,
  websocketConnectionMinutes: 10,
  lambda: { create: { invocations: 150, gbSeconds: 8 }, score: { invocations: 50, gbSeconds: 2 } },
  dynamodb: { readUnits: 800, writeUnits: 3400 },
  sqsRequests: 1500,
  logBytes: 1024 ** 3 / 1000,
};

describe('cost per million submissions', () => {
  const model = costPerMillion(usage);
  const line = (item: string) => model.lines.find((l) => l.item === item)!;

  it('prices each counted quantity, scaled from 100 submissions to a million', () => {
    expect(line('API Gateway HTTP requests')).toMatchObject({ quantity: 3_000_000, usd: 3 });
    expect(line('API Gateway WebSocket messages')).toMatchObject({ quantity: 5_000_000, usd: 5 });
    expect(line('API Gateway WebSocket connection time')).toMatchObject({ quantity: 100_000, usd: 0.025 });
    expect(line('Lambda requests')).toMatchObject({ quantity: 2_000_000, usd: 0.4 });
    expect(line('Lambda duration')).toMatchObject({ quantity: 100_000, usd: 1.3333 });
    expect(line('DynamoDB writes')).toMatchObject({ quantity: 34_000_000, usd: 21.25 });
    expect(line('DynamoDB reads')).toMatchObject({ quantity: 8_000_000, usd: 1 });
    expect(line('SQS requests')).toMatchObject({ quantity: 15_000_000, usd: 6 });
    expect(line('CloudWatch Logs ingestion')).toMatchObject({ quantity: 10, usd: 5 });
  });

  it('totals the lines, gives shares, names what dominates and judges the $10 goal', () => {
    expect(model.totalUsd).toBe(43.01);
    expect(line('DynamoDB writes').share).toBeCloseTo(21.25 / 43.00834, 4);
    expect(model.lines.reduce((sum, l) => sum + l.share, 0)).toBeCloseTo(1, 3);
    expect(model.dominant).toEqual(['DynamoDB writes', 'SQS requests']);
    expect(model.meetsGoal).toBe(false);
    expect(
      costPerMillion({ ...usage, dynamodb: { readUnits: 0, writeUnits: 0 }, sqsRequests: 0, logBytes: 0, websocketMessages: 0, httpRequests: 0 })
        .meetsGoal,
    ).toBe(true);
  });

  it('ranks functions by what they cost', () => {
    expect(model.lambdaByFunction.map((f) => f.fn)).toEqual(['create', 'score']);
    expect(model.lambdaByFunction[0]).toMatchObject({ invocations: 1_500_000, gbSeconds: 80_000, usd: 1.3667 });
  });

  it('refuses a run with no submissions', () => {
    expect(() => costPerMillion({ ...usage, submissions: 0 })).toThrow(/at least one/);
  });
});

describe('billed duration', () => {
  it('rounds each invocation up to the next millisecond, at least one, times its memory', () => {
    expect(billedGbSeconds(0.2, 512)).toBe(0.0005);
    expect(billedGbSeconds(10.2, 1024)).toBe(0.011);
  });
});

describe('request units', () => {
  it('sizes items by DynamoDB rules: names plus values', () => {
    expect(valueBytes({ S: 'héllo' })).toBe(6);
    expect(valueBytes({ N: '123' })).toBe(3);
    expect(valueBytes({ L: [{ S: 'ab' }, { BOOL: true }] })).toBe(3 + 1 + 2 + 1 + 1);
    expect(itemBytes({ PK: { S: 'ab' }, n: { N: '123' } })).toBe(8);
  });

  it('charges a write per started KB, once more for each index holding the item', () => {
    const estimator = new CapacityEstimator();
    const big = 'x'.repeat(1400);
    expect(estimator.writeUnits('PutItem', { Item: { PK: { S: 'A' }, SK: { S: 'B' }, GSI1PK: { S: 'G' }, body: { S: big } } })).toBe(4);
    // An update of the same item: its last Put's size plus the values it sets; a counter does not grow it.
    const update = { Key: { PK: { S: 'A' }, SK: { S: 'B' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } };
    expect(estimator.writeUnits('UpdateItem', update)).toBe(4);
    expect(estimator.writeUnits('UpdateItem', update)).toBe(4);
    expect(estimator.writeUnits('UpdateItem', { ...update, Key: { PK: { S: 'other' }, SK: { S: 'x' } } })).toBe(1);
    expect(estimator.writeUnits('DeleteItem', { Key: { PK: { S: 'A' }, SK: { S: 'B' } } })).toBe(4);
    expect(estimator.writeUnits('GetItem', { Key: {} })).toBe(0);
  });

  it('charges a read per started 4 KB of the answer, half for an eventually consistent one', () => {
    expect(readUnits(5000, true)).toBe(2);
    expect(readUnits(100, false)).toBe(0.5);
    expect(readUnits(0, true)).toBe(1);
  });
});
