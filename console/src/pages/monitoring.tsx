// The monitoring wall: counts by location × group × status from the `monitoring` channel, in place.
import { useState } from 'preact/hooks';
import { useChannel } from '../realtime/use-channel.ts';
import { ErrorBox, Loading, Section, time } from '../ui/parts.tsx';
import { type ByLocation, STATUSES, wallRows } from '../views/monitoring.ts';

export function MonitoringPage() {
  const [summary, setSummary] = useState<{ as_of?: string; by_location: ByLocation } | null>(null);
  const [location, setLocation] = useState('');
  const [group, setGroup] = useState('');
  const error = useChannel('monitoring', (applied) => {
    const data = applied.data as { as_of?: string; by_location?: ByLocation };
    if (data.by_location) setSummary({ as_of: data.as_of, by_location: data.by_location });
  });
  const rows = summary ? wallRows(summary.by_location, { location, group }) : [];
  return (
    <Section title="Monitoring" actions={<span class="muted small">live{summary?.as_of ? ` · as of ${time(summary.as_of)}` : ''}</span>}>
      {error ? <ErrorBox error={new Error(error)} /> : null}
      <div class="filters">
        <label>
          Location{' '}
          <select value={location} onChange={(e) => setLocation((e.target as HTMLSelectElement).value)}>
            <option value="">all</option>
            {Object.keys(summary?.by_location ?? {}).map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          Group <input value={group} onInput={(e) => setGroup((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {!summary ? <Loading what="the counts" /> : null}
      {summary && rows.length === 0 ? <p class="muted">No agent has reported a status yet.</p> : null}
      {rows.length > 0 ? (
        <table data-testid="monitoring">
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col">Group</th>
              {STATUSES.map((s) => (
                <th scope="col" key={s}>
                  {s}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.location}/${r.group}`} data-row={`${r.location}/${r.group}`}>
                <td>{r.location}</td>
                <td>{r.group}</td>
                {STATUSES.map((s) => (
                  <td class="num" key={s} data-status={s}>
                    {r.counts[s]}
                  </td>
                ))}
                <td class="num">{r.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
