// The benchmarks HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { BenchmarkPath } from '#shared/schemas/ids.ts';
import { CreateBenchmark, UpdateBenchmark } from '#shared/schemas/benchmarks.ts';
import { PageQuery } from '#shared/schemas/common.ts';

export const benchmarksRoutes = declareRoutes({
  'POST /v1/benchmarks': {
    access: 'maintainer',
    action: 'benchmark.create',
    summary: 'Defines a benchmark: tasks with scorers, leaderboard rule, daily submission limit',
    tags: ['benchmarks'],
    schemas: { body: CreateBenchmark, responses: { 201: 'Benchmark' } },
    function: {
      name: 'benchmarksCreate',
      entry: 'functions/http/benchmarks/create.ts',
      description: 'defines a benchmark',
      uses: [tableReadWrite],
    },
  },
  'GET /v1/benchmarks': {
    access: 'viewer',
    agents: true,
    summary: "Lists the tenant's benchmarks (without tasks)",
    tags: ['benchmarks'],
    schemas: { query: PageQuery, responses: { 200: 'BenchmarkPage' } },
    function: {
      name: 'benchmarksList',
      entry: 'functions/http/benchmarks/list.ts',
      description: "the tenant's benchmarks",
      uses: [tableRead],
    },
  },
  'GET /v1/benchmarks/{benchmark_id}': {
    access: 'viewer',
    agents: true,
    summary: 'Gets a benchmark with its current tasks (agents never see expected answers)',
    tags: ['benchmarks'],
    schemas: { path: BenchmarkPath, responses: { 200: 'Benchmark' } },
    function: {
      name: 'benchmarksGet',
      entry: 'functions/http/benchmarks/get.ts',
      description: 'a benchmark and its tasks',
      uses: [tableRead],
    },
  },
  'PATCH /v1/benchmarks/{benchmark_id}': {
    access: 'maintainer',
    action: 'benchmark.update',
    summary: 'Changes a benchmark; new tasks make a new version with its own leaderboard',
    tags: ['benchmarks'],
    schemas: { path: BenchmarkPath, body: UpdateBenchmark, responses: { 200: 'Benchmark' } },
    function: {
      name: 'benchmarksUpdate',
      entry: 'functions/http/benchmarks/update.ts',
      description: 'changes a benchmark (new version when tasks change)',
      uses: [tableReadWrite],
    },
  },
  'DELETE /v1/benchmarks/{benchmark_id}': {
    access: 'maintainer',
    action: 'benchmark.archive',
    summary: 'Archives a benchmark: no new submissions; everything stays readable',
    tags: ['benchmarks'],
    schemas: { path: BenchmarkPath, responses: { 204: null } },
    function: {
      name: 'benchmarksArchive',
      entry: 'functions/http/benchmarks/archive.ts',
      description: 'archives a benchmark',
      uses: [tableReadWrite],
    },
  },
  'POST /v1/benchmarks/{benchmark_id}/reveal': {
    access: 'maintainer',
    action: 'benchmark.reveal',
    summary:
      'Reveals the private tasks: everyone then sees score (agents still not private results) and the board ranks by score; again: 200, unchanged',
    tags: ['benchmarks'],
    schemas: { path: BenchmarkPath, responses: { 200: 'Benchmark' } },
    function: {
      name: 'benchmarksReveal',
      entry: 'functions/http/benchmarks/reveal.ts',
      description: 'reveals the private tasks (hidden test sets)',
      uses: [tableReadWrite, { queue: 'broadcast', send: true }],
    },
  },
  'GET /v1/benchmarks/{benchmark_id}/versions': {
    access: 'viewer',
    summary: 'Lists the versions of a benchmark',
    tags: ['benchmarks'],
    schemas: { path: BenchmarkPath, query: PageQuery, responses: { 200: 'BenchmarkVersionPage' } },
    function: {
      name: 'benchmarksVersions',
      entry: 'functions/http/benchmarks/versions.ts',
      description: 'its versions',
      uses: [tableRead],
    },
  },
});
