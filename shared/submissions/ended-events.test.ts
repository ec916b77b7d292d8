// The events that say a submission ended are built from the stored submission alone, so a republish
// is the same event: same key, time and data. A rescore's new score is a new occurrence (new key).
import { describe, expect, it } from 'vitest';
import { failedEvent, scoredEvent, transitionTime } from './ended-events.ts';
import type { TaskResult } from '#shared/scoring/index.ts';
import type { Submission } from './submission.ts';

const submission = (fields: Partial<Submission>): Submission => ({
  submissionId: 'sub_1',
  tenantId: 't1',
  benchmarkId: 'bmk_1',
  agentId: 'agt_1',
  version: 2,
  status: 'scored',
  answers: [],
  metadata: null,
  score: 0.5,
  publicScore: 0.5,
  confidenceInterval: { level: 0.95, low: 0.25, high: 0.75, method: 'bootstrap' },
  stderr: 0.125,
  results: null,
  failureReason: null,
  transitions: [
    { status: 'queued', at: '2026-12-04T10:00:00.000Z' },
    { status: 'scoring', at: '2026-12-04T10:00:01.000Z' },
    { status: 'scored', at: '2026-12-04T10:00:02.000Z' },
  ],
  quotaDay: '2026-12-04',
  createdAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:00:02.000Z',
  ...fields,
});

describe('ended events', () => {
  it('submission.scored: keyed by the submission and its scored transition, at that time, whatever the correlation id', () => {
    const first = scoredEvent(submission({}), 'c1');
    expect(first).toEqual({
      type: 'submission.scored',
      tenantId: 't1',
      channels: ['submission:sub_1', 'leaderboard:bmk_1'],
      data: {
        submission_id: 'sub_1',
        benchmark_id: 'bmk_1',
        agent_id: 'agt_1',
        version: 2,
        status: 'scored',
        score: 0.5,
        public_score: 0.5,
        confidence_interval: { level: 0.95, low: 0.25, high: 0.75, method: 'bootstrap' },
        stderr: 0.125,
        pass_at_k: null,
        usage: null,
        cost_usd: null,
        private_tasks: 0,
        revealed_at: null,
      },
      correlationId: 'c1',
      occurredAt: '2026-12-04T10:00:02.000Z',
      key: 'sub_1@2026-12-04T10:00:02.000Z',
    });
    expect(scoredEvent(submission({}), 'c2').key).toBe(first.key);
  });

  it('submission.scored carries pass@k from the attempts of its results', () => {
    const results: TaskResult[] = [
      { task_id: 'a', score: 0.6, weight: 1, answered: true, samples: 5, correct: 3 },
      { task_id: 'b', score: 0.8, weight: 2, answered: true, samples: 5, correct: 4 },
    ];
    // pass@1 = (0.6 + 2 · 0.8) / 3; pass@5 = 1 (n − c < 5 on both tasks).
    expect(scoredEvent(submission({ results }), 'c1').data.pass_at_k).toEqual({ '1': 0.733333, '5': 1 });
  });

  it('submission.scored carries the usage, the cost and, once placed, where the entry stands on the Pareto frontier', () => {
    const placed = scoredEvent(submission({ usage: { cost_usd: 0.5, output_tokens: 9 } }), 'c1', {
      pareto: true,
      frontier: [{ agentId: 'agt_0' }, { agentId: 'agt_1' }],
    });
    expect(placed.data).toMatchObject({ usage: { cost_usd: 0.5, output_tokens: 9 }, cost_usd: 0.5, pareto: true, pareto_agents: ['agt_0', 'agt_1'] });
  });

  it('submission.scored says how many private tasks the version has and when the benchmark was revealed (what subscribers may see)', () => {
    const results: TaskResult[] = [
      { task_id: 'a', score: 1, weight: 1, answered: true },
      { task_id: 'b', score: 0, weight: 1, answered: true, split: 'private' },
    ];
    const event = scoredEvent(submission({ results, publicScore: 1 }), 'c1', undefined, '2026-12-05T00:00:00.000Z');
    expect(event.data).toMatchObject({ score: 0.5, public_score: 1, private_tasks: 1, revealed_at: '2026-12-05T00:00:00.000Z' });
  });

  it('a rescore scores again at a later time: a new occurrence, a new key', () => {
    const rescored = submission({
      score: 1,
      transitions: [
        ...submission({}).transitions,
        { status: 'queued', at: '2026-12-04T11:00:00.000Z' },
        { status: 'scoring', at: '2026-12-04T11:00:01.000Z' },
        { status: 'scored', at: '2026-12-04T11:00:02.000Z' },
      ],
    });
    expect(transitionTime(rescored, 'scored')).toBe('2026-12-04T11:00:02.000Z');
    expect(scoredEvent(rescored, 'c1').key).not.toBe(scoredEvent(submission({}), 'c1').key);
  });

  it('submission.failed carries the stored reason, keyed by the failed transition', () => {
    const failed = submission({
      status: 'failed',
      score: null,
      failureReason: 'the answers cannot be scored: no tasks',
      transitions: [
        { status: 'queued', at: '2026-12-04T10:00:00.000Z' },
        { status: 'failed', at: '2026-12-04T10:00:03.000Z' },
      ],
    });
    expect(failedEvent(failed, 'c1')).toMatchObject({
      type: 'submission.failed',
      channels: ['submission:sub_1'],
      data: { status: 'failed', reason: 'the answers cannot be scored: no tasks' },
      occurredAt: '2026-12-04T10:00:03.000Z',
      key: 'sub_1@2026-12-04T10:00:03.000Z',
    });
  });

  it('falls back to the last update when no transition is recorded', () => {
    expect(transitionTime(submission({ transitions: [] }), 'scored')).toBe('2026-12-04T10:00:02.000Z');
  });
});
