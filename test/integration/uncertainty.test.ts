// Uncertainty on every score, on the twin: a scored submission carries its bootstrap interval and
// standard error on GET, on the leaderboard and in the WebSocket leaderboard update; they are null
// while it is queued; a rescore of the same submission gives the same interval (seeded by its id).
import { describe, expect, it } from 'vitest';
import { scoreUncertainty } from '#shared/scoring/uncertainty.ts';
import { storeSubmissionScoredTheOldWay } from '../support/legacy-submission.ts';
import { tenantTwin } from '../support/tenant-twin.ts';
import { Dashboard } from '../support/dashboard.ts';
import { until } from '../support/twin-api.ts';

const TENANT = 'uncertainty';
const on = tenantTwin(TENANT);
const { token, api, newAgent, scoredAfter } = on;

const task = (id: string, weight = 1) => ({ task_id: id, input: id, expected: 'yes', scorer: { type: 'exact' }, weight });

describe('uncertainty on every score', () => {
  it('is on the submission, the leaderboard and the WebSocket update, the same after a rescore', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), {
      name: 'Uncertain',
      tasks: [task('a'), task('b'), task('c', 2), task('d'), task('e')],
    });
    const agent = await newAgent('uncertain');
    const viewer = await Dashboard.open(on.twin.wsUrl, token('viewer'));
    const channel = `leaderboard:${bench.benchmark_id}`;
    await viewer.subscribe(channel);

    // a, c (weight 2) and e right; b and d wrong.
    const answers = ['a', 'c', 'e'].map((id) => ({ task_id: id, output: 'yes' })).concat(['b', 'd'].map((id) => ({ task_id: id, output: 'no' })));
    const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers });
    expect(submitted.status).toBe(202);
    const id = submitted.json.submission_id as string;
    expect(submitted.json).toMatchObject({ status: 'queued', confidence_interval: null, stderr: null });

    const scored = await scoredAfter(id, 3);
    // s̄ = (1 + 2 + 1) / 6 = 2/3; Σ wᵢ²(sᵢ − s̄)² = 1/9 + 4/9 + 4 · 1/9 + 4/9 + 1/9 = 14/9;
    // stderr = sqrt(5/4 · 14/9) / 6 = sqrt(70) / 36 ≈ 0.232406.
    expect(scored.score).toBe(0.666667);
    expect(scored.stderr).toBe(0.232406);
    // The recipe, recomputed from what the API shows (the id and the task results).
    const recomputed = scoreUncertainty(id, scored.results).confidenceInterval;
    expect(scored.confidence_interval).toEqual({ level: 0.95, low: recomputed.low, high: recomputed.high, method: 'bootstrap' });
    expect(recomputed.low).toBeLessThan(scored.score);
    expect(recomputed.high).toBeGreaterThan(scored.score);

    // The board entry is written after the submission is scored: wait for it.
    const entry = await until(async () => {
      const { json } = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
      return json.items[0];
    }, 'the entry on the board');
    expect(entry).toMatchObject({ submission_id: id, confidence_interval: scored.confidence_interval, stderr: 0.232406 });
    const update = await viewer.waitFor((m) => m.type === 'update' && m.channel === channel && m.data.submission_id === id);
    expect(update.data).toMatchObject({ kind: 'entry', score: 0.666667, confidence_interval: scored.confidence_interval, stderr: 0.232406 });

    const rescore = await api('POST', `/v1/submissions/${id}/rescore`, token('maintainer'));
    expect(rescore.json).toMatchObject({ status: 'queued', confidence_interval: null, stderr: null });
    const again = await scoredAfter(id, 6);
    expect(again).toMatchObject({ confidence_interval: scored.confidence_interval, stderr: scored.stderr });
    const secondUpdate = await viewer.waitFor(
      (m) => m.type === 'update' && m.channel === channel && m.data.submission_id === id,
      15_000,
      viewer.messages.indexOf(update) + 1,
    );
    expect(secondUpdate.data).toMatchObject({ confidence_interval: scored.confidence_interval, stderr: scored.stderr });
    const boardAgain = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
    expect(boardAgain.json.items[0]).toMatchObject({ confidence_interval: scored.confidence_interval, stderr: scored.stderr });
    await viewer.close();
  });

  it('gives a one-task submission low = high = score and stderr 0', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Single', tasks: [task('only')] });
    const agent = await newAgent('single');
    const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, {
      answers: [{ task_id: 'only', output: 'yes' }],
    });
    const scored = await scoredAfter(submitted.json.submission_id, 3);
    expect(scored).toMatchObject({ score: 1, confidence_interval: { level: 0.95, low: 1, high: 1, method: 'bootstrap' }, stderr: 0 });
  });

  it('reads a submission and an entry stored before intervals existed: null until rescored', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Old', tasks: [task('a'), task('b')] });
    const agent = await newAgent('old');
    const owner = { tenantId: TENANT, benchmarkId: bench.benchmark_id, agentId: agent.agent_id, version: 1 };
    // Scored the way it was before: score and results only; the entry without the two fields.
    const { id, at } = await storeSubmissionScoredTheOldWay(on.twin.engines.tableName, owner);
    const { putEntry } = await import('#shared/store/leaderboard.ts');
    await putEntry({ ...owner, submissionId: id, score: 0.5, publicScore: 0.5, confidenceInterval: null, stderr: null, achievedAt: at });

    const old = await api('GET', `/v1/submissions/${id}`, token('viewer'));
    expect(old.status).toBe(200);
    expect(old.json).toMatchObject({ status: 'scored', score: 0.5, confidence_interval: null, stderr: null });
    const board = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
    expect(board.json.items[0]).toMatchObject({ submission_id: id, score: 0.5, confidence_interval: null, stderr: null });

    expect((await api('POST', `/v1/submissions/${id}/rescore`, token('maintainer'))).status).toBe(200);
    const rescored = await scoredAfter(id, 4);
    // 1 and 0: stderr = sqrt(2/1 · (0.25 + 0.25)) / 2 = 0.5.
    expect(rescored).toMatchObject({ score: 0.5, stderr: 0.5, confidence_interval: { level: 0.95, method: 'bootstrap' } });
    // The board entry is rewritten after the submission (its own write), so wait for it.
    const entryAfter = await until(async () => {
      const { json } = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
      return json.items[0]?.stderr === null ? undefined : json.items[0];
    }, 'the rescored entry on the board');
    expect(entryAfter).toMatchObject({ submission_id: id, stderr: 0.5, confidence_interval: rescored.confidence_interval });
  });
});
