// The $connect authorizer's policy reading, and the @connections quota's token bucket: pure, no server.
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '#infra/local/ws-authorizer.ts';
import { tokenBucket } from '#infra/local/ws-management.ts';

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:api/prod/$connect';
const policy = (...Statement: unknown[]) => ({ principalId: 'u', policyDocument: { Version: '2012-10-17', Statement } });
const statement = (Effect: string, Resource: unknown = ARN, Action: unknown = 'execute-api:Invoke') => ({ Effect, Action, Resource });

describe('evaluatePolicy', () => {
  it('allows only what a statement allows on the methodArn (wildcards included), and a Deny wins', () => {
    expect(evaluatePolicy(policy(statement('Allow')), ARN)).toBe('allow');
    expect(evaluatePolicy(policy(statement('Allow', 'arn:aws:execute-api:us-east-1:000000000000:api/*')), ARN)).toBe('allow');
    expect(evaluatePolicy(policy(statement('Allow', [ARN], ['execute-api:*'])), ARN)).toBe('allow');
    expect(evaluatePolicy(policy(statement('Allow'), statement('Deny')), ARN)).toBe('deny');
    expect(evaluatePolicy(policy(statement('Allow', 'arn:aws:execute-api:us-east-1:000000000000:other/*')), ARN)).toBe('deny');
    expect(evaluatePolicy(policy(statement('Allow', ARN, 's3:GetObject')), ARN)).toBe('deny');
  });

  it('calls an answer without a policy document or statements invalid', () => {
    expect(evaluatePolicy(null, ARN)).toBe('invalid');
    expect(evaluatePolicy({ principalId: 'u' }, ARN)).toBe('invalid');
    expect(evaluatePolicy({ policyDocument: {} }, ARN)).toBe('invalid');
    expect(evaluatePolicy(policy(null), ARN)).toBe('invalid');
  });
});

describe('tokenBucket', () => {
  it('starts full, empties, and refills at its rate up to its burst', () => {
    let now = 0;
    const bucket = tokenBucket({ ratePerSecond: 2, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 500; // one token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 60_000; // never more than burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('refuses a quota it cannot honour', () => {
    expect(() => tokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(/ratePerSecond > 0/);
    expect(() => tokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(/burst >= 1/);
  });
});
