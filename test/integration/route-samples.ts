// A valid request body for every declared route that takes one. The tenancy test sends them with
// another tenant's credentials; a route added without a sample here fails that test on purpose.
export const sampleBodies: Record<string, unknown> = {
  'POST /v1/agents': { name: 'sample-agent' },
  'PATCH /v1/agents/{agent_id}': { name: 'renamed' },
  'POST /v1/agents/{agent_id}/keys': {},
};
