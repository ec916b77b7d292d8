// A valid request body for every declared route that takes one. The tenancy test sends them with
// another tenant's credentials; a route added without a sample here fails that test on purpose.
export const sampleBodies: Record<string, unknown> = {
  'POST /v1/agents': { name: 'sample-agent' },
  'PATCH /v1/agents/{agent_id}': { name: 'renamed' },
  'POST /v1/agents/{agent_id}/keys': {},
  'PUT /v1/agents/{agent_id}/status': { status: 'online', group: 'support', location: 'paris' },
  'POST /v1/monitoring/status': { reports: [{ agent_id: 'agt_00000000000000000000000000', status: 'online', group: 'support', location: 'paris' }] },
  'POST /v1/benchmarks': {
    name: 'sample-benchmark',
    tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
  },
  'PATCH /v1/benchmarks/{benchmark_id}': { name: 'renamed' },
  'POST /v1/benchmarks/{benchmark_id}/submissions': { answers: [{ task_id: 't1', output: 'a' }] },
  'POST /v1/benchmarks/{benchmark_id}/baselines': { name: 'sample-baseline', score: 0.5 },
  'POST /v1/submissions/{submission_id}/traces': {
    spans: [{ span_id: 'root', name: 'solve', kind: 'agent', started_at: '2026-03-01T10:00:00Z', status: 'ok' }],
  },
  'POST /v1/submissions/{submission_id}/logs': { lines: [{ ts: '2026-03-01T10:00:00Z', level: 'info', message: 'started' }] },
  'POST /v1/integrations/events': { source: 'sample', event_type: 'sample_event', severity: 'info', message: 'sample' },
  // Subscribed to nothing the suite sends, so no delivery is attempted.
  'POST /v1/webhooks': { url: 'http://127.0.0.1:9/sample', event_types: ['sample.only'] },
  'PATCH /v1/webhooks/{webhook_id}': { description: 'renamed' },
  'POST /v1/webhooks/{webhook_id}/rotate-secret': {},
  'POST /v1/judges': { name: 'sample-judge', url: 'http://127.0.0.1:9/sample' },
  'PATCH /v1/judges/{judge_id}': { name: 'renamed' },
  'POST /v1/judges/{judge_id}/rotate-secret': {},
};

/** A valid query for every declared route whose query has required fields (the tenancy test sends them too). */
export const sampleQueries: Record<string, string> = {
  'GET /v1/benchmarks/{benchmark_id}/compare': '?a=agt_00000000000000000000000000&b=agt_00000000000000000000000001',
};
