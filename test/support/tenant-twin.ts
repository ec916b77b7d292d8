// One twin per test process for the integration files that each work as their own tenant, and the
// calls those tests make as one tenant: its users' tokens, the API, a new agent, and waiting for a
// submission to be scored. Their files run in the `shared-twin` vitest project (isolate: false), so
// a worker process starts one twin for the first of them and the next ones reuse it: each file's
// tenant keeps its data apart. The twin stops once no file has used it for a moment (the next file
// of the same process begins at once), or with the process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { wiring } from '#infra/wiring.ts';
import { callApi, until } from './twin-api.ts';

interface SharedTwin {
  twin: Promise<Twin>;
  users: number;
  idleStop?: NodeJS.Timeout;
}
const holder = globalThis as { scorecastTenantTwin?: SharedTwin };
/** How long an unused twin waits for the process's next file before it stops. */
const IDLE_STOP_MS = 2_000;

async function acquire(): Promise<Twin> {
  holder.scorecastTenantTwin ??= {
    twin: startTwin({ wiring, stateDir: mkdtempSync(join(tmpdir(), 'scorecast-tenants-')), onLog: () => undefined }),
    users: 0,
  };
  const shared = holder.scorecastTenantTwin;
  clearTimeout(shared.idleStop);
  shared.users++;
  try {
    return await shared.twin;
  } catch (error) {
    if (holder.scorecastTenantTwin === shared) holder.scorecastTenantTwin = undefined;
    throw error;
  }
}

function release(): void {
  const shared = holder.scorecastTenantTwin;
  if (!shared || --shared.users > 0) return;
  shared.idleStop = setTimeout(() => {
    if (holder.scorecastTenantTwin !== shared || shared.users > 0) return;
    holder.scorecastTenantTwin = undefined;
    void shared.twin.then((twin) => twin.stop()).catch(() => undefined);
  }, IDLE_STOP_MS);
  shared.idleStop.unref();
}

/** The twin shared by this process's tenant files, started if needed before the file's tests; `twin` is set once started. */
export function tenantTwin(tenant: string) {
  let started: Twin | undefined;
  beforeAll(async () => {
    started = await acquire();
  });
  afterAll(() => {
    if (started) release();
  });
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
