// Scoring throughput with a judge scorer (issue 14, part 5) next to exact match, on a twin in this
// process: the same submissions (5 tasks each, about 60 % right) to two benchmarks — one whose tasks
// are exact-match, one whose tasks are scored by the example judge (npm run judge: a local HTTP
// server, keyword overlap, every signature verified) — and, for each, submissions scored per second
// (first accepted → last scored) and each submission's accepted → scored latency (its transitions).
// The judged path adds a second queue hop (scoring → judging), five signed HTTP calls per submission
// and batch 1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalJudge } from '#infra/local/judge.ts';
import { startTwin } from '#infra/local/twin.ts';
import { wiring } from '#infra/wiring.ts';
import { forEachConcurrently } from '#shared/concurrency.ts';
import { mulberry32 } from '#shared/scoring/uncertainty.ts';

export const JUDGE_BENCH_DEFAULTS = { submissions: 100, tasks: 5, concurrency: 8 };

export interface ScoringThroughput {
  scorer: 'exact' | 'judge';
  submissions: number;
  scored: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface JudgeBenchResult {
  tasks: number;
  concurrency: number;
  exact: ScoringThroughput;
  judge: ScoringThroughput;
  /** Requests the judge answered (tasks × submissions when nothing was retried). */
  judgeRequests: number;
}

const TENANT = 'benchjudge';
/** One agent submits every submission of a run: its daily quota must not stop it. */
const DAILY_LIMIT = 1000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read field by field
type Json = any;

export async function measureJudgeScoring(options = { ...JUDGE_BENCH_DEFAULTS, onProgress: (_: string) => {} }): Promise<JudgeBenchResult> {
  const twin = await startTwin({
    wiring,
    stateDir: mkdtempSync(join(tmpdir(), 'scorecast-bench-judge-')),
    settings: { RATE_LIMIT_WRITE_PER_MINUTE: '1000000' },
    onLog: () => undefined,
  });
  const maintainer = twin.issuer.mint({ tenant: TENANT, roles: ['maintainer'], sub: 'bench-maintainer' });
  const api = async (method: string, path: string, credential: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${twin.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const judge = await startLocalJudge({ httpUrl: twin.httpUrl, token: maintainer, port: 0, print: () => undefined });
  try {
    const taskIds = Array.from({ length: options.tasks }, (_, i) => `t${i}`);
    const expected = (i: number) => `answer number ${i} mentions keyword${i}`;
    const benchmark = (scorer: (i: number) => unknown) =>
      api('POST', '/v1/benchmarks', maintainer, {
        name: 'bench',
        daily_submission_limit: DAILY_LIMIT,
        tasks: taskIds.map((task_id, i) => ({ task_id, input: `question ${i}`, expected: expected(i), scorer: scorer(i) })),
      });
    const run = async (kind: 'exact' | 'judge', benchmarkId: string): Promise<ScoringThroughput> => {
      const agent = await api('POST', '/v1/agents', maintainer, { name: `bench-${kind}` });
      const random = mulberry32(5);
      const ids: string[] = [];
      await forEachConcurrently(Array.from({ length: options.submissions }), options.concurrency, async () => {
        const answers = taskIds.map((task_id, i) => ({ task_id, output: random() < 0.6 ? expected(i) : 'something else' }));
        ids.push((await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agent.api_key, { answers })).submission_id);
      });
      options.onProgress(`judge: ${kind}: ${ids.length} submitted, waiting for their scores…`);
      const deadline = Date.now() + 300_000;
      let done: Json[] = [];
      while (Date.now() < deadline) {
        done = [];
        let cursor: string | null = null;
        do {
          const page: Json = await api('GET', `/v1/benchmarks/${benchmarkId}/submissions?limit=200${cursor ? `&cursor=${cursor}` : ''}`, maintainer);
          done.push(...page.items.filter((s: Json) => s.status === 'scored' || s.status === 'failed'));
          cursor = page.next_cursor;
        } while (cursor);
        if (done.length >= ids.length) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const scoredAt = (s: Json) => Date.parse(s.transitions.at(-1).at);
      const latencies = done.map((s) => scoredAt(s) - Date.parse(s.created_at)).sort((a, b) => a - b);
      const first = Math.min(...done.map((s) => Date.parse(s.created_at)));
      const last = Math.max(...done.map(scoredAt));
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
      return {
        scorer: kind,
        submissions: ids.length,
        scored: done.filter((s) => s.status === 'scored').length,
        perSecond: Math.round((done.length / Math.max(1, last - first)) * 1000 * 10) / 10,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
      };
    };
    const exactBenchmark = await benchmark(() => ({ type: 'exact' }));
    const judgedBenchmark = await benchmark(() => ({ type: 'judge', judge_id: judge.judgeId, pass_threshold: 0.5 }));
    options.onProgress(`judge: ${options.submissions} exact-match submissions…`);
    const exact = await run('exact', exactBenchmark.benchmark_id);
    options.onProgress(`judge: ${options.submissions} judge-scored submissions…`);
    const judged = await run('judge', judgedBenchmark.benchmark_id);
    return { tasks: options.tasks, concurrency: options.concurrency, exact, judge: judged, judgeRequests: judge.counts.judged };
  } finally {
    await judge.close();
    await twin.stop();
  }
}

export function formatJudgeScoring(result: JudgeBenchResult): string {
  const row = (r: ScoringThroughput) =>
    `  ${r.scorer.padEnd(6)} ${String(r.scored).padStart(4)}/${r.submissions} scored  ${String(r.perSecond).padStart(6)} /s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms`;
  return [
    `Scoring throughput with a judge scorer (${result.tasks} tasks per submission, ${result.concurrency} submitting at once; the local example judge)`,
    row(result.exact),
    row(result.judge),
    `  judge requests answered: ${result.judgeRequests}`,
  ].join('\n');
}
