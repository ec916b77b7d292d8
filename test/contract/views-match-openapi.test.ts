// The published contract is the truth: what the domain's views answer must validate against the
// response schemas of /openapi.json (generated from the routes' zod schemas), undeclared fields
// included — a client generated from the document refuses them (`additionalProperties: false`).
import { describe, expect, it } from 'vitest';
import { benchmarkView } from '#shared/benchmarks/benchmark.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import { submissionView } from '#shared/submissions/submission.ts';
import openapi from '../../functions/http/openapi.json' with { type: 'json' };

type Schema = Record<string, any>;

/** Where `value` breaks `schema` (the JSON Schema subset the generator emits), or [] when it fits. */
function problems(schema: Schema, value: unknown, at = '$'): string[] {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.some((s: Schema) => problems(s, value, at).length === 0) ? [] : [`${at}: fits none of its alternatives`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not in the enum`];
  if (schema.type === undefined) return [];
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (!types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)))) return [`${at}: ${actual}, expected ${types.join('|')}`];
  if (actual === 'array') return (value as unknown[]).flatMap((item, i) => (schema.items ? problems(schema.items, item, `${at}[${i}]`) : []));
  if (actual !== 'object') return [];
  const object = value as Record<string, unknown>;
  const declared: Schema = schema.properties ?? {};
  return [
    ...(schema.required ?? []).filter((key: string) => !(key in object)).map((key: string) => `${at}.${key}: required, missing`),
    ...Object.entries(object).flatMap(([key, item]) =>
      key in declared ? problems(declared[key], item, `${at}.${key}`) : schema.additionalProperties === false ? [`${at}.${key}: not declared`] : [],
    ),
  ];
}

const response = (path: string, method: string, status = '200'): Schema =>
  (openapi.paths as Schema)[path][method].responses[status].content['application/json'].schema;

const tasks: TaskDefinition[] = [
  { task_id: 'pi', input: 'pi to 2 places', expected: 3.14, scorer: { type: 'numeric', tolerance: 0.005 }, weight: 2 },
  { task_id: 'iso', input: 'today', expected: null, scorer: { type: 'regex', pattern: '^\\d{4}$', flags: 'i' }, weight: 1 },
  { task_id: 'kw', input: 'list', expected: 'a b', scorer: { type: 'contains', values: ['a', 'b'] }, weight: 1 },
];
const benchmark = {
  benchmarkId: 'bm_1',
  tenantId: 't',
  name: 'Capitals',
  description: null,
  leaderboardRule: 'best' as const,
  dailySubmissionLimit: 20,
  version: 1,
  taskCount: tasks.length,
  status: 'active' as const,
  createdAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:00:00.000Z',
  createdBy: 'u',
  privateTaskCount: 0,
  revealedAt: null,
};

describe('views validate against /openapi.json', () => {
  it('a benchmark with its tasks, as a maintainer sees them (scorer parameters included) and as an agent does', () => {
    const schema = response('/v1/benchmarks/{benchmark_id}', 'get');
    expect(problems(schema, benchmarkView(benchmark, { list: tasks, forAgent: false }))).toEqual([]);
    expect(problems(schema, benchmarkView(benchmark, { list: tasks, forAgent: true }))).toEqual([]);
  });

  it('a scored submission, with its answer count', () => {
    const view = submissionView(
      {
        submissionId: 'sub_1',
        tenantId: 't',
        benchmarkId: 'bm_1',
        agentId: 'agt_1',
        version: 1,
        status: 'scored',
        answers: [{ task_id: 'pi', output: '3.14' }],
        metadata: { run: 1 },
        score: 1,
        publicScore: 1,
        confidenceInterval: { level: 0.95, low: 1, high: 1, method: 'bootstrap' },
        stderr: 0,
        results: [{ task_id: 'pi', score: 1, weight: 2, answered: true }],
        failureReason: null,
        transitions: [{ status: 'queued', at: '2026-12-04T10:00:00.000Z' }],
        quotaDay: '2026-12-04',
        createdAt: '2026-12-04T10:00:00.000Z',
        updatedAt: '2026-12-04T10:00:01.000Z',
      },
      { role: 'viewer', revealedAt: null },
    );
    expect(problems(response('/v1/submissions/{submission_id}', 'get'), view)).toEqual([]);
  });

  it('a scored submission with repeated attempts, its pass@k and the results with their counts', () => {
    const view = submissionView(
      {
        submissionId: 'sub_1',
        tenantId: 't',
        benchmarkId: 'bm_1',
        agentId: 'agt_1',
        version: 1,
        status: 'scored',
        answers: [{ task_id: 'pi', outputs: Array.from({ length: 10 }, () => '3.14') }],
        metadata: null,
        score: 0.5,
        publicScore: 0.5,
        confidenceInterval: { level: 0.95, low: 0, high: 1, method: 'bootstrap' },
        stderr: 0.5,
        results: [
          { task_id: 'pi', score: 1, weight: 1, answered: true, samples: 10, correct: 10 },
          { task_id: 'e', score: 0, weight: 1, answered: false, detail: 'missing answer', samples: 0, correct: 0 },
        ],
        failureReason: null,
        transitions: [{ status: 'queued', at: '2026-12-04T10:00:00.000Z' }],
        quotaDay: '2026-12-04',
        createdAt: '2026-12-04T10:00:00.000Z',
        updatedAt: '2026-12-04T10:00:01.000Z',
      },
      { role: 'maintainer', revealedAt: null },
    );
    expect(view.pass_at_k).toEqual({ '1': 0.5, '5': 0.5, '10': 0.5 });
    expect(problems(response('/v1/submissions/{submission_id}', 'get'), view)).toEqual([]);
  });

  it('the checker itself refuses an undeclared field and a missing required one', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    expect(problems(schema, { a: 'x', b: 1 })).toEqual(['$.b: not declared']);
    expect(problems(schema, {})).toEqual(['$.a: required, missing']);
  });
});
