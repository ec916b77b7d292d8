// The console's deep links and the page each names. Pure.

export type Route =
  | { page: 'benchmarks' }
  | { page: 'benchmark'; id: string }
  | { page: 'submission'; id: string }
  | { page: 'agents' }
  | { page: 'monitoring' }
  | { page: 'integrations' }
  | { page: 'operations' }
  | { page: 'api' }
  | { page: 'not-found'; path: string };

/** The page a path names. Pure. */
export function matchRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/' || clean === '/benchmarks') return { page: 'benchmarks' };
  const benchmark = /^\/benchmarks\/([^/]+)$/.exec(clean);
  if (benchmark) return { page: 'benchmark', id: decodeURIComponent(benchmark[1]!) };
  const submission = /^\/submissions\/([^/]+)$/.exec(clean);
  if (submission) return { page: 'submission', id: decodeURIComponent(submission[1]!) };
  for (const page of ['agents', 'monitoring', 'integrations', 'operations', 'api'] as const) if (clean === `/${page}`) return { page };
  return { page: 'not-found', path };
}
