// The console in headless Chromium against one twin, as its users use it: sign in with one click as
// each demo role, watch the demo leaderboard take an agent's submission live, read a submission's
// results, trace and live log, watch the monitoring wall move, see only what the role may do, and
// read an API error's correlation id. Each test saves a screenshot under .scorecast/screenshots/ and
// checks the page with axe-core (no serious or critical violation). Every page runs under the twin's
// security headers (the cloud's, from infra/console-security-headers.ts): each check also finds no
// Content-Security-Policy violation reported on the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleConfigJson, twinConsoleHeaders } from '#infra/local/console-server.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';
import { launchBrowser, screenshot, seriousViolations } from '../support/browser.ts';

type Role = 'admin' | 'maintainer' | 'viewer';
const WAIT = { timeout: 45_000 };

let twin: Twin;
let browser: Browser;
const contexts: BrowserContext[] = [];
let consoleUrl = '';
let agentKey = '';
let agentId = '';
let benchmarkId = '';
let expectedCsp = '';
// The twin's state (its function bundles, ~80 MB), removed after the tests.
const stateDir = mkdtempSync(join(tmpdir(), 'scorecast-console-'));

async function api(method: string, path: string, credential: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${twin.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Records, in each page, every CSP violation the browser reports (the policy blocked something). */
const RECORD_CSP_VIOLATIONS = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
})();`;

/** A browser context whose pages record CSP violations (closed after the tests). */
async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  contexts.push(context);
  await context.addInitScript(RECORD_CSP_VIOLATIONS);
  return context;
}

/** A fresh tab that opens `path`, meets the sign-in page, and signs in as `role` on the issuer's page. */
async function signedIn(role: Role, path: string): Promise<Page> {
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(`${consoleUrl}${path}`);
  expect(response?.headers()['content-security-policy']).toBe(expectedCsp); // the page runs under the twin's policy
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: role, exact: true }).click();
  await page
    .getByTestId('role')
    .filter({ hasText: `demo · ${role}` })
    .waitFor(WAIT);
  expect(new URL(page.url()).pathname).toBe(path); // back where the user was going
  expect(page.url()).not.toContain('id_token'); // the token left the address bar
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.evaluate('window.__cspViolations')).toEqual([]);
}

async function submit(answers: { task_id: string; output: unknown }[]): Promise<string> {
  const response = await api('POST', `/v1/benchmarks/${benchmarkId}/submissions`, agentKey, { answers });
  expect(response.status, JSON.stringify(response.json)).toBe(202);
  return response.json.submission_id;
}

beforeAll(async () => {
  twin = await startTwin({ stateDir, consolePort: 0, onLog: () => undefined });
  consoleUrl = twin.console!.url;
  agentKey = twin.local.agent!.api_key;
  agentId = twin.local.agent!.agent_id;
  benchmarkId = twin.local.benchmark_id;
  browser = await launchBrowser();
  const config = (await (await fetch(`${consoleUrl}/config.json`)).json()) as ConsoleConfigJson;
  expectedCsp = twinConsoleHeaders(config)['Content-Security-Policy']!;
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await twin?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the console in a browser', { timeout: 120_000 }, () => {
  it('serves config.json with the twin’s URLs and writes console_url without a trailing slash', async () => {
    expect(twin.local.console_url).toBe(consoleUrl);
    expect(consoleUrl).not.toMatch(/\/$/);
    const config = (await (await fetch(`${consoleUrl}/config.json`)).json()) as ConsoleConfigJson;
    expect(config).toMatchObject({ api_url: twin.httpUrl, websocket_url: twin.wsUrl, allow_fragment_token: true });
    // The policy the pages below run under names the API, the WebSocket API and the issuer that config.json points at.
    const connect = /connect-src ([^;]*)/.exec(expectedCsp)![1]!.split(' ');
    for (const url of [config.api_url, config.websocket_url, config.cognito_domain!]) expect(connect, url).toContain(new URL(url).origin);
  });

  let submissionId = '';

  it("a viewer watches the demo leaderboard take an agent's submission without a reload", async () => {
    const page = await signedIn('viewer', `/benchmarks/${benchmarkId}`);
    await page.getByRole('heading', { name: 'demo-benchmark' }).waitFor(WAIT);
    await page.getByText('No scored submissions yet.').waitFor(WAIT);
    await page.getByTestId('socket-status').filter({ hasText: 'live' }).waitFor(WAIT);
    await page.evaluate(() => {
      (globalThis as unknown as { marker: string }).marker = 'same page';
    });
    submissionId = await submit([
      { task_id: 'capital', output: ' paris' },
      { task_id: 'pi', output: '3.14159' },
      { task_id: 'date', output: '2026-12-04' },
    ]);
    const row = page.locator(`[data-testid="leaderboard"] tr[data-agent="${agentId}"]`);
    await row.waitFor(WAIT);
    await expect.poll(() => row.textContent(), WAIT).toContain('0.800');
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe('same page'); // no reload
    await page.getByRole('link', { name: submissionId }).nth(1).waitFor(WAIT); // the submissions list read it again
    await expectAccessible(page);
    await screenshot(page, 'leaderboard');
  });

  it('a submission page shows per-task results, the span tree and log lines arriving live', async () => {
    const page = await signedIn('maintainer', `/submissions/${submissionId}`);
    await page.getByTestId('results').waitFor(WAIT);
    expect(await page.getByTestId('results').textContent()).toContain('colours');
    await page.getByTestId('socket-status').filter({ hasText: 'live' }).waitFor(WAIT);
    await page.getByText('No spans recorded.').waitFor(WAIT);
    const t = (ms: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, 0, ms)).toISOString();
    const spans = await api('POST', `/v1/submissions/${submissionId}/traces`, agentKey, {
      spans: [
        { span_id: 'root', name: 'solve the benchmark', kind: 'agent', status: 'ok', started_at: t(0), ended_at: t(2500) },
        { span_id: 'plan', parent_span_id: 'root', name: 'plan', kind: 'chain', status: 'ok', started_at: t(20), ended_at: t(300) },
        {
          span_id: 'llm',
          parent_span_id: 'root',
          name: 'ask the model',
          kind: 'llm',
          status: 'ok',
          started_at: t(300),
          ended_at: t(2000),
          input_tokens: 120,
          output_tokens: 14,
          cost_usd: 0.0004,
        },
        { span_id: 'search', parent_span_id: 'llm', name: 'search the web', kind: 'tool', status: 'error', started_at: t(600), ended_at: t(1400) },
      ],
    });
    expect(spans.status).toBe(200);
    const lines = await api('POST', `/v1/submissions/${submissionId}/logs`, agentKey, {
      lines: [
        { ts: t(50), level: 'info', message: 'starting on 4 tasks' },
        { ts: t(1400), level: 'warn', message: 'search timed out, retrying once' },
        { ts: t(2400), level: 'info', message: 'answers submitted' },
      ],
    });
    expect(lines.status).toBe(200);
    await page.getByTestId('log').getByText('answers submitted').waitFor(WAIT);
    await page.getByTestId('waterfall').getByText('search the web').waitFor(WAIT);
    expect(await page.getByText('120 input tokens').count()).toBe(1);
    expect(await page.getByRole('alert').allTextContents()).toEqual([]); // every read of the page succeeded
    await expectAccessible(page);
    await screenshot(page, 'submission-trace');
  });

  it("shows the board from the API's first page before whoami answers and before the socket's snapshot", async () => {
    const context = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // whoami held until released, and a socket that opens but never answers the subscribe: the page must not wait for either.
    let releaseWhoami: () => void = () => undefined;
    const whoamiHeld = new Promise<void>((resolve) => (releaseWhoami = resolve));
    await page.route('**/v1/whoami', async (route) => {
      await whoamiHeld;
      await route.continue();
    });
    const subscribes: string[] = [];
    await page.routeWebSocket(/.*/, (ws) => ws.onMessage((message) => subscribes.push(String(message))));
    await page.goto(`${consoleUrl}/benchmarks/${benchmarkId}#id_token=${twin.local.tokens.viewer}`);
    await page.locator(`[data-testid="leaderboard"] tr[data-agent="${agentId}"]`).waitFor(WAIT);
    await page.getByRole('heading', { name: 'demo-benchmark' }).waitFor(WAIT);
    expect(await page.getByTestId('role').textContent()).toBe('…'); // whoami still held
    expect(subscribes.some((frame) => frame.includes(`"leaderboard:${benchmarkId}"`))).toBe(true); // subscribed meanwhile
    expect(await page.getByText(/^live · version/).count()).toBe(0); // not live: no snapshot yet
    releaseWhoami();
    await page.getByTestId('role').filter({ hasText: 'demo · viewer' }).waitFor(WAIT);
    await expectAccessible(page);
    // The policy is enforced, and a violation would be seen: a request to an origin it does not name is blocked and recorded.
    await page.evaluate("fetch('http://127.0.0.1:9/elsewhere').catch(() => undefined)");
    await expect.poll(() => page.evaluate('window.__cspViolations'), WAIT).toEqual(['connect-src http://127.0.0.1:9/elsewhere']);
  });

  it('the monitoring wall counts change as statuses are reported', async () => {
    const page = await signedIn('viewer', '/monitoring');
    await page.getByTestId('socket-status').filter({ hasText: 'live' }).waitFor(WAIT);
    const report = (status: string) => api('PUT', `/v1/agents/${agentId}/status`, agentKey, { status, group: 'support', location: 'paris' });
    expect((await report('busy')).status).toBe(200);
    const busy = page.locator('tr[data-row="paris/support"] td[data-status="busy"]');
    await expect.poll(() => busy.textContent(), WAIT).toBe('1');
    expect((await report('idle')).status).toBe(200);
    await expect.poll(() => page.locator('tr[data-row="paris/support"] td[data-status="idle"]').textContent(), WAIT).toBe('1');
    expect(await busy.textContent()).toBe('0');
    await expectAccessible(page);
    await screenshot(page, 'monitoring');
  });

  it('a viewer sees no register, rotate or revoke buttons; a maintainer does', async () => {
    const viewer = await signedIn('viewer', '/agents');
    await viewer.getByText('demo-agent').waitFor(WAIT);
    expect(await viewer.getByRole('button', { name: /Register|Rotate|Revoke/ }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Operations' }).count()).toBe(0);
    await expectAccessible(viewer);
    await screenshot(viewer, 'agents-viewer');

    const maintainer = await signedIn('maintainer', '/agents');
    await maintainer.getByText('demo-agent').waitFor(WAIT);
    expect(await maintainer.getByRole('button', { name: 'Revoke' }).count()).toBeGreaterThan(0);
    await maintainer.getByLabel('Name').fill('console-agent');
    await maintainer.getByRole('button', { name: 'Register agent' }).click();
    const secret = maintainer.getByTestId('secret');
    await secret.waitFor(WAIT);
    expect(await secret.textContent()).toMatch(/^sck_/);
    expect(await maintainer.getByText('it is shown this once').count()).toBe(1);
    await expectAccessible(maintainer);
    await screenshot(maintainer, 'agents-maintainer');
  });

  it("a maintainer defines a benchmark, with the API's validation problems beside the fields", async () => {
    const page = await signedIn('maintainer', '/benchmarks');
    await page.getByRole('button', { name: 'New benchmark' }).click();
    await page.getByLabel('Name').fill('console-made');
    const bad = [{ task_id: 'x', input: 'q', expected: 'a', scorer: { type: 'regex', pattern: '(a)\\1' } }];
    await page.getByLabel('Tasks (JSON)').fill(JSON.stringify(bad));
    await page.getByRole('button', { name: 'Create benchmark' }).click();
    const problem = page.locator('#tasks-problems');
    await problem.waitFor(WAIT);
    expect(await problem.textContent()).toMatch(/^0\.scorer: /);
    expect(await page.getByTestId('correlation-id').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'benchmark-form-errors');
    await page.getByLabel('Tasks (JSON)').fill(JSON.stringify([{ ...bad[0], scorer: { type: 'exact' } }]));
    await page.getByRole('button', { name: 'Create benchmark' }).click();
    await page.getByRole('heading', { name: 'console-made' }).waitFor(WAIT);
    expect(new URL(page.url()).pathname).toMatch(/^\/benchmarks\/bm_/);
  });

  it('an API error is shown with its message and correlation id', async () => {
    const page = await signedIn('viewer', `/benchmarks/${benchmarkId}`);
    await page.getByLabel('Agent').fill('not-an-agent-id');
    await page.getByLabel('Agent').press('Tab'); // the filter applies when the field is left
    const alert = page.getByRole('alert').filter({ hasText: 'correlation id' });
    await alert.waitFor(WAIT);
    expect(await alert.textContent()).toMatch(/\(400\)/);
    expect((await page.getByTestId('correlation-id').textContent())?.length).toBeGreaterThan(8);
    await expectAccessible(page);
    await screenshot(page, 'api-error');
  });

  it('an admin opens operations, integrations and the API reference', async () => {
    const page = await signedIn('admin', '/operations');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor(WAIT);
    await page.getByText('agent.create').first().waitFor(WAIT); // the maintainer's registration above
    await page.getByText('No dead letters in scoring.').waitFor(WAIT);
    await expectAccessible(page);
    await screenshot(page, 'operations');

    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor(WAIT);
    await page.getByText('submission.scored').first().waitFor(WAIT);
    await expectAccessible(page);
    await screenshot(page, 'integrations');

    await page.getByRole('link', { name: 'API', exact: true }).click();
    await page.getByText('/v1/benchmarks/{benchmark_id}/leaderboard').first().waitFor(WAIT);
    await expectAccessible(page);
    await screenshot(page, 'api-reference');

    await page.getByRole('link', { name: 'Benchmarks' }).click();
    await page.getByRole('link', { name: 'demo-benchmark' }).waitFor(WAIT);
    await expectAccessible(page);
    await screenshot(page, 'benchmarks');
  });

  it('an expired token leads to the sign-in page, and signing out clears the session', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const expired = twin.issuer.mint({ tenant: 'demo', roles: ['viewer'], ttlSeconds: 1 });
    await page.goto(`${consoleUrl}/agents#id_token=${expired}`);
    await page.getByText('Your session has expired').waitFor(WAIT);
    await page.getByRole('button', { name: 'Sign in' }).waitFor(WAIT);
    await expectAccessible(page);
    await screenshot(page, 'sign-in-expired');

    const fresh = twin.issuer.mint({ tenant: 'demo', roles: ['viewer'] });
    await page.goto(`${consoleUrl}/agents#id_token=${fresh}`);
    await page.getByTestId('role').waitFor(WAIT);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor(WAIT);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor(WAIT); // nothing kept for the tab
  });
});
