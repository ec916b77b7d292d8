// Cost and usage, on the twin with real clients: a submission's usage as reported, or filled from
// its trace spans when scored; board entries with cost_usd and pareto (kept right when a member of
// the frontier gets worse under the `latest` rule); ?sort=cost across pages with the score rank
// kept and cursors that serve only their own ordering; the WebSocket leaderboard update's fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paretoFrontier } from '#shared/leaderboard/pareto.ts';
import { tenantTwin } from '../support/tenant-twin.ts';
import { Dashboard } from '../support/dashboard.ts';
import { until, type Json } from '../support/twin-api.ts';

const TENANT = 'cost';
const on = tenantTwin(TENANT);
const { token, api, newAgent, scoredAfter } = on;

const TASKS = ['a', 'b', 'c', 'd'].map((id) => ({ task_id: id, input: id, expected: 'yes', scorer: { type: 'exact' } }));
/** Answers scoring `right` / 4. */
const answers = (right: number) => TASKS.map((t, i) => ({ task_id: t.task_id, output: i < right ? 'yes' : 'no' }));

describe('usage on a submission', () => {
  it('is kept as reported, and shown from the moment it is queued', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Usage reported', tasks: TASKS });
    const agent = await newAgent('reports-usage');
    const usage = { input_tokens: 1200, output_tokens: 300, cost_usd: 0.0425, duration_ms: 5400 };
    const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: answers(2), usage });
    expect(submitted.status).toBe(202);
    expect(submitted.json.usage).toEqual(usage);
    const id = submitted.json.submission_id as string;
    expect((await scoredAfter(id, 3)).usage).toEqual(usage);
    // Spans do not replace a reported usage, not even on a rescore.
    const span = { span_id: 'x', name: 'call', kind: 'llm', started_at: '2026-12-04T10:00:00.000Z', status: 'ok', cost_usd: 9 };
    expect((await api('POST', `/v1/submissions/${id}/traces`, agent.api_key, { spans: [span] })).status).toBe(200);
    expect((await api('POST', `/v1/submissions/${id}/rescore`, token('maintainer'))).status).toBe(200);
    expect((await scoredAfter(id, 6)).usage).toEqual(usage);
  });

  it('is refused with 400 when a figure is negative, fractional where it must be whole, or unknown', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Usage refused', tasks: TASKS });
    const agent = await newAgent('bad-usage');
    for (const usage of [{ cost_usd: -1 }, { input_tokens: 1.5 }, { duration_ms: -3 }, { dollars: 2 }]) {
      const refused = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: answers(1), usage });
      expect(refused.status, JSON.stringify(usage)).toBe(400);
      expect(refused.json.error.code).toBe('validation_failed');
    }
  });

  it('is filled from the trace spans when absent at scoring (null while there are none)', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Usage from traces', tasks: TASKS });
    const agent = await newAgent('traced');
    const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, { answers: answers(3) });
    const id = submitted.json.submission_id as string;
    expect(submitted.json.usage).toBeNull();
    expect((await scoredAfter(id, 3)).usage).toBeNull();

    const spans = [
      { span_id: 'root', name: 'run', kind: 'agent', started_at: '2026-12-04T10:00:00.000Z', ended_at: '2026-12-04T10:00:09.500Z', status: 'ok' },
      {
        span_id: 'llm-1',
        parent_span_id: 'root',
        name: 'plan',
        kind: 'llm',
        started_at: '2026-12-04T10:00:01.000Z',
        ended_at: '2026-12-04T10:00:03.000Z',
        status: 'ok',
        input_tokens: 800,
        output_tokens: 120,
        cost_usd: 0.1,
      },
      {
        span_id: 'llm-2',
        parent_span_id: 'root',
        name: 'answer',
        kind: 'llm',
        started_at: '2026-12-04T10:00:04.000Z',
        ended_at: '2026-12-04T10:00:08.000Z',
        status: 'ok',
        input_tokens: 400,
        output_tokens: 80,
        cost_usd: 0.2,
      },
    ];
    expect((await api('POST', `/v1/submissions/${id}/traces`, agent.api_key, { spans })).status).toBe(200);
    expect((await api('POST', `/v1/submissions/${id}/rescore`, token('maintainer'))).status).toBe(200);
    const rescored = await scoredAfter(id, 6);
    expect(rescored.usage).toEqual({ input_tokens: 1200, output_tokens: 200, cost_usd: 0.3, duration_ms: 9500 });
    const entry = await until(async () => {
      const { json } = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard`, token('viewer'));
      return json.items[0]?.cost_usd === 0.3 ? json.items[0] : undefined;
    }, 'the entry with its cost');
    expect(entry).toMatchObject({ submission_id: id, cost_usd: 0.3, pareto: true });

    // Filled from traces, it is filled again by the next rescore, with the spans posted since.
    const late = {
      span_id: 'llm-3',
      name: 'retry',
      kind: 'llm',
      started_at: '2026-12-04T10:00:09.000Z',
      status: 'ok',
      output_tokens: 10,
      cost_usd: 0.05,
    };
    expect((await api('POST', `/v1/submissions/${id}/traces`, agent.api_key, { spans: [late] })).status).toBe(200);
    expect((await scoredAfter(id, 6)).usage.cost_usd).toBe(0.3);
    expect((await api('POST', `/v1/submissions/${id}/rescore`, token('maintainer'))).status).toBe(200);
    expect((await scoredAfter(id, 9)).usage).toEqual({ input_tokens: 1200, output_tokens: 210, cost_usd: 0.35, duration_ms: 9500 });
  });
});

describe('cost on the leaderboard', () => {
  // right answers (of 4) and cost per agent; submitted in this order, so equal scores rank in it.
  const plan: [name: string, right: number, cost: number | null][] = [
    ['top', 4, 10], // on the frontier: the best score
    ['uncosted', 4, null], // never on it, ranked 2nd
    ['value', 3, 2], // on it
    ['pricier', 3, 3], // value is as good and cheaper
    ['half', 2, 2], // value is better at the same cost
    ['budget', 1, 0.5], // on it: the cheapest
  ];
  let bench: Json;
  const ids: Record<string, { agent_id: string; api_key: string; submission_id: string }> = {};
  let viewer: Dashboard;
  const channel = () => `leaderboard:${bench.benchmark_id}`;
  const board = async (query = '') => (await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard${query}`, token('viewer'))).json;
  const byAgent = (items: Json[]) => Object.fromEntries(items.map((e: Json) => [e.agent_id, e]));
  const name = (agentId: string) => Object.entries(ids).find(([, v]) => v.agent_id === agentId)![0];
  const frontierOf = (items: Json[]) => items.filter((e: Json) => e.pareto).map((e: Json) => name(e.agent_id));

  beforeAll(async () => {
    bench = (await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Costly', tasks: TASKS, leaderboard_rule: 'latest' })).json;
    viewer = await Dashboard.open(on.twin.wsUrl, token('viewer'));
    await viewer.subscribe(channel());
    for (const [agentName, right, cost] of plan) {
      const agent = await newAgent(agentName);
      const body = { answers: answers(right), ...(cost === null ? {} : { usage: { cost_usd: cost } }) };
      const submitted = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, body);
      ids[agentName] = { ...agent, submission_id: submitted.json.submission_id };
      await scoredAfter(submitted.json.submission_id, 3);
    }
    await until(async () => ((await board()).items.length === plan.length ? true : undefined), 'every entry on the board');
  }, 180_000);
  afterAll(() => viewer?.close());

  it('carries cost_usd on every entry and pareto on the frontier only (never without a cost)', async () => {
    const { items } = await board();
    expect(items.map((e: Json) => [name(e.agent_id), e.rank, e.cost_usd])).toEqual([
      ['top', 1, 10],
      ['uncosted', 2, null],
      ['value', 3, 2],
      ['pricier', 4, 3],
      ['half', 5, 2],
      ['budget', 6, 0.5],
    ]);
    expect(frontierOf(items)).toEqual(['top', 'value', 'budget']);
  });

  it('sorts by cost across pages: cheapest first, ties by the higher score, no cost last; rank stays the score rank', async () => {
    const seen: Json[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?sort=cost&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await board(query);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.map((e) => [name(e.agent_id), e.rank, e.cost_usd, e.pareto])).toEqual([
      ['budget', 6, 0.5, true],
      ['value', 3, 2, true],
      ['half', 5, 2, false],
      ['pricier', 4, 3, false],
      ['top', 1, 10, true],
      ['uncosted', 2, null, false],
    ]);
  });

  it('refuses a cursor of one ordering in the other with 400', async () => {
    const scoreCursor = (await board('?limit=2')).next_cursor as string;
    const costCursor = (await board('?sort=cost&limit=2')).next_cursor as string;
    const wrongWay = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?sort=cost&cursor=${scoreCursor}`, token('viewer'));
    expect(wrongWay.status).toBe(400);
    expect(wrongWay.json.error.code).toBe('validation_failed');
    const otherWay = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?cursor=${costCursor}`, token('viewer'));
    expect(otherWay.status).toBe(400);
    expect((await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?sort=price`, token('viewer'))).status).toBe(400);
  });

  it('puts cost_usd, pareto and the frontier’s agents on the WebSocket leaderboard update', async () => {
    const update = await viewer.waitFor((m) => m.type === 'update' && m.channel === channel() && m.data.submission_id === ids.budget!.submission_id);
    expect(update.data).toMatchObject({ kind: 'entry', cost_usd: 0.5, pareto: true, usage: { cost_usd: 0.5 } });
    expect(new Set(update.data.pareto_agents)).toEqual(new Set(['top', 'value', 'budget'].map((n) => ids[n]!.agent_id)));
    const dominated = await viewer.waitFor(
      (m) => m.type === 'update' && m.channel === channel() && m.data.submission_id === ids.pricier!.submission_id,
    );
    expect(dominated.data).toMatchObject({ cost_usd: 3, pareto: false });
  });

  it('uncovers the entries a frontier member alone dominated when it gets worse (latest rule)', async () => {
    // value's newest submission scores 1/4 at the same cost: budget (1/4 for 0.5) now beats it, and
    // half (2/4 for 2) and pricier (3/4 for 3), which only value dominated, join the frontier.
    const worse = await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, ids.value!.api_key, {
      answers: answers(1),
      usage: { cost_usd: 2 },
    });
    const from = viewer.messages.length;
    await scoredAfter(worse.json.submission_id, 3);
    const frontier = await until(async () => {
      const { items } = await board();
      return byAgent(items)[ids.value!.agent_id]?.submission_id === worse.json.submission_id && !byAgent(items)[ids.value!.agent_id].pareto
        ? frontierOf(items)
        : undefined;
    }, 'the worse entry on the board');
    expect(frontier.sort()).toEqual(['budget', 'half', 'pricier', 'top']);
    const update = await viewer.waitFor(
      (m) => m.type === 'update' && m.channel === channel() && m.data.submission_id === worse.json.submission_id,
      15_000,
      from,
    );
    expect(update.data.pareto).toBe(false);
    expect(new Set(update.data.pareto_agents)).toEqual(new Set(['top', 'pricier', 'half', 'budget'].map((n) => ids[n]!.agent_id)));
  });
});

describe('the frontier under concurrent scoring', () => {
  it('matches the rule applied to the board once a burst of submissions from many agents is scored', async () => {
    const { json: bench } = await api('POST', '/v1/benchmarks', token('maintainer'), { name: 'Burst', tasks: TASKS, leaderboard_rule: 'latest' });
    const agents = await Promise.all(Array.from({ length: 12 }, (_, i) => newAgent(`burst-${i}`)));
    // Two rounds, each all at once: the second moves every agent's entry (latest rule), frontier members included.
    for (const round of [0, 1]) {
      const ids = await Promise.all(
        agents.map(async (agent, i) => {
          // Cost level k and a score that mostly grows with it: each round's frontier has three
          // members, two of them duplicates, and agents 0 and 3 swap places between the rounds.
          const k = (i * 5 + round * 3) % 6;
          const right = Math.min(4, Math.floor(k * 0.7) + (i % 3 === 0 ? 1 : 0));
          const body = { answers: answers(right), ...(i % 5 === 4 ? {} : { usage: { cost_usd: k / 2 } }) };
          return (await api('POST', `/v1/benchmarks/${bench.benchmark_id}/submissions`, agent.api_key, body)).json.submission_id as string;
        }),
      );
      await Promise.all(ids.map((id) => scoredAfter(id, 3)));
      const settled = new Set(ids);
      const items = await until(async () => {
        const { json } = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?limit=50`, token('viewer'));
        return json.items.length === agents.length && json.items.every((e: Json) => settled.has(e.submission_id))
          ? (json.items as Json[])
          : undefined;
      }, 'every entry of the round on the board');
      const expected = paretoFrontier(
        items.map((e) => ({ agentId: e.agent_id, submissionId: e.submission_id, score: e.score, costUsd: e.cost_usd })),
      ).map((m) => m.agentId);
      // The board entry is written before the frontier: wait for the last writer's frontier.
      const onBoard = await until(
        async () => {
          const { json } = await api('GET', `/v1/benchmarks/${bench.benchmark_id}/leaderboard?limit=50`, token('viewer'));
          const flagged = json.items.filter((e: Json) => e.pareto).map((e: Json) => e.agent_id);
          return flagged.length === expected.length && flagged.every((a: string) => expected.includes(a)) ? flagged : undefined;
        },
        `round ${round}: the frontier ${JSON.stringify(expected)}`,
      );
      expect(new Set(onBoard)).toEqual(new Set(expected));
      expect(expected.length).toBe(3);
    }
  }, 180_000);
});
