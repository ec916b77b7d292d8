// The twin's contract check: a 2xx body is held to its route's response schema in /openapi.json.
import { describe, expect, it } from 'vitest';
import { documentResponseCheck, openApiResponseCheck } from '#infra/local/response-contract.ts';
import { wiring } from '#infra/wiring.ts';
import { declareRoutes, httpRouteOf } from '#shared/contract/routes.ts';
import { textResponse } from '#shared/contract/text-response.ts';
import { openApiDocument } from '#shared/http/openapi.ts';

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

describe('openApiResponseCheck on a text route (CSV, JSON Lines)', () => {
  const { 'GET /rows': rows } = declareRoutes({
    'GET /rows': {
      access: 'viewer',
      summary: 'rows',
      schemas: {
        responses: {
          200: textResponse({
            'text/csv': { description: 'rows', columns: ['id', 'n'] },
            'application/x-ndjson': { description: 'rows', lineSchema: 'SubmissionExportRow' },
          }),
        },
      },
      function: { name: 'rows', entry: 'rows.ts' },
    },
  });
  const textCheck = documentResponseCheck(openApiDocument({ ...wiring, http: { ...wiring.http, routes: [httpRouteOf(rows)] } }));
  const text = (value: string) => Buffer.from(value);
  // One JSON line of the export's line schema (SubmissionExportRow), with `fields` changed.
  const line = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      submission_id: 'sub_1',
      agent_id: 'agt_1',
      agent_name: null,
      version: 1,
      status: 'scored',
      score: 0.5,
      public_score: null,
      ci_low: null,
      ci_high: null,
      cost_usd: null,
      input_tokens: null,
      output_tokens: null,
      created_at: '2026-12-04T10:00:00.000Z',
      scored_at: null,
      ...fields,
    });

  it('passes a declared media type with its CSV header, or with JSON lines that keep the line schema', () => {
    expect(textCheck('GET /rows', 200, text('id,n\r\n"a,b",1\r\n'), 'text/csv; charset=utf-8')).toBeUndefined();
    expect(textCheck('GET /rows', 200, text(`${line()}\n${line({ score: null })}\n`), 'application/x-ndjson')).toBeUndefined();
    expect(textCheck('GET /rows', 200, text(''), 'application/x-ndjson')).toBeUndefined();
  });

  it('refuses another media type, another CSV header, a line that is not JSON or breaks the line schema', () => {
    expect(textCheck('GET /rows', 200, text('{"id":"a","n":1}'), 'application/json')).toMatch(/not one of text\/csv, application\/x-ndjson/);
    expect(textCheck('GET /rows', 200, text('id,n'), undefined)).toMatch(/no content type/);
    expect(textCheck('GET /rows', 200, text('n,id\r\n1,a\r\n'), 'text/csv')).toMatch(/CSV header "n,id"/);
    expect(textCheck('GET /rows', 200, text(`${line()}\nnope\n`), 'application/x-ndjson')).toMatch(/line 2 that is not JSON/);
    expect(textCheck('GET /rows', 200, text(`${line({ score: '1' })}\n`), 'application/x-ndjson')).toMatch(/line 1 its line schema refuses: \/score/);
    expect(textCheck('GET /rows', 200, text(`${line({ x: 2 })}\n`), 'application/x-ndjson')).toMatch(/\(x\)/);
  });
});
