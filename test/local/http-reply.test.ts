// How a function's result becomes the HTTP API's response under payload format 2.0, without a server.
import { describe, expect, it } from 'vitest';
import { resultToReply } from '#infra/local/http-reply.ts';

describe('resultToReply', () => {
  it('answers a value without statusCode as implicit JSON with 200', () => {
    expect(resultToReply({ a: 1 })).toEqual({ status: 200, headers: [['content-type', 'application/json']], body: Buffer.from('{"a":1}') });
    expect(resultToReply('text')?.body.toString()).toBe('text');
    expect(resultToReply(undefined)?.body.toString()).toBe('null');
  });

  it('takes a structured result’s status, headers, multi-value headers, cookies and base64 body', () => {
    const reply = resultToReply({
      statusCode: '201',
      headers: { 'x-one': 1, skipped: null },
      multiValueHeaders: { 'x-many': ['a', 'b'] },
      cookies: ['c=1'],
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    });
    expect(reply).toEqual({
      status: 201,
      headers: [
        ['x-one', '1'],
        ['x-many', 'a'],
        ['x-many', 'b'],
        ['set-cookie', 'c=1'],
      ],
      body: Buffer.from('hi'),
    });
  });

  it('refuses a status code that is not one', () => {
    expect(resultToReply({ statusCode: 99 })).toBeNull();
    expect(resultToReply({ statusCode: 'abc' })).toBeNull();
  });
});
