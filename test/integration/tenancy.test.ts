// Tenants never see each other's data: every route in the declaration, called with a second
// tenant's credentials against the first tenant's resources, answers 404 (or 403) — so a route
// added later without tenant scoping fails this suite.
import { beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { routeKey } from '#infra/wiring-env.ts';
import type { HttpRouteDecl } from '#infra/wiring-types.ts';
import { tenantTwin } from '../support/tenant-twin.ts';
import { sampleBodies, sampleQueries } from './route-samples.ts';

// This process's twin, shared with the other tenant files (test/support/tenant-twin.ts); tenants alpha and beta are this file's.
const on = tenantTwin('alpha');
/** Path parameter → an id of tenant alpha's resource of that kind. */
const alphaIds: Record<string, string> = {};
/** Path parameters that name no tenant's resource (a declared queue): such routes act on the caller's own tenant. */
const sharedParams: Record<string, string> = { queue: 'scoring' };
let betaAgentKey = '';

beforeAll(async () => {
  const post = async (credential: string, path: string, body: unknown) => {
    const res = await fetch(`${on.twin.httpUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as Record<string, string>;
  };
  const maintainer = (tenant: string) => on.twin.issuer.mint({ tenant, roles: ['maintainer'] });
  const alphaAgent = await post(maintainer('alpha'), '/v1/agents', { name: 'alpha-agent' });
  alphaIds.agent_id = alphaAgent.agent_id!;
  alphaIds.benchmark_id = (
    await post(maintainer('alpha'), '/v1/benchmarks', {
      name: 'alpha-benchmark',
      tasks: [{ task_id: 't1', input: 'q', expected: 'a', scorer: { type: 'exact' } }],
    })
  ).benchmark_id!;
  alphaIds.submission_id = (
    await post(alphaAgent.api_key!, `/v1/benchmarks/${alphaIds.benchmark_id}/submissions`, { answers: [{ task_id: 't1', output: 'a' }] })
  ).submission_id!;
  alphaIds.baseline_id = (
    await post(maintainer('alpha'), `/v1/benchmarks/${alphaIds.benchmark_id}/baselines`, { name: 'alpha-baseline', score: 0.5 })
  ).baseline_id!;
  alphaIds.webhook_id = (await post(maintainer('alpha'), '/v1/webhooks', { url: 'http://127.0.0.1:9/alpha', event_types: ['tenancy.none'] }))
    .webhook_id!;
  alphaIds.judge_id = (await post(maintainer('alpha'), '/v1/judges', { name: 'alpha-judge', url: 'http://127.0.0.1:9/alpha' })).judge_id!;
  alphaIds.event_id = (
    await post(maintainer('alpha'), '/v1/integrations/events', { source: 'alpha', event_type: 'alpha_event', severity: 'info', message: 'alpha' })
  ).event_id!;
  betaAgentKey = (await post(maintainer('beta'), '/v1/agents', { name: 'beta-agent' })).api_key!;
});

const protectedRoutes: readonly HttpRouteDecl[] = wiring.http.routes.filter((route) => route.access !== 'public');

describe.each([
  ['beta admin', () => on.twin.issuer.mint({ tenant: 'beta', roles: ['admin'] })],
  ['beta agent', () => betaAgentKey],
])('%s against tenant alpha', (_label, credential) => {
  it.each(protectedRoutes.map((route) => [routeKey(route), route] as const))('%s', async (key, route) => {
    const params = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
    const scoped = params.filter((param) => !(param in sharedParams));
    for (const param of scoped) expect(alphaIds, `give the tenancy test a tenant-alpha resource for {${param}}`).toHaveProperty(param);
    const hasBody = Boolean(route.schemas?.body);
    if (hasBody) expect(sampleBodies, `add a sample body for ${key} to route-samples.ts`).toHaveProperty(key);

    const path = route.path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => encodeURIComponent(alphaIds[name] ?? sharedParams[name]!));
    const res = await fetch(`${on.twin.httpUrl}${path}${sampleQueries[key] ?? ''}`, {
      method: route.method,
      headers: { authorization: `Bearer ${credential()}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body: hasBody ? JSON.stringify(sampleBodies[key]) : undefined,
    });
    const text = await res.text();
    if (scoped.length > 0) expect([403, 404], `${key} answered ${res.status}: ${text}`).toContain(res.status);
    else expect(res.status, text).toBeLessThan(500);
    // Ids may echo back (beta's own audit log names the paths beta tried); alpha's data may not.
    for (const marker of ['alpha-agent', 'alpha-benchmark', 'alpha-baseline', '"tenant_id":"alpha"'])
      expect(text, `${key} leaked tenant alpha's data`).not.toContain(marker);
  });
});
