// What the pipeline bench submits (bench/pipeline.ts): a benchmark of six tasks (every scorer, one
// weighted 2, total weight 7), the answers an agent gives (seeded, so every run submits the same
// ones, each task right with CORRECT_PROBABILITY) with the score they should earn, and trace spans.
import type { LeaderboardRule } from '#shared/leaderboard/ranking.ts';
import { mulberry32 } from '#shared/scoring/uncertainty.ts';

export const TASKS = [
  { task_id: 'greet', input: 'Say hi', expected: 'hi', scorer: { type: 'exact' } },
  { task_id: 'capital', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } },
  { task_id: 'third', input: '1/3 to 2 places', expected: 0.33, scorer: { type: 'numeric', tolerance: 0.01 }, weight: 2 },
  { task_id: 'date', input: 'An ISO date', expected: null, scorer: { type: 'regex', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { task_id: 'colours', input: 'Name two colours', expected: null, scorer: { type: 'contains', values: ['red', 'blue'] } },
  { task_id: 'point', input: 'A point', expected: { x: 1, y: [2, 3] }, scorer: { type: 'json_equal' } },
] as const;
const RIGHT: Record<string, unknown> = {
  greet: 'hi',
  capital: ' PARIS ',
  third: '0.334',
  date: '2026-11-21',
  colours: 'blue and red',
  point: { y: [2, 3], x: 1 },
};
const WRONG: Record<string, unknown> = { greet: 'hello', capital: 'Lyon', third: '0.5', date: 'yesterday', colours: 'green', point: { x: 2 } };
export const CORRECT_PROBABILITY = 0.6;
export const RULE: LeaderboardRule = 'best';
export const TENANT = 'benchpipe';
/** Mutations one principal may make per minute: far above what the bench makes. */
export const SETTINGS = { RATE_LIMIT_WRITE_PER_MINUTE: '1000000' };

export function answersFor(index: number): { answers: { task_id: string; output: unknown }[]; expectedScore: number } {
  const next = mulberry32(index + 1); // every run submits the same answers
  let earned = 0;
  let total = 0;
  const answers = TASKS.map((task) => {
    const right = next() < CORRECT_PROBABILITY;
    const weight = 'weight' in task ? task.weight : 1;
    total += weight;
    if (right) earned += weight;
    return { task_id: task.task_id, output: right ? RIGHT[task.task_id] : WRONG[task.task_id] };
  });
  return { answers, expectedScore: Math.round((earned / total) * 1e6) / 1e6 };
}

/** `count` trace spans: one agent run and its LLM calls, one second apart. */
export function traceSpans(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    span_id: `${prefix}-${i}`,
    parent_span_id: i === 0 ? null : `${prefix}-0`,
    name: i === 0 ? 'agent run' : `llm call ${i}`,
    kind: i === 0 ? 'agent' : 'llm',
    started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    ended_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i + 1)).toISOString(),
    status: 'ok',
    attributes: { model: 'bench-model', step: i },
    input_tokens: 100 + i,
    output_tokens: 20 + i,
    cost_usd: 0.001,
  }));
}
