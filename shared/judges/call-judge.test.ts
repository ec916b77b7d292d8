// One judge request against a scripted sender (no network): the webhook retry rule, the signature, and
// how each answer ends the request.
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { PostResult } from '#shared/webhooks/http-sender.ts';
import { newSecret } from '#shared/webhooks/signing.ts';
import { callJudge, JudgeUnavailableError, type CallContext } from './call-judge.ts';
import { newJudge } from './judge.ts';
import { judgeRequest } from './verdict.ts';

const now = new Date();
const judge = newJudge(
  'jdg_01kbn0000000000000000000aa',
  { tenantId: 'acme', principalId: 'm' },
  { name: 'j', url: 'https://judge.example.com/' },
  'https://judge.example.com/',
  newSecret(),
  now,
);
const request = judgeRequest(
  { submission_id: 'sub_1', benchmark_id: 'bm_1', task_id: 't1', input: 'q', expected: 'a', output: 'a', rubric: null },
  now,
);

function scripted(...answers: Omit<PostResult, 'latencyMs'>[]) {
  const calls: { body: string; headers: Record<string, string> }[] = [];
  const waits: number[] = [];
  const context: CallContext = {
    policy: {
      attemptTimeoutMs: 10_000,
      retryDelaysMs: [500, 1000, 2000],
      redeliverySchedule: [30],
      concurrency: 4,
      address: { allowLoopback: false },
    },
    correlationId: 'corr-1',
    send: async (_url, body, headers) => {
      calls.push({ body, headers });
      return { latencyMs: 1, ...(answers[calls.length - 1] ?? answers.at(-1)!) };
    },
    sleep: async (ms) => void waits.push(ms),
  };
  return { calls, waits, context };
}

describe('a judge request', () => {
  it('is signed as a webhook delivery is, and the 200 carries the verdict', async () => {
    const { calls, context } = scripted({ statusCode: 200, body: '{"score": 0.8, "rationale": "close"}' });
    expect(await callJudge(judge, request, 'judge_sub_1_t1', context)).toEqual({ ok: true, score: 0.8, rationale: 'close' });
    expect(calls).toHaveLength(1);
    expect(new StandardWebhook(judge.secret).verify(calls[0]!.body, calls[0]!.headers)).toEqual(JSON.parse(calls[0]!.body));
    expect(calls[0]!.headers['webhook-id']).toBe('judge_sub_1_t1');
    expect(calls[0]!.headers['x-correlation-id']).toBe('corr-1');
  });

  it('tries again after 500 ms, 1 s and 2 s on 5xx, 429 and network errors, with the same bytes', async () => {
    const { calls, waits, context } = scripted(
      { statusCode: 503 },
      { error: 'ECONNRESET' },
      { statusCode: 429 },
      { statusCode: 200, body: '{"score": 1}' },
    );
    expect(await callJudge(judge, request, 'id', context)).toEqual({ ok: true, score: 1 });
    expect(waits).toEqual([500, 1000, 2000]);
    expect(new Set(calls.map((call) => call.body)).size).toBe(1);
  });

  it('gives up after four attempts with JudgeUnavailableError naming the last error', async () => {
    const { calls, context } = scripted({ error: 'timed out after 10000 ms' });
    await expect(callJudge(judge, request, 'id', context)).rejects.toThrow(JudgeUnavailableError);
    await expect(callJudge(judge, request, 'id', context)).rejects.toThrow(/unreachable: timed out after 10000 ms/);
    expect(calls).toHaveLength(8);
  });

  it('ends at once on 4xx, a refused address, another 2xx or a 200 that is not a verdict', async () => {
    expect(await callJudge(judge, request, 'id', scripted({ statusCode: 401 }).context)).toEqual({
      ok: false,
      reason: `judge ${judge.judgeId} answered HTTP 401`,
    });
    expect(await callJudge(judge, request, 'id', scripted({ error: 'refused: 10.0.0.1 is a private address', refused: true }).context)).toMatchObject(
      {
        ok: false,
        reason: expect.stringMatching(/refused: 10.0.0.1/),
      },
    );
    expect(await callJudge(judge, request, 'id', scripted({ statusCode: 204 }).context)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/HTTP 204, not 200/),
    });
    expect(await callJudge(judge, request, 'id', scripted({ statusCode: 200, body: '{"score": 7}' }).context)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/score must be a number in \[0, 1\]/),
    });
  });

  it('stops trying once another request of the submission gave up', async () => {
    const { calls, context } = scripted({ statusCode: 502 });
    let gaveUp = false;
    const sleep = async () => {
      gaveUp = true;
    };
    await expect(callJudge(judge, request, 'id', { ...context, sleep, abandoned: () => gaveUp })).rejects.toThrow(JudgeUnavailableError);
    expect(calls).toHaveLength(1);
  });
});
