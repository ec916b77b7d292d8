import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/auth/principal.ts';
import type { Benchmark } from '#shared/benchmarks/benchmark.ts';
import type { TaskDefinition } from '#shared/scoring/index.ts';
import { taskBoard, tasksShownTo } from './tasks.ts';

const task = (id: string, split?: 'private'): TaskDefinition => ({
  task_id: id,
  input: id,
  expected: 'x',
  scorer: { type: 'exact' },
  weight: 1,
  ...(split ? { split } : {}),
});
const viewer = { principalType: 'user', roles: ['viewer'] } as unknown as Principal;
const maintainer = { principalType: 'user', roles: ['maintainer'] } as unknown as Principal;
const agent = { principalType: 'agent', roles: [] } as unknown as Principal;
const agents = [
  { agentId: 'agt_first', submissionId: 'sub_1' },
  { agentId: 'agt_second', submissionId: 'sub_2' },
];

describe('the per-task leaderboard', () => {
  it('shows a private task to maintainers, to viewers after the reveal, and never to agents', () => {
    const tasks = [task('a'), task('hidden', 'private')];
    const shown = (who: Principal, revealedAt: string | null) => tasksShownTo(who, { revealedAt }, tasks).map((t) => `${t.taskId}:${t.split}`);
    expect(shown(maintainer, null)).toEqual(['a:public', 'hidden:private']);
    expect(shown(viewer, null)).toEqual(['a:public']);
    expect(shown(viewer, '2026-12-04T00:00:00.000Z')).toEqual(['a:public', 'hidden:private']);
    expect(shown(agent, '2026-12-04T00:00:00.000Z')).toEqual(['a:public']);
  });

  it("lists each task with the agents in rank order and their leaderboard submission's score on it", () => {
    const results = new Map([
      [
        'sub_1',
        [
          { task_id: 'a', score: 1 },
          { task_id: 'b', score: 0 },
        ],
      ],
      [
        'sub_2',
        [
          { task_id: 'a', score: 0.5, samples: 4 },
          { task_id: 'b', score: 1, samples: 4 },
        ],
      ],
    ]);
    expect(taskBoard(tasksShownTo(viewer, { revealedAt: null } as Benchmark, [task('a'), task('b')]), agents, results)).toEqual([
      {
        task_id: 'a',
        split: 'public',
        agents: [
          { agent_id: 'agt_first', score: 1, samples: 1 },
          { agent_id: 'agt_second', score: 0.5, samples: 4 },
        ],
      },
      {
        task_id: 'b',
        split: 'public',
        agents: [
          { agent_id: 'agt_first', score: 0, samples: 1 },
          { agent_id: 'agt_second', score: 1, samples: 4 },
        ],
      },
    ]);
  });

  it('keeps every task of the version, and leaves an agent out of a task its submission has no result for', () => {
    const results = new Map([['sub_1', [{ task_id: 'a', score: 1 }]]]);
    expect(
      taskBoard(
        [
          { taskId: 'a', split: 'public' },
          { taskId: 'new', split: 'public' },
        ],
        agents,
        results,
      ),
    ).toEqual([
      { task_id: 'a', split: 'public', agents: [{ agent_id: 'agt_first', score: 1, samples: 1 }] },
      { task_id: 'new', split: 'public', agents: [] },
    ]);
  });
});
