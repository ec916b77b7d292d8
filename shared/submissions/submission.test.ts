import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/http/errors.ts';
import {
  boardEntryOf,
  canMove,
  isPending,
  listedAgent,
  MOVES,
  mayRead,
  queuedSubmission,
  quotaExceeded,
  secondsUntilNextUtcDay,
  submissionView,
  utcDay,
  type Submission,
  type SubmissionMove,
  type SubmissionStatus,
} from './submission.ts';
import { checkAnswers } from './check-answers.ts';

const STATUSES: SubmissionStatus[] = ['queued', 'scoring', 'scored', 'failed', 'cancelled'];
const startsOf = (move: SubmissionMove) => STATUSES.filter((status) => canMove(status, move));

const owner = { submissionId: 'sub_1', tenantId: 't', benchmarkId: 'bm_1', agentId: 'agt_1', version: 2 };

describe('submission rules', () => {
  it('is pending only while queued or being scored', () => {
    expect(['queued', 'scoring', 'scored', 'failed', 'cancelled'].filter((s) => isPending(s as Submission['status']))).toEqual(['queued', 'scoring']);
  });

  it('counts a quota on the UTC day, whatever the local zone', () => {
    expect(utcDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-03-02T00:30:00+02:00'))).toBe('2026-03-01');
  });

  it('resets a daily quota at the next UTC midnight, never in less than a second', () => {
    expect(secondsUntilNextUtcDay(new Date('2026-03-01T00:00:00.000Z'))).toBe(86_400);
    expect(secondsUntilNextUtcDay(new Date('2026-03-01T23:00:00.000Z'))).toBe(3600);
    expect(secondsUntilNextUtcDay(new Date('2026-03-01T23:59:59.500Z'))).toBe(1);
    expect(secondsUntilNextUtcDay(new Date('2026-12-31T23:59:59.999Z'))).toBe(1);
  });

  it('shows a submission in the API’s names with how many answers it has, not the answers', () => {
    const submission: Submission = {
      submissionId: 'sub_1',
      tenantId: 't',
      benchmarkId: 'bm_1',
      agentId: 'agt_1',
      version: 2,
      status: 'scored',
      answers: [
        { task_id: 'a', output: 1 },
        { task_id: 'b', output: 2 },
      ],
      metadata: { model: 'm' },
      score: 0.5,
      confidenceInterval: { level: 0.95, low: 0, high: 1, method: 'bootstrap' },
      stderr: 0.5,
      results: [],
      failureReason: null,
      transitions: [{ status: 'queued', at: '2026-01-01T00:00:00.000Z' }],
      quotaDay: '2026-01-01',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:01.000Z',
    };
    const view = submissionView(submission);
    expect(view).toMatchObject({
      submission_id: 'sub_1',
      benchmark_id: 'bm_1',
      agent_id: 'agt_1',
      version: 2,
      status: 'scored',
      score: 0.5,
      confidence_interval: { level: 0.95, low: 0, high: 1, method: 'bootstrap' },
      stderr: 0.5,
      answer_count: 2,
    });
    expect(view).not.toHaveProperty('answers');
    expect(view).not.toHaveProperty('tenant_id');
    // Being rescored (or failed on a rescore), it keeps the old stored figures but shows no interval.
    for (const status of ['queued', 'scoring', 'failed'] as const)
      expect(submissionView({ ...submission, status })).toMatchObject({ confidence_interval: null, stderr: null });
  });

  it('shows each task’s attempts and the pass@k they give, once scored', () => {
    const submission = {
      ...owner,
      status: 'scored',
      answers: [{ task_id: 'a', outputs: [1, 2, 3, 4, 5] }],
      metadata: null,
      score: 0.2,
      confidenceInterval: null,
      stderr: null,
      results: [
        { task_id: 'a', score: 0.4, weight: 1, answered: true, samples: 5, correct: 2 },
        { task_id: 'b', score: 0, weight: 1, answered: false, detail: 'missing answer', samples: 0, correct: 0 },
      ],
      failureReason: null,
      transitions: [],
      quotaDay: '2026-01-01',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:01.000Z',
    } satisfies Submission;
    // pass@1 = 0.4 / 2, pass@5 = 1 / 2 (the unanswered task counts 0).
    expect(submissionView(submission)).toMatchObject({ answer_count: 1, results: submission.results, pass_at_k: { '1': 0.2, '5': 0.5 } });
    for (const status of ['queued', 'scoring', 'failed'] as const) expect(submissionView({ ...submission, status }).pass_at_k).toBeNull();
    expect(submissionView({ ...submission, status: 'queued', results: null })).toMatchObject({ results: null, pass_at_k: null });
  });

  it('reads results stored before attempts existed as one attempt each', () => {
    const old = [
      { task_id: 'a', score: 1, weight: 1, answered: true },
      { task_id: 'b', score: 0, weight: 3, answered: true, detail: 'not equal to the expected text' },
    ];
    const view = submissionView({ ...queuedSubmission(owner, { answers: [] }, new Date()), status: 'scored', score: 0.25, results: old });
    expect(view.results).toEqual([
      { ...old[0], samples: 1, correct: 1 },
      { ...old[1], samples: 1, correct: 0 },
    ]);
    expect(view.pass_at_k).toEqual({ '1': 0.25 });
  });
});

describe('a submission’s life', () => {
  it('can be cancelled only while queued: once its scoring started or it ended, the cancel is refused', () => {
    expect(startsOf('cancel')).toEqual(['queued']);
  });

  it('never moves again once cancelled', () => {
    for (const move of Object.keys(MOVES) as SubmissionMove[]) expect(canMove('cancelled', move)).toBe(false);
  });

  it('is scored only after the worker claimed it, and a redelivered request may claim it again', () => {
    expect(startsOf('score')).toEqual(['scoring']);
    expect(startsOf('claim')).toEqual(['queued', 'scoring']);
  });

  it('fails only while pending: a late failure never overwrites a score', () => {
    expect(startsOf('fail')).toEqual(['queued', 'scoring']);
    expect(canMove('scored', 'fail')).toBe(false);
  });

  it('is rescored from scored or failed; a dead-letter redrive requeues only a failed one, so a scored one keeps its score', () => {
    expect(startsOf('rescore')).toEqual(['scored', 'failed']);
    expect(startsOf('redrive')).toEqual(['failed']);
    expect(MOVES.rescore.to).toBe('queued');
    expect(MOVES.redrive.to).toBe('queued');
  });
});

describe('submitting', () => {
  const now = new Date('2026-03-01T23:00:00.000Z');

  it('starts queued with that one transition, on the quota of the UTC day it was made', () => {
    const submission = queuedSubmission(owner, { answers: [{ task_id: 'a', output: 'x' }] }, now);
    expect(submission).toMatchObject({
      ...owner,
      status: 'queued',
      score: null,
      confidenceInterval: null,
      stderr: null,
      results: null,
      failureReason: null,
      metadata: null,
    });
    expect(submission.transitions).toEqual([{ status: 'queued', at: '2026-03-01T23:00:00.000Z' }]);
    expect(submission.quotaDay).toBe('2026-03-01');
    expect(submission.createdAt).toBe(submission.updatedAt);
    expect(isPending(submission.status)).toBe(true);
  });

  it('keeps only the task id and output of each answer, and the metadata given', () => {
    const answers = [{ task_id: 'a', output: { n: 1 }, note: 'not stored' }] as never;
    const submission = queuedSubmission(owner, { answers, metadata: { model: 'm' } }, now);
    expect(submission.answers).toEqual([{ task_id: 'a', output: { n: 1 } }]);
    expect(submission.metadata).toEqual({ model: 'm' });
  });

  it('keeps the attempts of an answer given as outputs, and no output beside them', () => {
    const answers = [
      { task_id: 'a', outputs: ['x', null] },
      { task_id: 'b', output: null },
    ];
    expect(queuedSubmission(owner, { answers }, now).answers).toEqual(answers);
    expect(queuedSubmission(owner, { answers }, now).answers[0]).not.toHaveProperty('output');
  });

  const tasks = [
    { task_id: 'a', scorer: { type: 'exact' as const } },
    { task_id: 'b', scorer: { type: 'exact' as const } },
  ];

  it('accepts answers to some or all of the tasks', () => {
    expect(() => checkAnswers(tasks, [{ task_id: 'b' }])).not.toThrow();
    expect(() => checkAnswers(tasks, [])).not.toThrow();
  });

  it('refuses with 400 answers naming tasks the benchmark does not have, each named once', () => {
    const refusal = catchError(() => checkAnswers(tasks, [{ task_id: 'z' }, { task_id: 'a' }, { task_id: 'z' }, { task_id: 'y' }]));
    expect(refusal.status).toBe(400);
    expect(refusal.details).toEqual({ unknown_task_ids: ['z', 'y'] });
  });

  it('refuses with 400 a task answered twice', () => {
    const refusal = catchError(() => checkAnswers(tasks, [{ task_id: 'a' }, { task_id: 'b' }, { task_id: 'a' }]));
    expect(refusal.status).toBe(400);
    expect(refusal.details).toEqual({ duplicate_task_ids: ['a'] });
  });

  it('refuses with 400 more than one attempt at a judge-scored task, and takes one', () => {
    const judged = [...tasks, { task_id: 'j', scorer: { type: 'judge' as const, judge_id: `jdg_${'0'.repeat(26)}` } }];
    const refusal = catchError(() =>
      checkAnswers(judged, [
        { task_id: 'a', outputs: ['x', 'y'] },
        { task_id: 'j', outputs: ['x', 'y'] },
      ]),
    );
    expect(refusal.status).toBe(400);
    expect(refusal.details).toEqual({ judge_task_ids: ['j'] });
    expect(() =>
      checkAnswers(judged, [
        { task_id: 'j', outputs: ['x'] },
        { task_id: 'a', outputs: ['x', 'y'] },
      ]),
    ).not.toThrow();
  });

  it('answers an agent over its daily quota 429, to retry at the next UTC midnight', () => {
    const refusal = quotaExceeded(10, now);
    expect(refusal.status).toBe(429);
    expect(refusal.headers).toEqual({ 'retry-after': '3600' });
    expect(refusal.details).toEqual({ limit: 10, resets_in_seconds: 3600 });
    expect(refusal.message).toContain('10 submissions');
  });
});

describe('who reads a submission', () => {
  const agent = { principalType: 'agent' as const, agentId: 'agt_1' };
  const other = { principalType: 'agent' as const, agentId: 'agt_2' };
  const maintainer = { principalType: 'user' as const, agentId: null };

  it('an agent reads its own submissions only; users read any of their tenant’s', () => {
    expect(mayRead(agent, { agentId: 'agt_1' })).toBe(true);
    expect(mayRead(other, { agentId: 'agt_1' })).toBe(false);
    expect(mayRead(maintainer, { agentId: 'agt_1' })).toBe(true);
  });

  it('an agent listing another agent’s submissions gets its own; a user gets the agent asked for, or all', () => {
    expect(listedAgent(agent, 'agt_2')).toBe('agt_1');
    expect(listedAgent(agent, undefined)).toBe('agt_1');
    expect(listedAgent(maintainer, 'agt_2')).toBe('agt_2');
    expect(listedAgent(maintainer, undefined)).toBeUndefined();
  });
});

it('ranks a scored submission as reached when it was submitted, not when it was (re)scored', () => {
  const scored: Submission = {
    ...queuedSubmission(owner, { answers: [] }, new Date('2026-01-01T00:00:00.000Z')),
    status: 'scored',
    score: 0.75,
    confidenceInterval: { level: 0.95, low: 0.5, high: 1, method: 'bootstrap' },
    stderr: 0.25,
    updatedAt: '2026-02-01T00:00:00.000Z',
  };
  expect(boardEntryOf(scored)).toEqual({
    ...owner,
    score: 0.75,
    confidenceInterval: { level: 0.95, low: 0.5, high: 1, method: 'bootstrap' },
    stderr: 0.25,
    costUsd: null,
    achievedAt: '2026-01-01T00:00:00.000Z',
  });
  expect(boardEntryOf({ ...scored, usage: { cost_usd: 0.42, input_tokens: 7 } }).costUsd).toBe(0.42);
});

function catchError(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
