// A valid request body for every declared route that takes one. The tenancy test sends them with
// another tenant's credentials; a route added without a sample here fails that test on purpose.
export const sampleBodies: Record<string, unknown> = {
  'POST /v1/agents': { name: 'sample-agent' },
  'PATCH /v1/agents/{agent_id}': { name: 'renamed' },
  'POST /v1/agents/{agent_id}/keys': {},
  'POST /v1/benchmarks': {
    name: 'sample-benchmark',
    tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
  },
  'PATCH /v1/benchmarks/{benchmark_id}': { name: 'renamed' },
  'POST /v1/benchmarks/{benchmark_id}/submissions': { answers: [{ task_id: 't1', output: 'a' }] },
  'POST /v1/submissions/{submission_id}/traces': {
    spans: [{ span_id: 'root', name: 'solve', kind: 'agent', started_at: '2026-03-01T10:00:00Z', status: 'ok' }],
  },
  'POST /v1/submissions/{submission_id}/logs': { lines: [{ ts: '2026-03-01T10:00:00Z', level: 'info', message: 'started' }] },
};
