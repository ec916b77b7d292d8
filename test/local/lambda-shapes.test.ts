// The Lambda API's rules the twin's Lambda API answers by: function names and qualifiers, invocation
// and log types, ListFunctions' configurations and pages, the log tail.
import { describe, expect, it } from 'vitest';
import type { FunctionDecl } from '#infra/wiring-types.ts';
import { functionConfiguration, invocationOptions, listPage, logResult, resolveFunction } from '#infra/local/lambda-shapes.ts';

const decl: FunctionDecl = { entry: 'functions/x.ts', description: 'does x', memoryMb: 256, timeoutSeconds: 10 };
const declared = { whoami: decl };
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:whoami';

describe('resolveFunction', () => {
  it('accepts a name, a full ARN, a partial ARN and the $LATEST qualifier', () => {
    for (const ref of ['whoami', ARN, '000000000000:function:whoami', 'whoami:$LATEST', `${ARN}:$LATEST`])
      expect(resolveFunction(ref, null, declared)).toEqual({ name: 'whoami' });
    expect(resolveFunction('whoami', '$LATEST', declared)).toEqual({ name: 'whoami' });
  });

  it('answers ResourceNotFoundException with the ARN for an undeclared function or another version', () => {
    expect(resolveFunction('nope', null, declared)).toEqual({
      status: 404,
      type: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    expect(resolveFunction('whoami', '3', declared)).toMatchObject({ status: 404, message: `Function not found: ${ARN}:3` });
    expect(resolveFunction('toString', null, declared)).toMatchObject({ status: 404 });
  });

  it('refuses a qualifier in the name that differs from the Qualifier parameter', () => {
    expect(resolveFunction('whoami:1', '$LATEST', declared)).toMatchObject({ status: 400, type: 'InvalidParameterValueException' });
  });
});

describe('invocationOptions', () => {
  it('defaults to RequestResponse without the log', () => {
    expect(invocationOptions(undefined, undefined)).toEqual({ type: 'RequestResponse', tail: false });
    expect(invocationOptions('Event', 'Tail')).toEqual({ type: 'Event', tail: true });
  });

  it('refuses other values naming the allowed ones', () => {
    expect(invocationOptions('Later', undefined)).toMatchObject({
      status: 400,
      type: 'ValidationException',
      message: expect.stringContaining('[Event, RequestResponse, DryRun]'),
    });
    expect(invocationOptions(undefined, 'All')).toMatchObject({ status: 400, message: expect.stringContaining('[None, Tail]') });
  });
});

describe('logResult', () => {
  it('is the base64 of the last 4 KB of the log', () => {
    expect(Buffer.from(logResult('START\nhello\n'), 'base64').toString()).toBe('START\nhello\n');
    const long = `${'a'.repeat(5000)}${'b'.repeat(4000)}`;
    const tail = Buffer.from(logResult(long), 'base64').toString();
    expect(tail).toBe(`${'a'.repeat(96)}${'b'.repeat(4000)}`);
  });
});

describe('functionConfiguration', () => {
  it('shapes a declared function as ListFunctions lists it', () => {
    expect(functionConfiguration('whoami', { ...decl, tracing: true }, new Date('2026-12-04T10:00:00.000Z'))).toMatchObject({
      FunctionName: 'whoami',
      FunctionArn: ARN,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Description: 'does x',
      MemorySize: 256,
      Timeout: 10,
      LastModified: '2026-12-04T10:00:00.000+0000',
      Version: '$LATEST',
      TracingConfig: { Mode: 'Active' },
      Architectures: ['arm64'],
    });
  });
});

describe('listPage', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('pages with an opaque marker until the last page, which has none', () => {
    const first = listPage(items, null, '3');
    expect(first).toMatchObject({ items: [0, 1, 2], nextMarker: expect.any(String) });
    const second = listPage(items, (first as { nextMarker: string }).nextMarker, '3');
    const third = listPage(items, (second as { nextMarker: string }).nextMarker, '3');
    expect(third).toEqual({ items: [6], nextMarker: undefined });
    expect(listPage(items, null, null)).toEqual({ items, nextMarker: undefined });
  });

  it('refuses a page size out of 1–10,000 and a marker it did not give', () => {
    for (const size of ['0', '10001', 'x', '1.5']) expect(listPage(items, null, size)).toMatchObject({ status: 400, type: 'ValidationException' });
    expect(listPage(items, 'garbage', null)).toMatchObject({ status: 400, type: 'InvalidParameterValueException' });
  });
});
