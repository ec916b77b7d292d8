// The submissions HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { BenchmarkPath, SubmissionPath } from '#shared/schemas/ids.ts';
import { CreateSubmission, SubmissionListQuery } from '#shared/schemas/submissions.ts';

export const submissionsRoutes = declareRoutes({
  'POST /v1/benchmarks/{benchmark_id}/submissions': {
    access: 'agent',
    action: 'submission.create',
    idempotent: true,
    summary: 'Submits answers (agents): 202 queued; Idempotency-Key honoured; daily quota per agent',
    tags: ['submissions'],
    schemas: { path: BenchmarkPath, body: CreateSubmission, responses: { 202: 'Submission' } },
    function: {
      name: 'submissionsCreate',
      entry: 'functions/http/submissions/create.ts',
      description: 'submits answers for scoring',
      uses: [tableReadWrite, { queue: 'scoring', send: true }],
    },
  },
  'GET /v1/benchmarks/{benchmark_id}/submissions': {
    access: 'viewer',
    agents: true,
    summary: 'Lists submissions, newest first (agents see their own)',
    tags: ['submissions'],
    schemas: { path: BenchmarkPath, query: SubmissionListQuery, responses: { 200: 'SubmissionPage' } },
    function: {
      name: 'submissionsList',
      entry: 'functions/http/submissions/list.ts',
      description: 'submissions, newest first',
      uses: [tableRead],
    },
  },
  'GET /v1/submissions/{submission_id}': {
    access: 'viewer',
    agents: true,
    summary: 'Gets a submission: status, transitions, score and per-task results (agents: their own)',
    tags: ['submissions'],
    schemas: { path: SubmissionPath, responses: { 200: 'Submission' } },
    function: {
      name: 'submissionsGet',
      entry: 'functions/http/submissions/get.ts',
      description: 'status, score and results',
      uses: [tableRead],
    },
  },
  'POST /v1/submissions/{submission_id}/cancel': {
    access: 'maintainer',
    agents: true,
    action: 'submission.cancel',
    summary: 'Cancels a queued submission (its agent or a maintainer)',
    tags: ['submissions'],
    schemas: { path: SubmissionPath, responses: { 200: 'Submission' } },
    function: {
      name: 'submissionsCancel',
      entry: 'functions/http/submissions/cancel.ts',
      description: 'cancels a queued submission',
      uses: [tableReadWrite],
    },
  },
  'POST /v1/submissions/{submission_id}/rescore': {
    access: 'maintainer',
    action: 'submission.rescore',
    summary: 'Scores a scored or failed submission again',
    tags: ['submissions'],
    schemas: { path: SubmissionPath, responses: { 200: 'Submission' } },
    function: {
      name: 'submissionsRescore',
      entry: 'functions/http/submissions/rescore.ts',
      description: 'scores a submission again',
      uses: [tableReadWrite, { queue: 'scoring', send: true }],
    },
  },
});
