// The leaderboard HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead } from '#shared/contract/uses.ts';
import { BenchmarkPath } from '#shared/schemas/ids.ts';
import { LeaderboardQuery, LeaderboardTasksQuery } from '#shared/schemas/leaderboard.ts';

export const leaderboardRoutes = declareRoutes({
  'GET /v1/benchmarks/{benchmark_id}/leaderboard': {
    access: 'viewer',
    agents: true,
    summary:
      'Ranked entries of the current (or ?version=) version: higher score first, ties to the earlier; ?sort=cost: cheapest first, no cost last (rank stays the score rank)',
    tags: ['leaderboard'],
    schemas: { path: BenchmarkPath, query: LeaderboardQuery, responses: { 200: 'Leaderboard' } },
    function: {
      name: 'leaderboardGet',
      entry: 'functions/http/leaderboard/get.ts',
      description: 'ranked entries',
      uses: [tableRead],
    },
  },
  'GET /v1/benchmarks/{benchmark_id}/leaderboard/tasks': {
    access: 'viewer',
    agents: true,
    summary:
      "Per-task leaderboard of the current (or ?version=) version: each task's score for each agent of a board page (limit agents in rank order), from its leaderboard submission",
    tags: ['leaderboard'],
    schemas: { path: BenchmarkPath, query: LeaderboardTasksQuery, responses: { 200: 'LeaderboardTasks' } },
    function: {
      name: 'leaderboardTasks',
      entry: 'functions/http/leaderboard/tasks.ts',
      description: 'per-task scores of the ranked agents',
      uses: [tableRead],
    },
  },
});
