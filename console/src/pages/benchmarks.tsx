// The tenant's benchmarks.
import { useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { atLeast } from '../auth/token.ts';
import { BenchmarkForm } from './benchmark-form.tsx';
import { ErrorBox, Link, Loading, Section, time } from '../ui/parts.tsx';
import { useLoad } from '../ui/hooks.ts';

interface BenchmarkSummary {
  benchmark_id: string;
  name: string;
  description?: string | null;
  status: string;
  version: number;
  leaderboard_rule: string;
  created_at: string;
}

export function BenchmarksPage() {
  const { api, role } = useApp();
  const list = useLoad(() => api.get<{ items: BenchmarkSummary[] }>('/v1/benchmarks?limit=200'), []);
  const [creating, setCreating] = useState(false);
  return (
    <Section
      title="Benchmarks"
      actions={
        atLeast(role, 'maintainer') && !creating ? (
          <button type="button" onClick={() => setCreating(true)}>
            New benchmark
          </button>
        ) : null
      }
    >
      {creating ? <BenchmarkForm onDone={() => setCreating(false)} /> : null}
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading what="benchmarks" /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p class="muted">No benchmarks yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Version</th>
                <th scope="col">Rule</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((b) => (
                <tr key={b.benchmark_id}>
                  <td>
                    <Link href={`/benchmarks/${b.benchmark_id}`}>{b.name}</Link>
                    {b.description ? <div class="muted small">{b.description}</div> : null}
                  </td>
                  <td>{b.status}</td>
                  <td>{b.version}</td>
                  <td>{b.leaderboard_rule}</td>
                  <td>{time(b.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </Section>
  );
}
