// The comparison HTTP route: one declaration (who may call, schemas, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead } from '#shared/contract/uses.ts';
import { BenchmarkPath } from '#shared/schemas/ids.ts';
import { CompareQuery } from '#shared/schemas/comparison.ts';

export const comparisonRoutes = declareRoutes({
  'GET /v1/benchmarks/{benchmark_id}/compare': {
    access: 'viewer',
    agents: true,
    summary:
      'Compares two agents’ leaderboard entries on their shared tasks: weighted mean difference a − b, paired-bootstrap 95% interval, sign-flip permutation p-value',
    tags: ['leaderboard'],
    schemas: { path: BenchmarkPath, query: CompareQuery, responses: { 200: 'Comparison' } },
    function: {
      name: 'comparisonGet',
      entry: 'functions/http/comparison/compare.ts',
      description: 'paired comparison of two agents',
      uses: [tableRead],
    },
  },
});
