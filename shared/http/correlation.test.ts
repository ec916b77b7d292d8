// The correlation id: the caller's, else the gateway's request id, else a new UUID.
import { describe, expect, it } from 'vitest';
import { correlationIdFrom } from './correlation.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  it("keeps the caller's id when it is a sane token", () => {
    expect(correlationIdFrom('corr-1.a:b_c', 'JKJaXmPLvHcESHA=')).toBe('corr-1.a:b_c');
  });

  it("takes the gateway's request id (standard base64, as API Gateway's) when the caller sends none or an unsafe one", () => {
    expect(correlationIdFrom(undefined, 'JKJaXmPLvHcESHA=')).toBe('JKJaXmPLvHcESHA=');
    expect(correlationIdFrom(null, 'a+b/c=')).toBe('a+b/c=');
    expect(correlationIdFrom('has space', 'JKJaXmPLvHcESHA=')).toBe('JKJaXmPLvHcESHA=');
    expect(correlationIdFrom('x'.repeat(129), 'JKJaXmPLvHcESHA=')).toBe('JKJaXmPLvHcESHA=');
    expect(correlationIdFrom('line\nbreak', 'JKJaXmPLvHcESHA=')).toBe('JKJaXmPLvHcESHA=');
  });

  it('keeps an id it handed out: a base64 request id read back from a queue message stays the same', () => {
    expect(correlationIdFrom(correlationIdFrom(undefined, 'Kp+2tiW8IAMEMgQ='))).toBe('Kp+2tiW8IAMEMgQ=');
  });

  it('generates a new UUID when neither is usable', () => {
    const first = correlationIdFrom(undefined);
    expect(first).toMatch(UUID);
    expect(correlationIdFrom('', 'bad id')).toMatch(UUID);
    expect(correlationIdFrom(undefined)).not.toBe(first);
  });
});
