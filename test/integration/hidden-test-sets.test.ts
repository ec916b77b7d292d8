// Hidden test sets on the twin, per role, with real HTTP and WebSocket clients: a benchmark with a
// private task ranks by public_score until a maintainer reveals it, then by score; before the
// reveal agents and viewers see public_score only (on GET, lists, the board and every WebSocket
// message), maintainers and admins both; agents never see a private task's expected value nor its
// result; under `best` an agent's entry is its best public_score on the public ordering and its
// best score on the full one, both kept current (a rescore recomputes both).
import { describe, expect, it } from 'vitest';
import { tenantTwin } from '../support/tenant-twin.ts';
import { Dashboard } from '../support/dashboard.ts';
import { type Json, until } from '../support/twin-api.ts';

const TENANT = 'hidden';
const on = tenantTwin(TENANT);
const { token, api, newAgent } = on;
// Read as a maintainer, who sees the full score before the reveal.
const scoredAfter = (id: string, transitions: number) => on.scoredAfter(id, transitions, 'maintainer');

// Two public tasks (weight 1 each) and one private (weight 2): score = (p1 + p2 + 2·x) / 4, public_score = (p1 + p2) / 2.
const tasks = [
  { task_id: 'p1', input: 'say one', expected: 'one', scorer: { type: 'exact' } },
  { task_id: 'p2', input: 'say two', expected: 'two', scorer: { type: 'exact' } },
  { task_id: 'x', input: 'say secret', expected: 'secret', scorer: { type: 'exact' }, weight: 2, split: 'private' },
];
const answers = (p1: boolean, p2: boolean, x: boolean) => [
  { task_id: 'p1', output: p1 ? 'one' : 'no' },
  { task_id: 'p2', output: p2 ? 'two' : 'no' },
  { task_id: 'x', output: x ? 'secret' : 'no' },
];

/** Every update and snapshot a dashboard received on a channel. */
const seen = (dashboard: Dashboard, channel: string) =>
  dashboard.messages.filter((m) => (m.type === 'update' || m.type === 'snapshot') && m.channel === channel);

describe('hidden test sets', () => {
  it('hide the full score and private results per role until the reveal; rank by public_score, then by score', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Hidden', tasks, leaderboard_rule: 'best' });
    expect(bench.revealed_at).toBeNull();
    expect(bench.tasks.map((t: Json) => t.split)).toEqual(['public', 'public', 'private']);
    const board = `/v1/benchmarks/${bench.benchmark_id}/leaderboard`;
    const channel = `leaderboard:${bench.benchmark_id}`;
    const [a, b] = [await newAgent('alpha'), await newAgent('beta')];

    // An agent sees the private task's input, never its expected value; a viewer sees it (today's rule).
    const asAgent = (await api('GET', `/v1/benchmarks/${bench.benchmark_id}`, a.api_key)).json;
    expect(asAgent.tasks[2]).toEqual({ task_id: 'x', input: 'say secret', scorer: { type: 'exact' }, weight: 2, split: 'private' });
    expect((await api('GET', `/v1/benchmarks/${bench.benchmark_id}`, token('viewer'))).json.tasks[2]).toHaveProperty('expected', 'secret');

    // Dashboards of every kind on the board; agent alpha and the viewer on alpha's first submission too.
    const dashboards = {
      agent: await Dashboard.open(on.twin.wsUrl, a.api_key),
      viewer: await Dashboard.open(on.twin.wsUrl, token('viewer')),
      maintainer: await Dashboard.open(on.twin.wsUrl, token('maintainer')),
      admin: await Dashboard.open(on.twin.wsUrl, token('admin')),
    };
    for (const dashboard of Object.values(dashboards)) await dashboard.subscribe(channel);
    await dashboards.viewer.subscribe('events');

    const submit = async (agent: { api_key: string }, body: Json[]) =>
      (await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: body })).json.submission_id as string;
    // alpha 1: public both right, private wrong → public 1, score 0.5.
    const a1 = await submit(a, answers(true, true, false));
    await dashboards.agent.subscribe(`submission:${a1}`);
    await dashboards.viewer.subscribe(`submission:${a1}`);
    await scoredAfter(a1, 3);
    // beta 1: one public right, private right → public 0.5, score 0.75.
    const b1 = await submit(b, answers(true, false, true));
    await scoredAfter(b1, 3);
    // alpha 2: one public right, private right → public 0.5, score 0.75 (alpha's best score, not its best public score).
    const a2 = await submit(a, answers(true, false, true));
    await scoredAfter(a2, 3);

    // GET per role.
    const get = async (id: string, credential: string) => (await api('GET', `/v1/submissions/${id}`, credential)).json;
    for (const credential of [a.api_key, token('viewer')]) {
      const view = await get(a1, credential);
      expect(view).toMatchObject({ score: null, public_score: 1, confidence_interval: null, stderr: null });
      expect(view.results.map((r: Json) => r.task_id)).toEqual(['p1', 'p2']);
    }
    for (const credential of [token('maintainer'), token('admin')]) {
      const view = await get(a1, credential);
      expect(view).toMatchObject({ score: 0.5, public_score: 1 });
      expect(view.confidence_interval).not.toBeNull();
      expect(view.results.map((r: Json) => [r.task_id, r.split])).toEqual([
        ['p1', undefined],
        ['p2', undefined],
        ['x', 'private'],
      ]);
    }
    const listed = (await api('GET', `/v1/benchmarks/${bench.benchmark_id}/submissions`, token('viewer'))).json.items;
    expect(listed.map((s: Json) => s.score)).toEqual([null, null, null]);
    expect(listed.map((s: Json) => s.public_score)).toEqual([0.5, 0.5, 1]);

    // The board ranks by public_score: alpha (its first submission, public 1) before beta (0.5).
    const ranked = async (credential: string) =>
      until(async () => {
        const { json } = await api('GET', board, credential);
        return json.items.length === 2 ? json : undefined;
      }, 'two entries');
    for (const credential of [a.api_key, token('viewer')]) {
      const view = await ranked(credential);
      expect(view.ordering).toBe('public');
      expect(view.items.map((e: Json) => [e.rank, e.submission_id, e.score, e.public_score, e.stderr])).toEqual([
        [1, a1, null, 1, null],
        [2, b1, null, 0.5, null],
      ]);
    }
    const maintainerView = await ranked(token('maintainer'));
    expect(maintainerView.ordering).toBe('public');
    expect(maintainerView.items.map((e: Json) => [e.submission_id, e.score, e.public_score])).toEqual([
      [a1, 0.5, 1],
      [b1, 0.75, 0.5],
    ]);

    // A rescore recomputes both orderings: alpha keeps a1 on the public one (and a2 on the full one, seen after the reveal).
    expect((await api('POST', `/v1/submissions/${a2}/rescore`, token('maintainer'))).status).toBe(200);
    await scoredAfter(a2, 6);

    // Only maintainers reveal; agents and viewers are refused.
    expect((await api('POST', `/v1/benchmarks/${bench.benchmark_id}/reveal`, a.api_key)).status).toBe(403);
    expect((await api('POST', `/v1/benchmarks/${bench.benchmark_id}/reveal`, token('viewer'))).status).toBe(403);

    // Every score update the agent and the viewer got before the reveal hid the full score; maintainers' carried it.
    const updatesOf = (dashboard: Dashboard, count: number) =>
      until(async () => {
        const updates = seen(dashboard, channel).filter((m) => m.type === 'update' && m.data.kind === 'entry');
        return updates.length >= count ? updates : undefined;
      }, `${count} board updates`);
    for (const role of ['agent', 'viewer'] as const) {
      for (const update of await updatesOf(dashboards[role], 4)) {
        expect(update.data).toMatchObject({ score: null, confidence_interval: null, stderr: null, pass_at_k: null });
        expect(typeof update.data.public_score).toBe('number');
      }
    }
    for (const update of await updatesOf(dashboards.maintainer, 4)) expect(update.data.pass_at_k).toEqual({ '1': update.data.score });
    // A dashboard that subscribes now gets the board's snapshot as its role may see it.
    for (const [role, credential] of [
      ['agent', a.api_key],
      ['viewer', token('viewer')],
      ['maintainer', token('maintainer')],
    ] as const) {
      const late = await Dashboard.open(on.twin.wsUrl, credential);
      const { snapshot } = await late.subscribe(channel);
      expect(snapshot.data.ordering).toBe('public');
      expect(snapshot.data.entries.map((e: Json) => [e.submission_id, e.score, e.public_score])).toEqual(
        role === 'maintainer'
          ? [
              [a1, 0.5, 1],
              [b1, 0.75, 0.5],
            ]
          : [
              [a1, null, 1],
              [b1, null, 0.5],
            ],
      );
      await late.close();
    }
    for (const role of ['maintainer', 'admin'] as const) {
      const updates = await updatesOf(dashboards[role], 4);
      expect(updates.map((u) => u.data.score)).toEqual(expect.arrayContaining([0.5, 0.75]));
    }
    const onA1 = (dashboard: Dashboard) =>
      until(async () => dashboard.messages.find((m) => m.type === 'update' && m.channel === `submission:${a1}` && m.data.status === 'scored'));
    for (const role of ['agent', 'viewer'] as const) expect((await onA1(dashboards[role])).data).toMatchObject({ score: null, public_score: 1 });
    const onEvents = await until(async () =>
      dashboards.viewer.messages.find((m) => m.type === 'update' && m.channel === 'events' && m.data.submission_id === a1),
    );
    expect(onEvents.data).toMatchObject({ score: null, public_score: 1, stderr: null });

    // The reveal: 200 with revealed_at; again, 200 with the same time; audited; live boards are told.
    const revealed = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/reveal`, token('maintainer'));
    expect(revealed.status).toBe(200);
    expect(revealed.json.revealed_at).toEqual(expect.any(String));
    const again = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/reveal`, token('maintainer'));
    expect(again.json.revealed_at).toBe(revealed.json.revealed_at);
    expect((await api('GET', `/v1/benchmarks/${bench.benchmark_id}`, a.api_key)).json.revealed_at).toBe(revealed.json.revealed_at);
    const audit = (await api('GET', '/v1/audit?action=benchmark.reveal', token('admin'))).json.items;
    // The two reveals succeeded; the agent's and the viewer's attempts were denied.
    expect(audit.map((entry: Json) => entry.outcome).sort()).toEqual(['denied', 'denied', 'succeeded', 'succeeded']);
    for (const dashboard of Object.values(dashboards))
      expect((await dashboard.waitFor((m) => m.type === 'update' && m.channel === channel && m.data.kind === 'revealed')).data).toMatchObject({
        revealed_at: revealed.json.revealed_at,
        ordering: 'full',
      });

    // After: the board ranks by score — beta's 0.75 first (reached before alpha's a2), then alpha's a2 — for everyone.
    for (const credential of [a.api_key, token('viewer'), token('maintainer')]) {
      const view = (await api('GET', board, credential)).json;
      expect(view.ordering).toBe('full');
      expect(view.items.map((e: Json) => [e.submission_id, e.score, e.public_score])).toEqual([
        [b1, 0.75, 0.5],
        [a2, 0.75, 0.5],
      ]);
    }
    // Everyone sees score; the agent still not the private task's result, the viewer now does.
    const agentView = await get(a1, a.api_key);
    expect(agentView).toMatchObject({ score: 0.5, public_score: 1 });
    expect(agentView.confidence_interval).not.toBeNull();
    expect(agentView.results.map((r: Json) => r.task_id)).toEqual(['p1', 'p2']);
    expect((await get(a1, token('viewer'))).results.map((r: Json) => r.task_id)).toEqual(['p1', 'p2', 'x']);
    expect((await api('GET', `/v1/benchmarks/${bench.benchmark_id}`, a.api_key)).json.tasks[2]).not.toHaveProperty('expected');

    // A submission scored after the reveal reaches every subscriber with its score.
    const b2 = await submit(b, answers(false, false, false));
    await scoredAfter(b2, 3);
    for (const role of ['agent', 'viewer'] as const) {
      const update = await dashboards[role].waitFor((m) => m.type === 'update' && m.channel === channel && m.data.submission_id === b2);
      expect(update.data).toMatchObject({ score: 0, public_score: 0 });
    }
    await Promise.all(Object.values(dashboards).map((dashboard) => dashboard.close()));
    // One long scenario (four dashboards, two reveals' worth of waits): beyond 30 s on a loaded machine.
  }, 90_000);

  it('hide nothing on a benchmark without private tasks', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Open', tasks: tasks.slice(0, 2) });
    const agent = await newAgent('open');
    const id = (
      await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: answers(true, false, false).slice(0, 2) })
    ).json.submission_id;
    await scoredAfter(id, 3);
    expect((await api('GET', `/v1/submissions/${id}`, agent.api_key)).json).toMatchObject({ score: 0.5, public_score: 0.5 });
    const view = await until(async () => {
      const { json } = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
      return json.items.length ? json : undefined;
    });
    expect(view).toMatchObject({ ordering: 'full', items: [{ score: 0.5, public_score: 0.5 }] });
  });
});
