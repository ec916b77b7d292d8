import { describe, expect, it } from 'vitest';
import { judgeMessageId, judgeRequest, MAX_RATIONALE_LENGTH, readJudgeAnswer, taskScoreOf } from './verdict.ts';

describe('the judge request', () => {
  it('is the documented envelope, the task and answer in data, a null rubric when the task has none', () => {
    const data = {
      submission_id: 'sub_1',
      benchmark_id: 'bm_1',
      task_id: 't1',
      input: { q: 'why?' },
      expected: 'because',
      output: 'since',
      rubric: null,
    };
    expect(JSON.parse(JSON.stringify(judgeRequest(data, new Date('2026-12-04T10:00:00Z'))))).toEqual({
      type: 'scorecast.judge.request',
      timestamp: '2026-12-04T10:00:00.000Z',
      data,
    });
  });

  it('has one message id per submission and task, the same on every attempt', () => {
    expect(judgeMessageId('sub_1', 't1')).toBe(judgeMessageId('sub_1', 't1'));
    expect(judgeMessageId('sub_1', 't1')).not.toBe(judgeMessageId('sub_1', 't2'));
  });
});

describe("reading a judge's 200", () => {
  it('takes a score in [0, 1] with or without a rationale', () => {
    expect(readJudgeAnswer('{"score": 0.75, "rationale": "mostly right"}')).toEqual({ ok: true, score: 0.75, rationale: 'mostly right' });
    expect(readJudgeAnswer('{"score": 0}')).toEqual({ ok: true, score: 0 });
    expect(readJudgeAnswer('{"score": 1, "rationale": null}')).toEqual({ ok: true, score: 1 });
  });

  it('cuts a long rationale', () => {
    const answer = readJudgeAnswer(JSON.stringify({ score: 1, rationale: 'x'.repeat(5000) }));
    expect(answer.ok && answer.rationale?.length).toBe(MAX_RATIONALE_LENGTH);
  });

  it('refuses anything else, saying why', () => {
    expect(readJudgeAnswer('score: 1')).toEqual({ ok: false, reason: 'the judge answered 200 with a body that is not JSON' });
    expect(readJudgeAnswer('[1]')).toMatchObject({ ok: false, reason: 'the judge answered 200 without a JSON object' });
    expect(readJudgeAnswer('{"score": 1.5}')).toEqual({ ok: false, reason: "the judge's score must be a number in [0, 1], not 1.5" });
    expect(readJudgeAnswer('{"score": -0.1}')).toMatchObject({ ok: false });
    expect(readJudgeAnswer('{"score": "0.5"}')).toEqual({ ok: false, reason: `the judge's score must be a number in [0, 1], not "0.5"` });
    expect(readJudgeAnswer('{}')).toEqual({ ok: false, reason: "the judge's score must be a number in [0, 1], not absent" });
    expect(readJudgeAnswer('{"score": 0.5, "rationale": 3}')).toEqual({ ok: false, reason: "the judge's rationale must be a string" });
  });
});

describe("a task's score from the judge's", () => {
  it('is the judge’s score itself without a pass threshold', () => {
    expect(taskScoreOf({ score: 0.42 }, undefined)).toEqual({ score: 0.42 });
  });

  it('is 1 at or above the pass threshold, else 0', () => {
    expect(taskScoreOf({ score: 0.5 }, 0.5)).toEqual({ score: 1 });
    expect(taskScoreOf({ score: 0.49 }, 0.5)).toEqual({ score: 0 });
    expect(taskScoreOf({ score: 0 }, 0)).toEqual({ score: 1 });
  });

  it('carries the rationale as the detail', () => {
    expect(taskScoreOf({ score: 0.9, rationale: 'covers both points' }, 0.8)).toEqual({ score: 1, detail: 'covers both points' });
    expect(taskScoreOf({ score: 0.9, rationale: '' }, undefined)).toEqual({ score: 0.9 });
  });
});
