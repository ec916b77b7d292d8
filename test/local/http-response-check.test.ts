// The twin's HTTP gateway with the contract check on: a declared route answering a field its
// response schema in /openapi.json does not declare reaches the client as a 500
// response_contract_violation naming the field; without the check the same body passes through.
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpGateway, startHttpGateway } from '#infra/local/http-gateway.ts';
import type { Invoker } from '#infra/local/invoker.ts';
import { openApiResponseCheck, type ResponseCheck } from '#infra/local/response-contract.ts';
import { wiring } from '#infra/wiring.ts';

const agent = {
  agent_id: 'agt_00000000000000000000000000',
  name: 'Solver',
  description: null,
  status: 'active',
  key_hint: 'sk_…abcd',
  created_at: '2026-12-04T10:00:00.000Z',
  updated_at: '2026-12-04T10:00:00.000Z',
  created_by: 'u',
  revoked_at: null,
};

/** A function host in this process: the authorizer allows, GET /v1/agents/{agent_id} answers the agent plus `extra`. */
const fakeInvoker = (extra: Record<string, unknown>): Invoker => ({
  async invoke(fn) {
    if (fn === 'authorizer') return { isAuthorized: true, context: { authenticated: true, tenant_id: 't1' } };
    if (fn === 'agentsGet') return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...agent, ...extra }) };
    throw new Error(`no fake for ${fn}`);
  },
});

let gateway: HttpGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function getAgent(extra: Record<string, unknown>, responseCheck?: ResponseCheck) {
  gateway = await startHttpGateway({ wiring, invoker: fakeInvoker(extra), corsOrigins: [], ...(responseCheck ? { responseCheck } : {}) });
  const res = await fetch(`${gateway.url}/v1/agents/${agent.agent_id}`, { headers: { authorization: 'Bearer anything' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

describe('the HTTP gateway holding answers to /openapi.json', () => {
  it('turns a body with an undeclared field into a 500 response_contract_violation naming it', async () => {
    const res = await getAgent({ answer_count: 3 }, openApiResponseCheck(wiring));
    expect(res.status).toBe(500);
    expect(res.body.error?.code).toBe('response_contract_violation');
    expect(res.body.error?.message).toMatch(/GET \/v1\/agents\/\{agent_id\} answered 200 .*answer_count/);
  });

  it('passes a body that keeps the schema', async () => {
    const res = await getAgent({}, openApiResponseCheck(wiring));
    expect(res).toEqual({ status: 200, body: agent });
  });

  it('passes the same undeclared field through when no check is configured', async () => {
    const res = await getAgent({ answer_count: 3 });
    expect(res).toEqual({ status: 200, body: { ...agent, answer_count: 3 } });
  });
});
