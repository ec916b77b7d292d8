// The baselines HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { BaselinePath, BenchmarkPath } from '#shared/schemas/ids.ts';
import { BaselineListQuery, CreateBaseline } from '#shared/schemas/baselines.ts';

export const baselinesRoutes = declareRoutes({
  'POST /v1/benchmarks/{benchmark_id}/baselines': {
    access: 'maintainer',
    action: 'baseline.create',
    summary:
      "Places a baseline (name, score in [0, 1], cost_usd) on a version's leaderboard (default: the current one): shown at its score, without a rank; at most 50 per version",
    tags: ['leaderboard'],
    schemas: { path: BenchmarkPath, body: CreateBaseline, responses: { 201: 'Baseline' } },
    function: {
      name: 'baselinesCreate',
      entry: 'functions/http/baselines/create.ts',
      description: "places a baseline on a version's leaderboard and tells its leaderboard channel",
      uses: [tableReadWrite, { queue: 'broadcast', send: true }],
    },
  },
  'GET /v1/benchmarks/{benchmark_id}/baselines': {
    access: 'viewer',
    agents: true,
    summary: "The baselines of the current (or ?version=) version's leaderboard, oldest first",
    tags: ['leaderboard'],
    schemas: { path: BenchmarkPath, query: BaselineListQuery, responses: { 200: 'BaselineList' } },
    function: {
      name: 'baselinesList',
      entry: 'functions/http/baselines/list.ts',
      description: "a version's baselines",
      uses: [tableRead],
    },
  },
  'DELETE /v1/benchmarks/{benchmark_id}/baselines/{baseline_id}': {
    access: 'maintainer',
    action: 'baseline.delete',
    summary: 'Takes a baseline off its leaderboard',
    tags: ['leaderboard'],
    schemas: { path: BaselinePath, responses: { 204: null } },
    function: {
      name: 'baselinesDelete',
      entry: 'functions/http/baselines/delete.ts',
      description: 'takes a baseline off its leaderboard and tells its leaderboard channel',
      uses: [tableReadWrite, { queue: 'broadcast', send: true }],
    },
  },
});
