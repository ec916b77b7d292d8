// The demo seed `npm start` prints and writes to .scorecast/local.json: one tenant and a token
// for each role. (Agents and benchmarks join the seed as their APIs land.)
import type { Engines } from './engines.ts';
import type { LocalIssuer } from './issuer.ts';
import type { LocalJson } from './state.ts';

export const DEMO_TENANT = 'demo';

export async function seedDemo(input: {
  issuer: LocalIssuer;
  httpUrl: string;
  wsUrl: string;
  lambdaEndpoint: string;
  engines: Engines;
}): Promise<LocalJson> {
  const token = (role: 'admin' | 'maintainer' | 'viewer') =>
    input.issuer.mint({ tenant: DEMO_TENANT, roles: [role], sub: `${DEMO_TENANT}-${role}` });
  return {
    http_url: input.httpUrl,
    ws_url: input.wsUrl,
    dynamodb_endpoint: input.engines.dynamodbEndpoint,
    sqs_endpoint: input.engines.sqsEndpoint,
    issuer_url: input.issuer.issuer,
    lambda_endpoint: input.lambdaEndpoint,
    tenant_id: DEMO_TENANT,
    tokens: { admin: token('admin'), maintainer: token('maintainer'), viewer: token('viewer') },
    agent: null,
    benchmark_id: null,
  };
}
