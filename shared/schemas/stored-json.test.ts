import { describe, expect, it } from 'vitest';
import { CreateBenchmark } from './benchmarks.ts';
import { CreateEvent } from './events.ts';
import { DYNAMODB_MAX_ITEM_BYTES, nestingDepth, storedBytes } from './stored-json.ts';
import { CreateSubmission, SUBMISSION_RESERVED_BYTES } from './submissions.ts';
import { AppendSpans } from './traces.ts';
import { scoreSubmission } from '#shared/scoring/score-answers.ts';

/** `{"a":{"a":…"x"}}` with `levels` objects (0: the scalar alone), built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** What JSON.parse makes of a body nested `levels` deep (how a request arrives). */
const parsedArrays = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

const span = (attributes: unknown) => ({
  span_id: 's1',
  name: 'call',
  kind: 'llm',
  started_at: '2026-03-01T10:00:00Z',
  status: 'ok',
  attributes,
});

const task = (input: unknown) => ({ task_id: 't1', input, expected: 'x', scorer: { type: 'exact' } });

describe('nestingDepth', () => {
  it('counts levels of objects and arrays, a scalar being 0', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth(null)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth([1, 2])).toBe(1);
    expect(nestingDepth({ a: [], b: { c: [{}] } })).toBe(4);
    expect(nestingDepth(nested(31))).toBe(31);
  });

  it('walks a 200,000-deep value without overflowing the stack, stopping past its cap', () => {
    const deep = parsedArrays(200_000);
    expect(nestingDepth(deep, 31)).toBe(32);
    expect(nestingDepth(deep)).toBe(200_000);
  });
});

describe('storedBytes', () => {
  it('counts as DynamoDB does: UTF-8 strings, numbers by significant digits, 3 + 1 per element for maps and lists, key names', () => {
    expect(storedBytes('abc')).toBe(3);
    expect(storedBytes('é')).toBe(2);
    expect(storedBytes(1)).toBe(2);
    expect(storedBytes(123.45)).toBe(4);
    expect(storedBytes(null)).toBe(1);
    expect(storedBytes(true)).toBe(1);
    expect(storedBytes({})).toBe(3);
    expect(storedBytes({ a: 1 })).toBe(3 + 1 + 1 + 2);
    expect(storedBytes([1, 'ab'])).toBe(3 + 2 + 2 + 2);
    expect(storedBytes({ a: undefined })).toBe(3);
  });
});

describe('free-form JSON within DynamoDB limits', () => {
  const answers = [{ task_id: 't1', output: 'x' }];

  it('submission metadata (a top-level attribute): 31 levels pass, 32 and 33 are refused with the limit named', () => {
    expect(CreateSubmission.safeParse({ answers, metadata: nested(31) }).success).toBe(true);
    for (const levels of [32, 33]) {
      const result = CreateSubmission.safeParse({ answers, metadata: nested(levels) });
      expect(messages(result)).toEqual([
        expect.stringMatching(/^metadata: must nest at most 31 levels of objects and arrays \(DynamoDB stores at most 32 levels/),
      ]);
    }
  });

  it('an answer output (item → answers → answer → output) may nest 29 levels', () => {
    expect(CreateSubmission.safeParse({ answers: [{ task_id: 't1', output: nested(29) }] }).success).toBe(true);
    const result = CreateSubmission.safeParse({ answers: [{ task_id: 't1', output: nested(30) }] });
    expect(messages(result)).toEqual([expect.stringMatching(/^answers\.0\.output: must nest at most 29 levels/)]);
  });

  it('an attempt in outputs (item → answers → answer → outputs → attempt) may nest 28 levels', () => {
    expect(CreateSubmission.safeParse({ answers: [{ task_id: 't1', outputs: ['x', nested(28)] }] }).success).toBe(true);
    const result = CreateSubmission.safeParse({ answers: [{ task_id: 't1', outputs: ['x', nested(29)] }] });
    expect(messages(result)).toEqual([expect.stringMatching(/^answers\.0\.outputs\.1: must nest at most 28 levels/)]);
    expect(messages(CreateSubmission.safeParse({ answers: [{ task_id: 't1', outputs: [1e200] }] }))).toEqual([
      expect.stringMatching(/^answers\.0\.outputs\.0: holds 1e\+200/),
    ]);
  });

  it('counts every attempt against the item size', () => {
    const max = DYNAMODB_MAX_ITEM_BYTES - SUBMISSION_RESERVED_BYTES;
    // 20 attempts of 4,500 zeros (3 bytes each as stored) on 1 answer: ~270,000 bytes, past the ~262,000 that fit.
    const attempts = Array.from({ length: 20 }, () => new Array(4500).fill(0));
    expect(messages(CreateSubmission.safeParse({ answers: [{ task_id: 't1', outputs: attempts }] }))).toEqual([
      expect.stringMatching(new RegExp(`^: the answers and metadata would take \\d+ bytes as stored; at most ${max} fit`)),
    ]);
    expect(CreateSubmission.safeParse({ answers: [{ task_id: 't1', outputs: attempts.slice(0, 18) }] }).success).toBe(true);
  });

  it('keeps room for the results of 500 tasks with 20 attempts each, at their largest', () => {
    // 128-character ids, fractional weights and scores, samples and correct, a detail naming the attempt.
    const tasks = Array.from({ length: 500 }, (_, i) => ({
      task_id: `${i}`.padStart(128, 'x'),
      input: null,
      expected: 'Paris',
      scorer: { type: 'normalized_text' as const },
      weight: 999.123456,
    }));
    const outputs = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 'Paris' : 'London'));
    const { results } = scoreSubmission(
      tasks,
      tasks.map((t) => ({ task_id: t.task_id, outputs })),
    );
    expect(results[0]).toMatchObject({ samples: 20, correct: 7, detail: 'attempt 2: not equal to the expected text once normalised' });
    // What else the platform adds (keys, status, ~20 transitions, score, interval): well under 4 KB.
    expect(storedBytes(results) + 4096).toBeLessThan(SUBMISSION_RESERVED_BYTES);
  });

  it('a task input or expected value may nest 29 levels', () => {
    const body = (input: unknown) => ({ name: 'b', tasks: [task(input)] });
    expect(CreateBenchmark.safeParse(body(nested(29))).success).toBe(true);
    expect(messages(CreateBenchmark.safeParse(body(nested(30))))).toEqual([expect.stringMatching(/^tasks\.0\.input: must nest at most 29 levels/)]);
    const expected = CreateBenchmark.safeParse({ name: 'b', tasks: [{ ...task('x'), expected: nested(30) }] });
    expect(messages(expected)).toEqual([expect.stringMatching(/^tasks\.0\.expected: must nest at most 29 levels/)]);
  });

  it('event metadata and span attributes may nest 31 levels', () => {
    const event = (metadata: unknown) => ({ source: 's', event_type: 'server_down', severity: 'high', message: 'm', metadata });
    expect(CreateEvent.safeParse(event(nested(31))).success).toBe(true);
    expect(messages(CreateEvent.safeParse(event(nested(32))))).toEqual([expect.stringMatching(/^metadata: must nest at most 31 levels/)]);
    expect(AppendSpans.safeParse({ spans: [span(nested(31))] }).success).toBe(true);
    expect(messages(AppendSpans.safeParse({ spans: [span(nested(32))] }))).toEqual([
      expect.stringMatching(/^spans\.0\.attributes: must nest at most 31 levels/),
    ]);
  });

  it('refuses 100,000-deep values without recursing (JSON.stringify would overflow on them)', () => {
    const deep = { a: parsedArrays(100_000) };
    expect(CreateSubmission.safeParse({ answers, metadata: deep }).success).toBe(false);
    expect(CreateSubmission.safeParse({ answers: [{ task_id: 't1', output: deep }] }).success).toBe(false);
    expect(AppendSpans.safeParse({ spans: [span(deep)] }).success).toBe(false);
    expect(CreateEvent.safeParse({ source: 's', event_type: 'x', severity: 'low', message: 'm', metadata: deep }).success).toBe(false);
  });

  it('refuses numbers DynamoDB cannot store (beyond 1e126, below 1e-130), wherever the user sends them', () => {
    expect(CreateSubmission.safeParse({ answers, metadata: { big: 9.9e125, small: 1e-130, zero: 0, negative: -1e125 } }).success).toBe(true);
    expect(messages(CreateSubmission.safeParse({ answers, metadata: { a: [1e200] } }))).toEqual([
      'metadata: holds 1e+200, a number DynamoDB cannot store (0, or a magnitude from 1e-130 up to 1e126)',
    ]);
    expect(messages(CreateSubmission.safeParse({ answers: [{ task_id: 't1', output: -1e-200 }] }))).toEqual([
      expect.stringMatching(/^answers\.0\.output: holds -1e-200/),
    ]);
    const event = { source: 's', event_type: 'x', severity: 'low', message: 'm', metadata: { n: 1e300 } };
    expect(messages(CreateEvent.safeParse(event))).toEqual([expect.stringMatching(/^metadata: holds 1e\+300/)]);
    expect(messages(CreateBenchmark.safeParse({ name: 'b', tasks: [{ ...task('x'), weight: 1e-200 }] }))).toEqual([
      expect.stringMatching(/^tasks: holds 1e-200/),
    ]);
    // Span attributes are stored as JSON text: any JSON number is fine there.
    expect(AppendSpans.safeParse({ spans: [span({ n: 1e300 })] }).success).toBe(true);
  });

  it('refuses a submission whose answers and metadata would not fit the item, naming the limit', () => {
    const max = DYNAMODB_MAX_ITEM_BYTES - SUBMISSION_RESERVED_BYTES;
    // Each list element of 0 takes 3 bytes as stored (2 in JSON): 1.5 times the body.
    const zeros = (count: number) => [{ task_id: 't1', output: new Array(count).fill(0) }];
    expect(CreateSubmission.safeParse({ answers: zeros(80_000) }).success).toBe(true);
    const result = CreateSubmission.safeParse({ answers: zeros(90_000) });
    expect(messages(result)).toEqual([
      expect.stringMatching(
        new RegExp(`^: the answers and metadata would take \\d+ bytes as stored; at most ${max} fit \\(a DynamoDB item holds at most 409600 bytes`),
      ),
    ]);
  });

  it('refuses tasks that would not fit a version item', () => {
    const big = 'x'.repeat(100_000);
    const tasks = [1, 2, 3, 4, 5].map((n) => ({ ...task(big), task_id: `t${n}` }));
    expect(CreateBenchmark.safeParse({ name: 'b', tasks: tasks.slice(0, 3) }).success).toBe(true);
    expect(messages(CreateBenchmark.safeParse({ name: 'b', tasks }))).toEqual([
      expect.stringMatching(/^: the tasks would take \d+ bytes as stored; at most 401408 fit/),
    ]);
  });
});
