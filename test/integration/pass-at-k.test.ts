// Repeated attempts and pass@k, on the twin: an agent answers with `outputs`, the scoring worker
// scores every attempt, the submission shows each task's samples and correct and its pass_at_k (on
// GET and in the list), the uncertainty is computed over the tasks' mean scores, a rescore gives
// the same figures, and malformed answers and thresholds are 400s that say why.
import { describe, expect, it } from 'vitest';
import { scoreUncertainty } from '#shared/scoring/uncertainty.ts';
import { LEGACY_RESULTS, storeSubmissionScoredTheOldWay } from '../support/legacy-submission.ts';
import { tenantTwin } from '../support/tenant-twin.ts';

const TENANT = 'passk';
const on = tenantTwin(TENANT);
const { token, api, newAgent, scoredAfter } = on;

const task = (id: string, weight = 1, scorer: Record<string, unknown> = { type: 'exact' }) => ({
  task_id: id,
  input: id,
  expected: 'yes',
  scorer,
  weight,
});
const attempts = (right: number, wrong: number) => [...Array(right).fill('yes'), ...Array(wrong).fill('no')];

describe('repeated attempts and pass@k', () => {
  it('scores every attempt, shows samples, correct and pass_at_k, and rescores to the same figures', async () => {
    const { json: bench, status } = await api('POST', '/v1/benchmarks', token('maintainer'), {
      name: 'Attempts',
      tasks: [task('a'), task('b', 2), task('c', 1, { type: 'normalized_text', pass_threshold: 0.5 }), task('d')],
    });
    expect(status).toBe(201);
    const read = await api('GET', `/v1/benchmarks/${bench.benchmark_id}`, token('viewer'));
    expect(read.json.tasks[2].scorer).toEqual({ type: 'normalized_text', pass_threshold: 0.5 });

    const agent = await newAgent('attempts');
    // a: 2 of 5 right; b (weight 2): 3 of 10, the right ones last; c: 5 of 5; d unanswered.
    const answers = [
      { task_id: 'a', outputs: ['yes', 'no', 'yes', 'no', 'no'] },
      { task_id: 'b', outputs: [...attempts(0, 7), ...attempts(3, 0)] },
      { task_id: 'c', outputs: attempts(5, 0).map((o) => ` ${o.toUpperCase()} `) },
    ];
    const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers });
    expect(submitted.status).toBe(202);
    expect(submitted.json).toMatchObject({ status: 'queued', answer_count: 3, results: null, pass_at_k: null });
    const id = submitted.json.submission_id as string;

    const scored = await scoredAfter(id, 3);
    expect(scored.results).toEqual([
      { task_id: 'a', weight: 1, answered: true, score: 0.4, samples: 5, correct: 2, detail: 'attempt 2: not equal to the expected text' },
      { task_id: 'b', weight: 2, answered: true, score: 0.3, samples: 10, correct: 3, detail: 'attempt 1: not equal to the expected text' },
      { task_id: 'c', weight: 1, answered: true, score: 1, samples: 5, correct: 5 },
      { task_id: 'd', weight: 1, answered: false, score: 0, samples: 0, correct: 0, detail: 'missing answer' },
    ]);
    // score = (0.4 + 2 · 0.3 + 1 + 0) / 5 = 0.4 = pass@1.
    // pass@5: a 1 (3 wrong < 5), b 1 − C(7,5)/C(10,5) = 1 − 21/252, c 1, d 0 → (1 + 2 · 231/252 + 1) / 5 ≈ 0.766667.
    // pass@10 is left out: a and c have only 5 attempts.
    expect(scored.score).toBe(0.4);
    expect(scored.pass_at_k).toEqual({ '1': 0.4, '5': 0.766667 });
    // The interval and standard error are over the tasks' mean scores 0.4, 0.3, 1, 0 (weights 1, 2, 1, 1):
    // Σ wᵢ²(sᵢ − 0.4)² = 0 + 4 · 0.01 + 0.36 + 0.16 = 0.56; sqrt(4/3 · 0.56) / 5 ≈ 0.17282.
    expect(scored.stderr).toBe(0.17282);
    const recomputed = scoreUncertainty(id, scored.results).confidenceInterval;
    expect(scored.confidence_interval).toEqual(recomputed);

    const list = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/submissions`, token('viewer'));
    expect(list.json.items.find((s: { submission_id: string }) => s.submission_id === id)).toMatchObject({ pass_at_k: scored.pass_at_k });

    expect((await api('POST', `/v1/submissions/${id}/rescore`, token('maintainer'))).json).toMatchObject({ status: 'queued', pass_at_k: null });
    const again = await scoredAfter(id, 6);
    expect(again).toMatchObject({
      score: 0.4,
      pass_at_k: scored.pass_at_k,
      results: scored.results,
      confidence_interval: scored.confidence_interval,
    });
  });

  it('reports pass@1, 5 and 10 with 10 attempts everywhere, and pass@1 alone with one output', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Ten', tasks: [task('a'), task('b')] });
    const agent = await newAgent('ten');
    const ten = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, {
      answers: [
        { task_id: 'a', outputs: attempts(3, 7) },
        { task_id: 'b', outputs: attempts(0, 10) },
      ],
    });
    // a: pass@1 0.3, pass@5 1 − 21/252, pass@10 1; b: 0 → halves.
    expect((await scoredAfter(ten.json.submission_id, 3)).pass_at_k).toEqual({ '1': 0.15, '5': 0.458333, '10': 0.5 });

    const single = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, {
      answers: [
        { task_id: 'a', output: 'yes' },
        { task_id: 'b', outputs: attempts(5, 5) },
      ],
    });
    const scored = await scoredAfter(single.json.submission_id, 3);
    expect(scored.results.map((r: { samples: number; correct: number }) => [r.samples, r.correct])).toEqual([
      [1, 1],
      [10, 5],
    ]);
    expect(scored).toMatchObject({ score: 0.75, pass_at_k: { '1': 0.75 } });
  });

  it('refuses answers with both output and outputs, neither, or outside 1–20 attempts, and thresholds outside (0, 1]', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Refusals', tasks: [task('a')] });
    const agent = await newAgent('refused');
    const submit = (answer: Record<string, unknown>) =>
      api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: [{ task_id: 'a', ...answer }] });
    const refusal = async (answer: Record<string, unknown>) => {
      const res = await submit(answer);
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
      return JSON.stringify(res.json.error);
    };
    expect(await refusal({ output: 'yes', outputs: ['yes'] })).toContain(
      'an answer carries output (one attempt) or outputs (1 to 20 attempts), not both',
    );
    expect(await refusal({})).toContain('an answer needs output (one attempt) or outputs (1 to 20 attempts)');
    expect(await refusal({ outputs: [] })).toContain('outputs must hold 1 to 20 attempts');
    expect(await refusal({ outputs: attempts(21, 0) })).toContain('outputs must hold 1 to 20 attempts');
    expect(await refusal({ outputs: 'yes' })).toContain('outputs must be a list of attempts');
    expect((await submit({ outputs: attempts(20, 0) })).status).toBe(202);

    for (const pass_threshold of [0, 1.5, '1']) {
      const res = await api('POST', '/v1/benchmarks', token('maintainer'), {
        name: 'Bad threshold',
        tasks: [task('a', 1, { type: 'exact', pass_threshold })],
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.json.error)).toMatch(/pass_threshold must be/);
    }
  });

  it('reads a submission scored before attempts existed as one attempt per answered task', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Old', tasks: [task('a'), task('b')] });
    const agent = await newAgent('old');
    const owner = { tenantId: TENANT, benchmarkId: bench.benchmark_id, agentId: agent.agent_id, version: 1 };
    const { id } = await storeSubmissionScoredTheOldWay(on.twin.engines.tableName, owner);
    const old = await api('GET', `/v1/submissions/${id}`, token('viewer'));
    expect(old.status).toBe(200);
    expect(old.json).toMatchObject({ score: 0.5, pass_at_k: { '1': 0.5 } });
    expect(old.json.results).toEqual([
      { ...LEGACY_RESULTS[0], samples: 1, correct: 1 },
      { ...LEGACY_RESULTS[1], samples: 0, correct: 0 },
    ]);
  });
});
