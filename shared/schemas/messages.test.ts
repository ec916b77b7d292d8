import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { CreateBenchmark } from './benchmarks.ts';
import { DeadLetterQuery } from './dead-letters.ts';
import { SubmissionPath } from './ids.ts';
import { describeIssue } from './messages.ts';
import { CreateSubmission } from './submissions.ts';
import { AppendSpans } from './traces.ts';
import { PageQuery } from './common.ts';

/** `path: message` for each issue, as the request plumbing renders them. */
function problems(schema: z.ZodMiniType, value: unknown): string[] {
  const result = schema.safeParse(value, { error: describeIssue });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const span = { span_id: 's1', name: 'call', kind: 'llm', started_at: '2026-03-01T10:00:00Z', status: 'ok' };

describe('describeIssue', () => {
  it('names a number’s whole range, whichever bound was crossed', () => {
    expect(problems(PageQuery, { limit: '0' })).toEqual(['limit: must be an integer from 1 to 200']);
    expect(problems(PageQuery, { limit: '201' })).toEqual(['limit: must be an integer from 1 to 200']);
    expect(problems(PageQuery, { limit: '1.5' })).toEqual(['limit: must be an integer from 1 to 200']);
    expect(problems(PageQuery, { limit: 'ten' })).toEqual(['limit: must be an integer from 1 to 200']);
  });

  it('lists the allowed values of an enum', () => {
    expect(problems(DeadLetterQuery, { queue: 'bogus' })).toEqual(['queue: must be one of scoring, broadcast, delivery, monitoring, judging']);
    expect(problems(DeadLetterQuery, {})).toEqual(['queue: is required (one of scoring, broadcast, delivery, monitoring, judging)']);
    expect(problems(AppendSpans, { spans: [{ ...span, kind: 'robot' }] })).toEqual([
      'spans.0.kind: must be one of agent, llm, tool, retrieval, chain, other',
    ]);
  });

  it('says what a missing or null body must be, with its fields, the required ones marked', () => {
    expect(problems(CreateSubmission, undefined)).toEqual([': is required: a JSON object with answers (required), metadata, usage']);
    expect(problems(CreateSubmission, null)).toEqual([': must be a JSON object with answers (required), metadata, usage, not null']);
    expect(problems(CreateSubmission, { answers: [{ task_id: 't1', output: 'a' }], extra: 1 })).toEqual([
      ': has unknown field extra; allowed: answers (required), metadata, usage',
    ]);
  });

  it('names lengths and types', () => {
    expect(problems(CreateSubmission, { answers: [] })).toEqual(['answers: must have 1 to 500 items']);
    expect(problems(CreateBenchmark, { name: 'x'.repeat(201), tasks: [{ task_id: 't', input: 1, expected: 1, scorer: { type: 'exact' } }] })).toEqual(
      ['name: must be 1 to 200 characters long'],
    );
    expect(problems(CreateSubmission, { answers: [{ task_id: 7, output: 'x' }] })).toEqual(['answers.0.task_id: must be a string, not a number']);
    expect(problems(CreateSubmission, { answers: [{ task_id: 't' }] })).toEqual([
      'answers.0: an answer needs output (one attempt) or outputs (1 to 20 attempts)',
    ]);
    expect(problems(AppendSpans, { spans: [{ ...span, started_at: 'yesterday' }] })).toEqual([
      'spans.0.started_at: must be an ISO 8601 UTC time, e.g. 2026-03-01T10:00:05.123Z',
    ]);
  });

  it('leaves a message the schema spells out itself', () => {
    expect(problems(SubmissionPath, { submission_id: 'x' })).toEqual(['submission_id: must be a submission id (sub_…)']);
  });
});
