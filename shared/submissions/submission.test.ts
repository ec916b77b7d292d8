import { describe, expect, it } from 'vitest';
import { isPending, secondsUntilNextUtcDay, submissionView, utcDay, type Submission } from './submission.ts';

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
      answer_count: 2,
    });
    expect(view).not.toHaveProperty('answers');
    expect(view).not.toHaveProperty('tenant_id');
  });
});
