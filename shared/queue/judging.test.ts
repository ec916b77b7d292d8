import { describe, expect, it } from 'vitest';
import { judgingQueue } from './judging.ts';

describe('the judging queue contract', () => {
  const request = { tenant_id: 'acme', submission_id: 'sub_1', reason: 'submitted' };

  it('takes a request back as it was sent', () => {
    expect(judgingQueue.parse(JSON.parse(JSON.stringify(request)))).toEqual({ ok: true, value: request });
  });

  it('names every field that is wrong', () => {
    expect(judgingQueue.parse({ tenant_id: 'acme' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Not a judging message: submission_id: .*; reason: /),
    });
    expect(judgingQueue.parse({ ...request, reason: 'because' })).toMatchObject({ ok: false, error: expect.stringMatching(/reason: /) });
  });
});
