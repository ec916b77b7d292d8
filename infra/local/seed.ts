// The demo seed `npm start` prints and writes to .scorecast/local.json: one tenant, a token for
// each role, an agent with its API key and a benchmark — made through the HTTP API itself, like a
// user would.
// With --persist the agent already exists: its key is rotated (keys are never stored in clear).
import type { Engines } from './engines.ts';
import type { LocalIssuer } from './issuer.ts';
import type { LocalJson } from './state.ts';

export const DEMO_TENANT = 'demo';
/** The demo users, one per role: tokens in local.json, one-click sign-in on the issuer's page. */
export const DEMO_ROLES = ['admin', 'maintainer', 'viewer'] as const;
export const DEMO_AGENT_NAME = 'demo-agent';
export const DEMO_BENCHMARK_NAME = 'demo-benchmark';

/** A small benchmark using several scorers, so the README's examples have something to score. */
const DEMO_TASKS = [
  { task_id: 'capital', input: 'Capital of France?', expected: 'Paris', scorer: { type: 'normalized_text' } },
  { task_id: 'pi', input: 'Pi to two decimals', expected: 3.14, scorer: { type: 'numeric', tolerance: 0.005 }, weight: 2 },
  { task_id: 'date', input: 'Any ISO date', expected: null, scorer: { type: 'regex', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { task_id: 'colours', input: 'Name red and blue', expected: null, scorer: { type: 'contains', values: ['red', 'blue'] } },
];

interface SeedInput {
  issuer: LocalIssuer;
  httpUrl: string;
  wsUrl: string;
  lambdaEndpoint: string;
  engines: Engines;
}

async function call(httpUrl: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'demo-seed' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Demo seed: ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, any>;
}

async function demoAgent(httpUrl: string, maintainer: string): Promise<{ agent_id: string; api_key: string }> {
  const { items } = await call(httpUrl, maintainer, 'GET', '/v1/agents?limit=200');
  const existing = (items as { agent_id: string; name: string; status: string }[]).find(
    (agent) => agent.name === DEMO_AGENT_NAME && agent.status === 'active',
  );
  const agent = existing
    ? await call(httpUrl, maintainer, 'POST', `/v1/agents/${existing.agent_id}/keys`, {})
    : await call(httpUrl, maintainer, 'POST', '/v1/agents', { name: DEMO_AGENT_NAME, description: 'Created by the local twin' });
  return { agent_id: agent.agent_id, api_key: agent.api_key };
}

async function demoBenchmark(httpUrl: string, maintainer: string): Promise<string> {
  const { items } = await call(httpUrl, maintainer, 'GET', '/v1/benchmarks?limit=200');
  const existing = (items as { benchmark_id: string; name: string; status: string }[]).find(
    (benchmark) => benchmark.name === DEMO_BENCHMARK_NAME && benchmark.status === 'active',
  );
  if (existing) return existing.benchmark_id;
  const created = await call(httpUrl, maintainer, 'POST', '/v1/benchmarks', {
    name: DEMO_BENCHMARK_NAME,
    description: 'Created by the local twin',
    tasks: DEMO_TASKS,
    daily_submission_limit: 100,
  });
  return created.benchmark_id;
}

export async function seedDemo(input: SeedInput): Promise<LocalJson> {
  const token = (role: 'admin' | 'maintainer' | 'viewer') => input.issuer.mint({ tenant: DEMO_TENANT, roles: [role], sub: `${DEMO_TENANT}-${role}` });
  const tokens = { admin: token('admin'), maintainer: token('maintainer'), viewer: token('viewer') };
  return {
    http_url: input.httpUrl,
    ws_url: input.wsUrl,
    dynamodb_endpoint: input.engines.dynamodbEndpoint,
    sqs_endpoint: input.engines.sqsEndpoint,
    issuer_url: input.issuer.issuer,
    lambda_endpoint: input.lambdaEndpoint,
    tenant_id: DEMO_TENANT,
    tokens,
    agent: await demoAgent(input.httpUrl, tokens.maintainer),
    benchmark_id: await demoBenchmark(input.httpUrl, tokens.maintainer),
  };
}
