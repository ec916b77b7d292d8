// The twin's contract check: a 2xx body is held to its route's response schema in /openapi.json.
import { describe, expect, it } from 'vitest';
import { openApiResponseCheck } from '#infra/local/response-contract.ts';
import { wiring } from '#infra/wiring.ts';

const check = openApiResponseCheck(wiring);
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const agent = {
  agent_id: 'agt_1',
  name: 'Solver',
  description: null,
  status: 'active',
  key_hint: 'sk_…abcd',
  created_at: '2026-12-04T10:00:00.000Z',
  updated_at: '2026-12-04T10:00:00.000Z',
  created_by: 'u',
  revoked_at: null,
};

describe('openApiResponseCheck', () => {
  it('passes a body that keeps the published schema', () => {
    expect(check('GET /v1/agents/{agent_id}', 200, body(agent))).toBeUndefined();
    expect(check('GET /v1/agents', 200, body({ items: [agent], next_cursor: null }))).toBeUndefined();
  });

  it('names a field the schema does not declare, and a field of the wrong type', () => {
    expect(check('GET /v1/agents/{agent_id}', 200, body({ ...agent, answer_count: 3 }))).toMatch(/refuses: .*answer_count/);
    expect(check('GET /v1/agents', 200, body({ items: [{ ...agent, status: 'paused' }], next_cursor: null }))).toMatch(/\/items\/0\/status/);
  });

  it('refuses a 2xx status the route does not declare, and a body that is not JSON', () => {
    expect(check('POST /v1/agents', 200, body(agent))).toMatch(/does not list/);
    expect(check('GET /v1/agents/{agent_id}', 200, Buffer.from('<html>'))).toMatch(/not JSON/);
  });

  it('leaves errors, bodiless answers and routes outside the declaration alone', () => {
    expect(check('GET /v1/agents/{agent_id}', 404, body({ anything: true }))).toBeUndefined();
    expect(check('DELETE /v1/agents/{agent_id}', 204, Buffer.alloc(0))).toBeUndefined();
    expect(check('GET /fixture-only', 200, body({ x: 1 }))).toBeUndefined();
  });
});
