// Baselines and the per-task leaderboard, on the twin with real clients: a maintainer places
// baselines (audited, and told on the leaderboard channel), everyone in the tenant lists them; the
// leaderboard and the WebSocket snapshot show them at their score without a rank, the agents' ranks running on across pages; the
// per-task board gives each ranked agent's score on each task of the version.
import { describe, expect, it } from 'vitest';
import { Dashboard } from '../support/dashboard.ts';
import { tenantTwin } from '../support/tenant-twin.ts';
import { type Json, until } from '../support/twin-api.ts';

const TENANT = 'baselines';
// This process's twin, shared with the other tenant files (test/support/tenant-twin.ts).
const on = tenantTwin(TENANT);
const { token, api } = on;
const task = (id: string) => ({ task_id: id, input: id, expected: 'yes', scorer: { type: 'exact' } });

/** A benchmark of four tasks and three agents on its board: 1, 0.5 and 0.25, each waited for. */
async function boardOfThree(name: string) {
  const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name, tasks: ['a', 'b', 'c', 'd'].map(task) });
  const agents: Json[] = [];
  for (const [i, right] of [['a', 'b', 'c', 'd'], ['a', 'b'], ['c']].entries()) {
    const agent = (await api('POST', '/v1/agents', token('maintainer'), { name: `${name}-${i}` })).json;
    const answers = ['a', 'b', 'c', 'd'].map((id) => ({ task_id: id, output: right.includes(id) ? 'yes' : 'no' }));
    const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers });
    expect(submitted.status).toBe(202);
    agents.push({ ...agent, submission_id: submitted.json.submission_id });
  }
  const boardPath = `/v1/benchmarks/${bench.benchmark_id}/leaderboard`;
  await until(async () => {
    const { json } = await api('GET', boardPath, token('viewer'));
    return json.items.length === 3 ? json : undefined;
  }, 'three agents on the board');
  return { benchmarkId: bench.benchmark_id as string, agents, boardPath };
}

const place = (benchmarkId: string, body: unknown, credential = token('maintainer')) =>
  api('POST', `/v1/benchmarks/${benchmarkId}/baselines`, credential, body);

describe('baselines', () => {
  it('are placed by maintainers (audited), listed to viewers and agents, and taken off', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Crud', tasks: [task('a')] });
    const agent = (await api('POST', '/v1/agents', token('maintainer'), { name: 'crud-agent' })).json;
    const viewer = await Dashboard.open(on.twin.wsUrl, token('viewer'));
    const channel = `leaderboard:${bench.benchmark_id}`;
    await viewer.subscribe(channel);
    const baselineUpdate = (change: string) =>
      viewer.waitFor((m) => m.type === 'update' && m.channel === channel && m.data.kind === 'baseline' && m.data.change === change);

    const placed = await place(bench.benchmark_id, { name: 'GPT (published)', score: 0.6234567, cost_usd: 1.5 });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({
      baseline_id: expect.stringMatching(/^bl_[0-9a-z]{26}$/),
      benchmark_id: bench.benchmark_id,
      version: 1,
      name: 'GPT (published)',
      score: 0.623457,
      cost_usd: 1.5,
      created_by: `${TENANT}-maintainer`,
    });
    const id = placed.json.baseline_id;
    expect((await baselineUpdate('placed')).data).toMatchObject({
      type: 'baseline.placed',
      baseline: true,
      baseline_id: id,
      score: 0.623457,
      version: 1,
    });
    expect((await place(bench.benchmark_id, { name: 'Human', score: 0.9 })).json).toMatchObject({ cost_usd: null, version: 1 });

    for (const credential of [token('viewer'), agent.api_key]) {
      const listed = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/baselines`, credential);
      expect(listed.status).toBe(200);
      expect(listed.json).toMatchObject({ benchmark_id: bench.benchmark_id, version: 1 });
      expect(listed.json.items.map((b: Json) => b.name)).toEqual(['GPT (published)', 'Human']);
    }

    // Refusals: who, what and where.
    expect((await place(bench.benchmark_id, { name: 'x', score: 0.5 }, token('viewer'))).status).toBe(403);
    expect((await place(bench.benchmark_id, { name: 'x', score: 0.5 }, agent.api_key)).status).toBe(403);
    const invalid = await place(bench.benchmark_id, { name: 'x', score: 1.5 });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBe('validation_failed');
    expect((await place(bench.benchmark_id, { name: 'x', score: 0.5, version: 2 })).json.error).toMatchObject({ code: 'not_found' });
    expect((await place('bm_00000000000000000000000000', { name: 'x', score: 0.5 })).status).toBe(404);
    expect((await api('GET', `/v1/benchmarks/${bench.benchmark_id}/baselines?version=2`, token('viewer'))).status).toBe(404);

    const audit = await api('GET', '/v1/audit?action=baseline.create', token('admin'));
    expect(audit.json.items.map((e: Json) => e.outcome).sort()).toEqual([
      'denied',
      'denied',
      'refused',
      'refused',
      'refused',
      'succeeded',
      'succeeded',
    ]);

    expect((await api('DELETE', `/v1/benchmarks/${bench.benchmark_id}/baselines/${id}`, token('viewer'))).status).toBe(403);
    expect((await api('DELETE', `/v1/benchmarks/${bench.benchmark_id}/baselines/${id}`, token('maintainer'))).status).toBe(204);
    expect((await api('DELETE', `/v1/benchmarks/${bench.benchmark_id}/baselines/${id}`, token('maintainer'))).status).toBe(404);
    expect((await baselineUpdate('removed')).data).toMatchObject({ type: 'baseline.removed', baseline_id: id, name: 'GPT (published)' });
    await viewer.close();
    const deletes = await api('GET', '/v1/audit?action=baseline.delete', token('admin'));
    expect(deletes.json.items.map((e: Json) => e.outcome).sort()).toEqual(['denied', 'refused', 'succeeded']);
    const after = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/baselines`, token('viewer'));
    expect(after.json.items.map((b: Json) => b.name)).toEqual(['Human']);
  });

  it('are at most 50 per version', async () => {
    const capper = on.twin.issuer.mint({ tenant: TENANT, roles: ['maintainer'], sub: 'cap-maintainer' });
    const { json: bench } = await api('POST', '/v1/benchmarks', capper, { name: 'Capped', tasks: [task('a')] });
    for (let i = 0; i < 50; i++) expect((await place(bench.benchmark_id, { name: `b${i}`, score: i / 50 }, capper)).status).toBe(201);
    const refused = await place(bench.benchmark_id, { name: 'one too many', score: 0.5 }, capper);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'conflict', details: { limit: 50 } });
    // Another version has its own 50.
    expect((await api('PATCH', `/v1/benchmarks/${bench.benchmark_id}`, capper, { tasks: [task('a'), task('b')] })).json.version).toBe(2);
    expect((await place(bench.benchmark_id, { name: 'on version 2', score: 0.5 }, capper)).json).toMatchObject({ version: 2 });
    const board = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?version=1`, token('viewer'));
    expect(board.json.items).toHaveLength(50);
    expect(board.json.items.every((e: Json) => e.baseline)).toBe(true);
  });

  it('sit on the leaderboard at their score without a rank, across pages and in the WebSocket snapshot', async () => {
    const { benchmarkId, agents, boardPath } = await boardOfThree('Interleaved');
    // Above everyone, tied with the 0.5 agent (goes first: agents pass a baseline only by scoring higher), between, below.
    for (const [name, score] of [
      ['oracle', 1],
      ['published', 0.5],
      ['prompted', 0.3],
      ['random', 0],
    ] as const)
      expect((await place(benchmarkId, { name, score })).status).toBe(201);
    // 'oracle' (1) ties agent 0 and 'published' (0.5) agent 1: each goes before its agent.
    const expected = ['B:oracle', '1:agent0', 'B:published', '2:agent1', 'B:prompted', '3:agent2', 'B:random'];
    const label = (e: Json) => (e.baseline ? `B:${e.name}` : `${e.rank}:agent${agents.findIndex((a) => a.agent_id === e.agent_id)}`);

    const whole = await api('GET', boardPath, token('viewer'));
    expect(whole.json.items.map(label)).toEqual(expected);
    expect(whole.json.items[0]).toMatchObject({ baseline: true, rank: null, agent_id: null, submission_id: null, score: 1, name: 'oracle' });
    expect(whole.json.items[1]).toMatchObject({ baseline: false, rank: 1, name: null, baseline_id: null, submission_id: agents[0].submission_id });

    for (const limit of [1, 2]) {
      const seen: Json[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await api('GET', `${boardPath}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, agents[1].api_key);
        expect(page.status).toBe(200);
        expect(page.json.items.filter((e: Json) => !e.baseline).length).toBeLessThanOrEqual(limit);
        seen.push(...page.json.items);
        cursor = page.json.next_cursor;
      } while (cursor);
      expect(seen.map(label), `limit ${limit}`).toEqual(expected);
    }

    const viewer = await Dashboard.open(on.twin.wsUrl, token('viewer'));
    const { snapshot } = await viewer.subscribe(`leaderboard:${benchmarkId}`);
    expect(snapshot.data.entries.map(label)).toEqual(expected);
    await viewer.close();
  });
});

describe('the per-task leaderboard', () => {
  it("gives each task's score for each ranked agent from its leaderboard submission, page by page", async () => {
    const { benchmarkId, agents } = await boardOfThree('PerTask');
    const path = `/v1/benchmarks/${benchmarkId}/leaderboard/tasks`;
    const scoresOf = (tasks: Json[]) => Object.fromEntries(tasks.map((t: Json) => [t.task_id, t.agents.map((a: Json) => [a.agent_id, a.score])]));
    const [first, second, third] = agents.map((a) => a.agent_id);

    for (const credential of [token('viewer'), agents[2].api_key]) {
      const board = await api('GET', path, credential);
      expect(board.status).toBe(200);
      expect(board.json).toMatchObject({ benchmark_id: benchmarkId, version: 1, next_cursor: null });
      expect(board.json.tasks.map((t: Json) => [t.task_id, t.split])).toEqual([
        ['a', 'public'],
        ['b', 'public'],
        ['c', 'public'],
        ['d', 'public'],
      ]);
      expect(board.json.tasks.every((t: Json) => t.agents.every((a: Json) => a.samples === 1))).toBe(true);
      expect(scoresOf(board.json.tasks)).toEqual({
        a: [
          [first, 1],
          [second, 1],
          [third, 0],
        ],
        b: [
          [first, 1],
          [second, 1],
          [third, 0],
        ],
        c: [
          [first, 1],
          [second, 0],
          [third, 1],
        ],
        d: [
          [first, 1],
          [second, 0],
          [third, 0],
        ],
      });
    }

    const page1 = await api('GET', `${path}?limit=2`, token('viewer'));
    expect(page1.json.tasks[0].agents.map((a: Json) => a.agent_id)).toEqual([first, second]);
    const page2 = await api('GET', `${path}?limit=2&cursor=${page1.json.next_cursor}`, token('viewer'));
    expect(page2.json.tasks[0].agents.map((a: Json) => a.agent_id)).toEqual([third]);

    expect((await api('GET', `${path}?version=2`, token('viewer'))).status).toBe(404);
    expect((await api('GET', `${path}?limit=101`, token('viewer'))).status).toBe(400);
    expect((await api('GET', '/v1/benchmarks/bm_00000000000000000000000000/leaderboard/tasks', token('viewer'))).status).toBe(404);
  });
});
