// One twin for an integration test file, and the calls the evaluation tests make as one tenant:
// its users' tokens, the API, a new agent, and waiting for a submission to be scored.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { wiring } from '#infra/wiring.ts';
import { callApi, until } from './twin-api.ts';

/** Starts a twin before the file's tests and stops it after them; `twin` is set once started. */
export function tenantTwin(tenant: string) {
  let started: Twin | undefined;
  beforeAll(async () => {
    started = await startTwin({ wiring, stateDir: mkdtempSync(join(tmpdir(), `scorecast-${tenant}-`)), onLog: () => undefined });
  });
  afterAll(() => started?.stop());
  const on = {
    get twin(): Twin {
      if (!started) throw new Error('the twin is not started yet (use it inside a test or hook)');
      return started;
    },
    token: (role: string) => on.twin.issuer.mint({ tenant, roles: [role], sub: `${tenant}-${role}` }),
    api: (method: string, path: string, credential: string, body?: unknown) => callApi(on.twin.httpUrl, method, path, credential, body),
    newAgent: async (name: string) =>
      (await on.api('POST', '/v1/agents', on.token('maintainer'), { name })).json as { agent_id: string; api_key: string },
    /** The submission once scored with at least `transitions` transitions, as `reader` reads it. */
    scoredAfter: (id: string, transitions: number, reader = 'viewer') =>
      until(async () => {
        const { json } = await on.api('GET', `/v1/submissions/${id}`, on.token(reader));
        return json.status === 'scored' && json.transitions.length >= transitions ? json : undefined;
      }, `submission ${id} scored`),
  };
  return on;
}
