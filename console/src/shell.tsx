// The signed-in console: the navigation (what the role may see), the socket's state and the page.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from './app.ts';
import { atLeast } from './auth/token.ts';
import type { SocketStatus } from './realtime/socket.ts';
import { usePath } from './router.ts';
import { matchRoute } from './routes.ts';
import { Link } from './ui/parts.tsx';
import { AgentsPage } from './pages/agents.tsx';
import { ApiPage } from './pages/api-reference.tsx';
import { BenchmarkPage } from './pages/benchmark.tsx';
import { BenchmarksPage } from './pages/benchmarks.tsx';
import { IntegrationsPage } from './pages/integrations.tsx';
import { MonitoringPage } from './pages/monitoring.tsx';
import { OperationsPage } from './pages/operations.tsx';
import { SubmissionPage } from './pages/submission.tsx';

export function Shell() {
  const { whoami, role, realtime, signOut } = useApp();
  const path = usePath();
  const route = matchRoute(path);
  const [status, setStatus] = useState<SocketStatus>(realtime.status);
  useEffect(() => realtime.onStatus(setStatus), [realtime]);
  const nav: [string, string, boolean][] = [
    ['/benchmarks', 'Benchmarks', true],
    ['/agents', 'Agents', true],
    ['/monitoring', 'Monitoring', true],
    ['/integrations', 'Integrations', true],
    ['/operations', 'Operations', atLeast(role, 'admin')],
    ['/api', 'API', true],
  ];
  return (
    <>
      <header>
        <nav aria-label="Main">
          <strong class="brand">Scorecast</strong>
          {nav
            .filter(([, , shown]) => shown)
            .map(([href, label]) => (
              <Link key={href} href={href} class={path.startsWith(href) || (href === '/benchmarks' && path === '/') ? 'active' : undefined}>
                {label}
              </Link>
            ))}
        </nav>
        <div class="who">
          <span class={status === 'idle' ? undefined : `socket socket-${status}`} role="status" data-testid="socket-status">
            {status === 'open' ? 'live' : status === 'idle' ? '' : status}
          </span>
          <span data-testid="role">{whoami ? `${whoami.tenant_id} · ${role ?? 'no role'}` : '…'}</span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        {route.page === 'benchmarks' ? <BenchmarksPage /> : null}
        {route.page === 'benchmark' ? <BenchmarkPage id={route.id} /> : null}
        {route.page === 'submission' ? <SubmissionPage id={route.id} /> : null}
        {route.page === 'agents' ? <AgentsPage /> : null}
        {route.page === 'monitoring' ? <MonitoringPage /> : null}
        {route.page === 'integrations' ? <IntegrationsPage /> : null}
        {route.page === 'operations' ? <OperationsPage /> : null}
        {route.page === 'api' ? <ApiPage /> : null}
        {route.page === 'not-found' ? (
          <p>
            Nothing at <code>{route.path}</code>. <Link href="/benchmarks">Benchmarks</Link>
          </p>
        ) : null}
      </main>
    </>
  );
}
